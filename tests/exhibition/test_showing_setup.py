"""A city's mayor or deputy runs its showing from My city: who may, what it saves, moderator invitations, and what
visitors see (opening hours in the showing's time zone, a calendar entry, a map link)."""

import datetime
import re

import pytest
from django.core import mail
from icalendar import Calendar

from exhibition.models import Showing
from summit.models import Delegate, DelegateTitle, User
from summit.permissions import is_delegate, is_organiser
from tests.factories import PASSWORD, CityFactory, DelegateFactory, ShowingFactory, UserFactory

pytestmark = pytest.mark.django_db

FORM = "/me/showing/"
LINK = re.compile(r"http://127\.0\.0\.1:8000(/exhibition/moderators/[\w-]+/)")


@pytest.fixture
def arnhem(db):
    return CityFactory(name="Arnhem", slug="arnhem", country="NL")


def delegate(city, title=DelegateTitle.MAYOR):
    return DelegateFactory(city=city, title=title).user


def showing_data(**changes) -> dict:
    data = {
        "title": "Samen leven in Arnhem", "language": "de", "edition": "", "starts_on": "2026-12-01",
        "ends_on": "2026-12-20", "venue": "Stadhuis, foyer", "address": "Koningstraat 38, 6811 DG Arnhem",
        "time_zone": "Europe/Amsterdam", "invite": "", "opens_0": "", "closes_0": "",
        **{f"{which}_{day}": "" for day in range(7) for which in ("opens", "closes")},
    }  # fmt: skip
    return {**data, "opens_1": "10:00", "closes_1": "18:00", **changes}


@pytest.mark.parametrize("title", [DelegateTitle.MAYOR, DelegateTitle.DEPUTY_MAYOR])
def test_the_mayor_or_deputy_creates_and_edits_the_citys_showing(client, arnhem, title):
    client.force_login(delegate(arnhem, title))

    assert "Set up your showing" in client.get(FORM).content.decode()
    response = client.post(FORM, showing_data())

    showing = Showing.objects.get(city=arnhem)
    assert response.status_code == 302 and response["Location"] == "/exhibition/cities/arnhem/"
    assert (showing.title, showing.language, showing.time_zone) == ("Samen leven in Arnhem", "de", "Europe/Amsterdam")
    assert showing.opening_hours == {"1": ["10:00", "18:00"]}
    assert showing.edition is None  # always the latest
    client.post(FORM, showing_data(title="Samen leven", opens_1="", closes_1="", opens_5="12:00", closes_5="20:00"))
    showing.refresh_from_db()
    assert (showing.title, showing.opening_hours) == ("Samen leven", {"5": ["12:00", "20:00"]})
    assert Showing.objects.count() == 1


def test_others_get_404_for_the_showing_form(client, arnhem):
    thought_leader = delegate(arnhem, DelegateTitle.THOUGHT_LEADER)
    other_mayor = delegate(CityFactory(slug="venlo"))
    for user in (thought_leader, other_mayor, UserFactory()):
        client.force_login(user)
        assert client.get(FORM + "?city=arnhem").status_code == 404
        assert client.post(FORM + "?city=arnhem", showing_data()).status_code == 404
    assert not Showing.objects.filter(city=arnhem).exists()
    client.logout()
    assert client.get(FORM)["Location"].startswith("/accounts/login/")


def test_wrong_opening_hours_are_explained_and_nothing_is_saved(client, arnhem):
    client.force_login(delegate(arnhem))

    response = client.post(FORM, showing_data(opens_2="14:00", closes_2="", opens_3="18:00", closes_3="09:00",
                                              ends_on="2026-11-01", invite="not-an-address"))  # fmt: skip

    page = re.sub(r"\s+", " ", response.content.decode())
    assert response.status_code == 400
    assert "Wednesday: give both times, or neither if it is closed." in page
    assert "Thursday: it must close after it opens." in page
    assert "A showing cannot close before it opens." in page
    assert "Not an email address: not-an-address" in page
    assert not Showing.objects.exists()


