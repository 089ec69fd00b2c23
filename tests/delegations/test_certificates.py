"""Certificates of attendance: from the summit's last day, a delegate has one prepared for each person of the
delegation checked in at the desk (or an organiser for a selection); a worker renders it in English, German and
French on one tagged page; the city's delegates download it, no one else; anyone confirms it by its reference; a
name corrected later renders it again under the same reference."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from delegations.models import Member
from tests.delegations.test_delegation import NEW, PERSON, TRAVEL
from tests.delegations.test_letters import status
from tests.exhibition.pdf_tools import pdf_text
from tests.factories import CityFactory, DelegateFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def delegate(summit, mayor):
    client = Client()
    client.force_login(mayor)
    client.post(NEW, {**PERSON, **TRAVEL})
    return client


def checked_in() -> Member:
    Member.objects.update(checked_in_at=timezone.now())
    return Member.objects.get()


def prepare(client, member: Member, capture):
    with capture(execute=True):
        return client.post(f"/me/delegation/people/{member.pk}/certificate/", follow=True)


@pytest.mark.pdf
def test_a_checked_in_delegate_gets_a_certificate_in_three_languages_that_anyone_can_confirm(
    delegate, settings, django_capture_on_commit_callbacks, tmp_path
):
    settings.SITE_URL = "https://summit.example.org"
    member = checked_in()
    before = text(delegate.get("/me/delegation/"))

    prepared = text(prepare(delegate, member, django_capture_on_commit_callbacks))
    member.refresh_from_db()
    reference = member.certificate_reference
    after = text(delegate.get("/me/delegation/"))
    download = delegate.get(f"/me/delegation/certificates/{reference}.pdf")
    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(b"".join(download.streaming_content))
    printed = re.sub(r"\s+", " ", pdf_text(pdf, layout=False))
    root = PdfReader(pdf).trailer["/Root"]
    confirmed = text(Client().get(f"/certificates/verify/{reference.lower()}/"))
    unknown = Client().get("/certificates/verify/LTC-AAAAAAAA/")

    assert "Prepare the certificate of attendance" in before
    assert "The certificate is being prepared" in prepared and f"/me/delegation/certificates/{reference}.pdf" in after
    assert re.fullmatch(r"LTC-[A-HJ-NP-Z2-9]{8}", reference)
    assert member.certificate.name.startswith("private/certificates/")
    assert "We certify that Stephan Keller, of the delegation of Düsseldorf, attended the" in printed
    assert "Teilnahmebescheinigung" in printed and "Attestation de participation" in printed
    assert "30. August 2019" in printed and "30 août 2019" in printed  # each language writes its own dates
    assert reference in printed and f"https://summit.example.org/certificates/verify/{reference}/" in printed
    assert bool(root["/MarkInfo"]["/Marked"]) and "pdfuaid:part" in root["/Metadata"].get_object().get_data().decode()
    assert f"Certificate {reference} is genuine." in confirmed and "Stephan Keller, Lord Mayor, Düsseldorf" in confirmed
    assert unknown.status_code == 404 and "No certificate issued by the summit has the reference" in text(unknown)


def test_only_people_checked_in_get_one_and_only_from_the_summits_last_day(
    delegate, summit, django_capture_on_commit_callbacks
):
    member = Member.objects.get()

    not_in = text(prepare(delegate, member, django_capture_on_commit_callbacks))
    summit.ends_on = timezone.localdate() + datetime.timedelta(days=2)
    summit.save()
    member = checked_in()
    early_page = text(delegate.get("/me/delegation/"))
    early = text(prepare(delegate, member, django_capture_on_commit_callbacks))

    assert "Only people checked in at the summit get a certificate of attendance." in not_in
    assert "Prepare the certificate" not in early_page
    assert "Certificates of attendance are issued from the summit&#x27;s last day" in early
    assert Member.objects.get().certificate_reference is None


@pytest.mark.pdf
def test_the_certificate_is_only_for_its_citys_delegates_and_organisers(
    delegate, organiser, citizen, django_capture_on_commit_callbacks
):
    member = checked_in()
    prepare(delegate, member, django_capture_on_commit_callbacks)
    url = f"/me/delegation/certificates/{Member.objects.get().certificate_reference}.pdf"
    other = Client()
    other.force_login(DelegateFactory(city=CityFactory(name="Arnhem", slug="arnhem")).user)
    reader = Client()
    reader.force_login(citizen)
    admin = Client()
    admin.force_login(organiser)

    assert status(delegate, url) == status(admin, url) == 200
    assert status(other, url) == status(reader, url) == 404
    assert other.post(f"/me/delegation/people/{member.pk}/certificate/").status_code == 404


@pytest.mark.pdf
def test_a_corrected_name_renders_the_certificate_again_under_the_same_reference(
    delegate, django_capture_on_commit_callbacks
):
    member = checked_in()
    prepare(delegate, member, django_capture_on_commit_callbacks)
    first = Member.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        delegate.post(f"/me/delegation/people/{member.pk}/", {**PERSON, **TRAVEL, "full_name": "Stephan Keller-Ruf"})
    again = Member.objects.get()

    assert again.certificate_reference == first.certificate_reference
    assert again.certificate and "Stephan Keller-Ruf" in pdf_text(again.certificate, layout=False)


@pytest.mark.pdf
def test_organisers_prepare_certificates_for_a_selection_in_the_admin(
    delegate, organiser, django_capture_on_commit_callbacks
):
    member = checked_in()
    delegate.post(NEW, {**PERSON, "full_name": "Miriam Koch", "function": "Deputy Mayor"})
    absent = Member.objects.get(full_name="Miriam Koch")
    admin = Client()
    admin.force_login(organiser)

    with django_capture_on_commit_callbacks(execute=True):
        done = admin.post(
            "/admin/delegations/member/",
            {"action": "prepare_certificates", "_selected_action": [member.pk, absent.pk]},
            follow=True,
        )
    member.refresh_from_db()
    absent.refresh_from_db()
    change = text(admin.get(f"/admin/delegations/member/{member.pk}/change/"))

    assert "Certificates prepared or being prepared: 1. Not possible" in text(done) and "): 1." in text(done)
    assert member.certificate and absent.certificate_reference is None
    assert f"/me/delegation/certificates/{member.certificate_reference}.pdf" in change


def test_looking_up_letters_and_certificates_shares_one_limit_per_address(client, settings):
    settings.LETTER_VERIFY_RATE = "2/10m"

    answers = [client.get(url).status_code for url in ("/letters/verify/LTS-AAAAAAAA/",
               "/certificates/verify/LTC-AAAAAAAA/", "/certificates/verify/LTC-BBBBBBBB/")]  # fmt: skip

    assert answers == [404, 404, 429]
