"""Visa and invitation letters, in order: a delegate asks for one, an organiser approves it in the admin, a worker
renders it on the summit's letterhead in the asked language, the city's delegates download it (no one else), and a
consulate confirms it by its reference."""

import re

import pytest
from django.test import Client

from delegations.models import Letter, LetterTemplate, Member
from tests.delegations.test_delegation import NEW, PERSON, TRAVEL
from tests.exhibition.pdf_tools import pdf_text
from tests.factories import CityFactory, DelegateFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def delegate(summit, mayor):
    client = Client()
    client.force_login(mayor)
    LetterTemplate.objects.create(
        summit=summit, letterhead="City of Düsseldorf · Office of the Lord Mayor", address="Marktplatz 2\nDüsseldorf",
        body_en="We invite {name} ({function}, {city}) to the {summit}, {dates}. {__class__} stays as written.",
        body_fr="Nous invitons {name} au {summit}, {dates}.", signatory="Demo Lord Mayor",
        signatory_title_en="Lord Mayor", signatory_title_fr="Bourgmestre",
    )  # fmt: skip
    return client


def status(client, url: str) -> int:
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)  # reading to the end closes the file (response.close() ends the request)
    return response.status_code


def ask(client, member: Member, kind: str, language: str = "en"):
    return client.post(f"/me/delegation/people/{member.pk}/letters/", {"kind": kind, "language": language},
                       follow=True)  # fmt: skip


@pytest.mark.pdf
def test_a_visa_letter_is_asked_for_approved_rendered_downloaded_and_confirmed(
    delegate, organiser, settings, django_capture_on_commit_callbacks, tmp_path
):
    settings.SITE_URL = "https://summit.example.org"
    delegate.post(NEW, {**PERSON, **TRAVEL, "visa_letter": "on", "passport_number": "C01X00T47"})
    member = Member.objects.get()
    asked = ask(delegate, member, "visa", "fr")
    letter = Letter.objects.get()
    admin = Client()
    admin.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        admin.post("/admin/delegations/letter/", {"action": "approve", "_selected_action": [letter.pk]})
    letter.refresh_from_db()
    download = delegate.get(f"/me/delegation/letters/{letter.reference}.pdf")
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(b"".join(download.streaming_content))
    printed = re.sub(r"\s+", " ", pdf_text(pdf, layout=False))
    confirmed = text(Client().get(f"/letters/verify/{letter.reference.lower()}/"))

    assert "The letter is asked for." in text(asked) and "Requested" in text(asked)
    assert letter.status == "approved" and letter.pdf.name.startswith("private/letters/")
    assert re.fullmatch(r"LTS-[A-HJ-NP-Z2-9]{8}", letter.reference)
    assert "City of Düsseldorf · Office of the Lord Mayor" in printed
    assert (
        "Nous invitons Stephan Keller au Second Mayors Summit on Living Together, 30 août 2019 \u2013 1 septembre 2019"
        in printed
    )
    assert "C01X00T47" in printed and "Bourgmestre" in printed and letter.reference in printed
    assert f"https://summit.example.org/letters/verify/{letter.reference}/" in printed
    assert f"Letter {letter.reference} is genuine." in confirmed and "Stephan Keller" in confirmed
    assert "C01X00T47" not in confirmed and "T47" in confirmed
    assert list(letter.transitions.order_by("at", "id").values_list("from_status", "to_status")) == [
        ("", "requested"),
        ("requested", "approved"),
    ]


@pytest.mark.pdf
def test_the_letter_is_only_for_its_citys_delegates_and_organisers(delegate, organiser, citizen,
                                                                   django_capture_on_commit_callbacks):  # fmt: skip
    delegate.post(NEW, {**PERSON, **TRAVEL})
    ask(delegate, Member.objects.get(), "invitation")
    letter = Letter.objects.get()
    admin = Client()
    admin.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        admin.post("/admin/delegations/letter/", {"action": "approve", "_selected_action": [letter.pk]})
    other = Client()
    other.force_login(DelegateFactory(city=CityFactory(name="Arnhem", slug="arnhem")).user)
    reader = Client()
    reader.force_login(citizen)
    url = f"/me/delegation/letters/{Letter.objects.get().reference}.pdf"

    printed = pdf_text(Letter.objects.get().pdf, layout=False)

    assert "We invite Stephan Keller (Lord Mayor, Düsseldorf)" in printed
    assert "{__class__} stays as written." in printed  # a placeholder it does not know is never evaluated
    assert status(delegate, url) == status(admin, url) == 200
    assert status(other, url) == status(reader, url) == 404
    assert other.post(f"/me/delegation/people/{letter.member_id}/letters/", {"kind": "visa", "language": "en"}
                      ).status_code == 404  # fmt: skip


def test_a_visa_letter_needs_the_passport_and_the_stay_first_and_unknown_references_are_not_confirmed(delegate):
    delegate.post(NEW, PERSON)
    member = Member.objects.get()

    refused = ask(delegate, member, "visa")
    unknown = Client().get("/letters/verify/LTS-AAAAAAAA/")
    bad = delegate.post(f"/me/delegation/people/{member.pk}/letters/", {"kind": "diploma", "language": "en"})

    assert "A visa letter needs the nationality and the passport number first." in text(refused)
    assert not Letter.objects.exists()
    assert unknown.status_code == 404 and "No letter issued by the summit has the reference" in text(unknown)
    assert bad.status_code == 400


def test_a_refused_letter_can_be_asked_for_again(delegate, organiser):
    delegate.post(NEW, {**PERSON, **TRAVEL})
    member = Member.objects.get()
    ask(delegate, member, "invitation")
    admin = Client()
    admin.force_login(organiser)
    admin.post("/admin/delegations/letter/", {"action": "refuse", "_selected_action": [Letter.objects.get().pk]})
    refused = text(delegate.get("/me/delegation/"))
    ask(delegate, member, "invitation", "de")

    letter = Letter.objects.get()
    assert "Refused" in refused
    assert (letter.status, letter.language) == ("requested", "de")
