"""A city's delegates keep their delegation at /me/delegation/: people added over several visits, what the
protocol office still needs shown as missing, passport numbers never shown back, another city's people a 404;
organisers list what is missing and export for the hotel, the caterer and the interpreters; reminders before the
deadline; passport numbers deleted after the summit."""

import csv
import datetime
import io
import re

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client

from delegations.models import Delegation, Letter, Member, Protocol
from delegations.services import reminders_send
from tests.factories import CityFactory, DelegateFactory

pytestmark = pytest.mark.django_db

PAGE = "/me/delegation/"
NEW = "/me/delegation/people/new/"
PERSON = {
    "kind": "delegate", "full_name": "Stephan Keller", "function": "Lord Mayor", "nationality": "German",
    "interpretation": "de", "diet": "none",
}  # fmt: skip
TRAVEL = {
    "arrival_at": "2019-08-29T18:40", "arrival_by": "LH 2010", "departure_at": "2019-09-01T16:05",
    "departure_by": "ICE 123", "hotel": "Hotel Nikko",
}  # fmt: skip


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def delegate(summit, mayor):
    client = Client()
    client.force_login(mayor)
    return client


def test_a_delegate_adds_a_person_then_completes_the_details_on_a_later_visit(delegate, mayor, city):
    first = delegate.post(NEW, PERSON, follow=True)
    member = Member.objects.get()
    later = delegate.post(f"/me/delegation/people/{member.pk}/", {**PERSON, **TRAVEL}, follow=True)

    assert "Stephan Keller is saved." in text(first)
    assert "Missing: arrival, arriving by (flight or train), departure" in text(first)  # the nationality is given
    assert "details are still missing" not in text(first)  # no deadline set: no notice
    assert "Complete" in text(later) and "Arrives" in text(later) and "LH 2010" in text(later)
    member.refresh_from_db()
    assert member.missing == [] and member.updated_by == mayor
    assert Delegation.objects.get().city == city and Delegation.objects.get().missing == 0


def test_the_deadline_and_the_count_of_missing_details_show_to_the_delegates(delegate, summit):
    Protocol.objects.create(summit=summit, forms_due=datetime.date(2019, 7, 31))
    delegate.post(NEW, PERSON)

    page = text(delegate.get(PAGE))

    assert "Please complete the details by 31 July 2019." in page
    assert "5 details are still missing." in page


def test_a_visa_letter_asks_for_the_passport_number_which_is_never_shown_back(delegate):
    delegate.post(NEW, {**PERSON, **TRAVEL, "visa_letter": "on"})
    member = Member.objects.get()
    asked = text(delegate.get(PAGE))
    delegate.post(f"/me/delegation/people/{member.pk}/", {**PERSON, **TRAVEL, "visa_letter": "on",
                                                           "passport_number": "c01x-00t4 72"})  # fmt: skip
    form = delegate.get(f"/me/delegation/people/{member.pk}/").content.decode()
    delegate.post(f"/me/delegation/people/{member.pk}/", {**PERSON, **TRAVEL, "visa_letter": "on",
                                                           "passport_number": ""})  # fmt: skip

    assert "Missing: passport number" in asked
    member.refresh_from_db()
    assert member.passport_number == "C01X00T472"  # kept when the field is left empty
    assert "C01X00T472" not in form and "•••••472" in form


def test_bad_input_is_refused_on_the_form_and_nothing_is_saved(delegate):
    short = delegate.post(NEW, {**PERSON, "full_name": ""})
    backwards = delegate.post(NEW, {**PERSON, **TRAVEL, "departure_at": "2019-08-28T10:00"})
    passport = delegate.post(NEW, {**PERSON, "visa_letter": "on", "passport_number": "<script>"})

    assert short.status_code == backwards.status_code == passport.status_code == 400
    assert "The departure comes after the arrival." in text(backwards)
    assert "A passport number is 5 to 20 letters and digits." in text(passport)
    assert "&lt;script&gt;" in passport.content.decode() or "<script>" not in passport.content.decode()
    assert not Member.objects.exists()


def test_another_citys_people_are_a_404_and_citizens_are_told_who_keeps_a_delegation(delegate, summit, citizen):
    other = DelegateFactory(city=CityFactory(name="Arnhem", slug="arnhem")).user
    stranger = Client()
    stranger.force_login(other)
    stranger.post(NEW, PERSON)
    theirs = Member.objects.get()
    reader = Client()
    reader.force_login(citizen)

    assert delegate.get(f"/me/delegation/people/{theirs.pk}/").status_code == 404
    assert delegate.post(f"/me/delegation/people/{theirs.pk}/remove/").status_code == 404
    assert Member.objects.filter(pk=theirs.pk).exists()
    assert reader.get(PAGE).status_code == 403 and "For city delegates" in text(reader.get(PAGE))
    assert Client().get(PAGE).status_code == 302


def test_removing_a_person_asks_first(delegate):
    delegate.post(NEW, PERSON)
    member = Member.objects.get()

    asked = delegate.get(f"/me/delegation/people/{member.pk}/remove/")
    still_there = Member.objects.exists()
    removed = delegate.post(f"/me/delegation/people/{member.pk}/remove/", follow=True)

    assert "Remove Stephan Keller from the delegation?" in text(asked) and still_there
    assert "Stephan Keller is no longer in the delegation." in text(removed)
    assert not Member.objects.exists() and Delegation.objects.get().missing == 0