def test_a_moderator_invitation_grants_exactly_one_showing(client, arnhem, django_capture_on_commit_callbacks):
    mayor = delegate(arnhem)
    venlo = ShowingFactory(city=CityFactory(slug="venlo"))
    colleague = delegate(arnhem, DelegateTitle.THOUGHT_LEADER)
    client.force_login(mayor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(FORM, showing_data(moderators=[colleague.pk], invite="Volunteer@Example.org\n"))
    showing = Showing.objects.get(city=arnhem)
    path = LINK.search(mail.outbox[-1].body).group(1)
    assert mail.outbox[-1].to == ["volunteer@example.org"]
    client.logout()

    page = client.get(path).content.decode()
    response = client.post(path, {"name": "Vera Volunteer", "password1": PASSWORD, "password2": PASSWORD})

    volunteer = User.objects.get(email__iexact="volunteer@example.org")
    assert "You are invited to moderate “Samen leven in Arnhem”" in page
    assert response["Location"] == "/exhibition/cities/arnhem/"
    assert set(showing.moderators.all()) == {colleague, volunteer}
    assert list(volunteer.showings_moderated.all()) == [showing] and not venlo.moderators.exists()
    assert not Delegate.objects.filter(user=volunteer).exists()
    assert not is_delegate(volunteer) and not is_organiser(volunteer)
    assert client.get(path).status_code == 410  # single use
    # Editing the showing again keeps the invited moderator (offered as a choice, still ticked).
    client.force_login(mayor)
    client.post(FORM, showing_data(moderators=[colleague.pk, volunteer.pk]))
    assert set(showing.moderators.all()) == {colleague, volunteer}


def test_the_showing_says_whether_it_is_open_in_its_own_time_zone(arnhem):
    showing = ShowingFactory(
        city=arnhem, time_zone="America/Montreal", starts_on=datetime.date(2026, 11, 1),
        ends_on=datetime.date(2026, 12, 31), opening_hours={"0": ["10:00", "18:00"]},
    )  # fmt: skip
    monday = datetime.datetime(2026, 11, 30, tzinfo=datetime.UTC)

    assert showing.is_open_at(monday.replace(hour=15, minute=30))  # 10:30 in Montréal
    assert not showing.is_open_at(monday.replace(hour=14, minute=30))  # 09:30 there, 15:30 in Berlin
    assert not showing.is_open_at(monday.replace(hour=23, minute=30))  # 18:30 there
    assert not showing.is_open_at(datetime.datetime(2027, 1, 4, 15, 30, tzinfo=datetime.UTC))  # closed for good


def test_visitors_get_opening_hours_a_calendar_entry_and_a_map(client, arnhem, sources, publish):
    publish()
    ShowingFactory(
        city=arnhem, title="Samen leven in Arnhem", venue="Stadhuis", address="Koningstraat 38, Arnhem",
        starts_on=datetime.date(2020, 1, 1), ends_on=datetime.date(2099, 12, 31),
        opening_hours={str(day): ["00:00", "23:59"] for day in range(7)},
    )  # fmt: skip

    page = re.sub(r"\s+", " ", client.get("/exhibition/cities/arnhem/").content.decode())
    ics = Calendar.from_ical(client.get("/exhibition/cities/arnhem/showing.ics").content)

    assert "open now" in page
    assert '<th scope="row">Monday</th><td>00:00\u201323:59</td>' in page
    assert 'href="https://www.openstreetmap.org/search?query=Koningstraat%2038%2C%20Arnhem"' in page
    event = ics.walk("VEVENT")[0]
    assert str(event["summary"]) == "Samen leven in Arnhem"
    assert event["dtstart"].dt == datetime.date(2020, 1, 1) and event["dtend"].dt == datetime.date(2100, 1, 1)
    assert str(event["location"]) == "Stadhuis, Koningstraat 38, Arnhem"
    assert "Monday 00:00-23:59" in str(event["description"])
