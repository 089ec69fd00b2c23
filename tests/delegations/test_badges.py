"""Badges and place cards, in order: an organiser selects people in the admin, a worker renders the print run, the
PDF downloads from the admin only, each badge's QR code gives back the person signed, and a run whose people changed
since is marked outdated."""

import re
import subprocess

import pytest
from django.test import Client

from delegations.badges import badge_member_id
from delegations.models import BadgePrint, Member
from tests.delegations.test_delegation import NEW, PERSON
from tests.exhibition.pdf_tools import pdf_text, qr_decode

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]


@pytest.fixture
def people(summit, mayor):
    delegate = Client()
    delegate.force_login(mayor)
    delegate.post(NEW, PERSON)
    delegate.post(NEW, {**PERSON, "kind": "accompanying", "full_name": "Anna Beispiel", "function": "Adviser",
                        "press_officer": "on"})  # fmt: skip
    return delegate


def test_an_organiser_prints_badges_and_place_cards_that_carry_a_signed_check_in_code(
    people, organiser, citizen, django_capture_on_commit_callbacks, tmp_path
):
    admin = Client()
    admin.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        asked = admin.post("/admin/delegations/member/", {"action": "print_badges",
                                                          "_selected_action": list(Member.objects.values_list(
                                                              "pk", flat=True))}, follow=True)  # fmt: skip
    run = BadgePrint.objects.get()
    download = admin.get(f"/admin/delegations/badgeprint/{run.pk}/pdf/")
    pdf = tmp_path / "badges.pdf"
    pdf.write_bytes(b"".join(download.streaming_content))
    printed = pdf_text(pdf, layout=False)
    stranger = Client()
    stranger.force_login(citizen)

    assert "Badges are being prepared" in asked.content.decode() and run.status == "ready"
    assert "Stephan Keller" in printed and "Anna Beispiel" in printed and "Lord Mayor" in printed
    assert "PRESS" in printed and "DELEGATE" in printed
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Pages:\s+3", info)  # one sheet of badges, one place card each
    codes = qr_decode(pdf, tmp_path, dpi=150).splitlines()  # the sheet's two badges
    assert {badge_member_id(code) for code in codes} == set(Member.objects.values_list("pk", flat=True))
    assert stranger.get(f"/admin/delegations/badgeprint/{run.pk}/pdf/").status_code == 302  # to the admin's sign-in
    assert badge_member_id("forged:token") is None


def test_a_print_run_is_outdated_once_a_name_changes(people, organiser, django_capture_on_commit_callbacks):
    admin = Client()
    admin.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        admin.post("/admin/delegations/member/", {"action": "print_badges",
                                                  "_selected_action": [Member.objects.first().pk]})  # fmt: skip
    fresh = admin.get("/admin/delegations/badgeprint/").content.decode()
    member = Member.objects.first()
    people.post(f"/me/delegation/people/{member.pk}/", {**PERSON, "full_name": "Stephan Keller-Weiss"})
    stale = admin.get("/admin/delegations/badgeprint/").content.decode()

    assert fresh.count('alt="False"') >= 1 and 'alt="True"' not in fresh.split("<tbody>")[1]
    assert 'alt="True"' in stale.split("<tbody>")[1]