def _export(client, action: str) -> list[list[str]]:
    response = client.post("/admin/delegations/member/", {"action": action,
                                                          "_selected_action": list(Member.objects.values_list(
                                                              "pk", flat=True))})  # fmt: skip
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_organisers_export_for_the_hotel_caterer_and_interpreters_formula_safe(delegate, organiser):
    delegate.post(NEW, {**PERSON, **TRAVEL, "full_name": "=HYPERLINK(evil)", "diet": "halal",
                        "diet_notes": "+nuts"})  # fmt: skip
    admin = Client()
    admin.force_login(organiser)

    hotel = _export(admin, "hotel_csv")
    caterer = _export(admin, "caterer_csv")
    interpreters = _export(admin, "interpreters_csv")

    assert hotel[0] == ["city", "name", "comes as", "hotel", "arrival", "departure", "access needs"]
    assert hotel[1][:4] == ["Düsseldorf", "'=HYPERLINK(evil)", "Delegate", "Hotel Nikko"]
    assert caterer[1] == ["Düsseldorf", "'=HYPERLINK(evil)", "Halal", "'+nuts"]
    assert interpreters[1] == ["Düsseldorf", "'=HYPERLINK(evil)", "Lord Mayor", "German"]


def test_passport_numbers_show_only_to_organisers_with_the_separate_permission(delegate, organiser):
    delegate.post(NEW, {**PERSON, **TRAVEL, "visa_letter": "on", "passport_number": "C01X00T47"})
    member = Member.objects.get()
    admin = Client()
    admin.force_login(organiser)
    masked = admin.get(f"/admin/delegations/member/{member.pk}/change/").content.decode()
    organiser.user_permissions.add(Permission.objects.get(codename="view_passport"))
    organiser = type(organiser).objects.get(pk=organiser.pk)  # permissions are cached on the user
    admin.force_login(organiser)
    allowed = admin.get(f"/admin/delegations/member/{member.pk}/change/").content.decode()

    assert "C01X00T47" not in masked and "•••••T47" in masked
    assert 'value="C01X00T47"' in allowed


def test_organisers_see_each_delegation_with_what_is_missing(delegate, organiser):
    delegate.post(NEW, PERSON)
    admin = Client()
    admin.force_login(organiser)

    incomplete = text(admin.get("/admin/delegations/delegation/?complete=no"))
    complete = text(admin.get("/admin/delegations/delegation/?complete=yes"))
    people = text(admin.get("/admin/delegations/member/?complete=no"))

    assert "Düsseldorf" in incomplete and "Düsseldorf" not in complete.split("Select delegation to change")[-1]
    assert "arrival, arriving by (flight or train), departure" in people


def test_reminders_go_daily_from_the_reminder_day_to_the_deadline_to_delegations_missing_details(
    delegate, summit, mayor, django_capture_on_commit_callbacks
):
    Protocol.objects.create(summit=summit, forms_due=datetime.date(2019, 7, 31), remind_days=7)
    delegate.post(NEW, PERSON)
    due = datetime.date(2019, 7, 31)

    early = reminders_send(today=due - datetime.timedelta(days=8))
    with django_capture_on_commit_callbacks(execute=True):
        first = reminders_send(today=due - datetime.timedelta(days=7))
    again = reminders_send(today=due - datetime.timedelta(days=7))
    late = reminders_send(today=due + datetime.timedelta(days=1))

    assert (early, first, again, late) == (0, 1, 0, 0)
    assert mail.outbox[-1].to == [mayor.email] and "Düsseldorf" in mail.outbox[-1].body
    assert "/me/delegation/" in mail.outbox[-1].body


def test_passport_numbers_are_deleted_after_the_day_they_are_kept_until(delegate, settings):
    delegate.post(NEW, {**PERSON, **TRAVEL, "visa_letter": "on", "passport_number": "C01X00T47"})
    letter = Letter.objects.create(member=Member.objects.get(), kind="visa", status="approved", reference="LTS-V1SA")
    letter.pdf.save("LTS-V1SA.pdf", ContentFile(b"%PDF-1.7 C01X00T47"))
    out = io.StringIO()

    settings.PASSPORT_DATA_UNTIL = datetime.date(2999, 1, 1)
    call_command("passports_delete", stdout=out)
    kept = Member.objects.get().passport_number
    settings.PASSPORT_DATA_UNTIL = None  # 30 days after the summit (1 September 2019)
    call_command("passports_delete", stdout=out)

    assert kept == "C01X00T47"
    assert Member.objects.get().passport_number == ""
    assert "1 passport numbers deleted (kept until 2019-10-01)" in out.getvalue()
    assert not Letter.objects.get().pdf and not letter.pdf.storage.exists(letter.pdf.name)  # the letter printed it
    assert "Deleted with the passport numbers after the summit" in text(delegate.get(PAGE))


@pytest.mark.parametrize("size", [1, 20])
def test_the_directory_lists_those_who_agreed_for_the_delegates_only_with_constant_queries(
    delegate, summit, topic, citizen, size, django_assert_num_queries
):
    for number in range(size):
        delegate.post(NEW, {**PERSON, "full_name": f"Listed {number}", "directory_consent": "on",
                            "topics": [topic.pk]})  # fmt: skip
    delegate.post(NEW, {**PERSON, "full_name": "Not listed"})
    reader = Client()
    reader.force_login(citizen)

    # the summit, the filter's topic, the count, the filters' topics and cities, the page of people, their topics
    with django_assert_num_queries(7):
        page = text(delegate.get("/delegates/?topic=healthy-cities"))

    assert "<td>Listed 0</td>" in page and "Healthy Cities" in page and "<td>Not listed</td>" not in page
    assert f"{size} people" in page or (size == 1 and "1 person" in page)
    CityFactory(name="Arnhem", slug="arnhem")
    assert "No one listed matches this filter." in text(delegate.get("/delegates/?city=arnhem"))
    assert "That filter is not known" in text(delegate.get("/delegates/?city=nowhere"))
    assert reader.get("/delegates/").status_code == 403
