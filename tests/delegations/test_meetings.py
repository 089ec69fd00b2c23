"""Bilateral meetings, in order: Düsseldorf asks Arnhem at up to three times, Arnhem agrees to one, the organisers
give it a room (never one already holding a meeting then), and both agendas and calendar feeds show it; the other
paths: declining, cancelling, and strangers getting 404."""

import re

import icalendar
import pytest
from django.core import mail
from django.test import Client

from delegations.models import Meeting
from tests.factories import CityFactory, DelegateFactory, VenueFactory

pytestmark = pytest.mark.django_db

FIRST, SECOND = "2019-08-31T10:00:00+02:00", "2019-08-31T14:30:00+02:00"


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def cities(summit, mayor):
    asking = Client()
    asking.force_login(mayor)
    arnhem = DelegateFactory(city=CityFactory(name="Arnhem", slug="arnhem"), user__email="mayor@arnhem.example").user
    invited = Client()
    invited.force_login(arnhem)
    return asking, invited


def ask(client, **extra):
    return client.post("/me/meetings/new/", {"city": "arnhem", "first": FIRST, "second": SECOND,
                                             "message": "Shade trees?", **extra}, follow=True)  # fmt: skip


def test_a_meeting_is_asked_agreed_given_a_room_and_shown_in_both_agendas(
    cities, organiser, django_capture_on_commit_callbacks
):
    asking, invited = cities
    with django_capture_on_commit_callbacks(execute=True):
        asked = ask(asking)
    meeting = Meeting.objects.get()
    incoming = text(invited.get("/me/meetings/"))
    with django_capture_on_commit_callbacks(execute=True):
        invited.post(f"/me/meetings/{meeting.pk}/answer/", {"answer": "agree", "slot": SECOND})
    room = VenueFactory(name="Jan-Wellem room")
    admin = Client()
    admin.force_login(organiser)
    admin.post(f"/admin/delegations/meeting/{meeting.pk}/change/", {"venue": room.pk, **_no_history()})
    agenda = text(asking.get("/me/agenda/"))
    feed = re.search(r"(/me/agenda/[^\"]+\.ics)", text(invited.get("/me/agenda/"))).group(1)
    events = icalendar.Calendar.from_ical(Client().get(feed).content).walk("VEVENT")

    assert "Your request is sent to Arnhem." in text(asked)
    assert "Shade trees?" in incoming and "Agree to a time" in incoming
    meeting.refresh_from_db()
    assert meeting.status == "agreed" and meeting.starts_at.isoformat().startswith("2019-08-31T12:30")  # UTC
    assert "Düsseldorf · Arnhem" in agenda and "Jan-Wellem room" in agenda
    assert [str(event["summary"]) for event in events] == ["Meeting: Düsseldorf and Arnhem"]
    assert str(events[0]["location"]) == "Jan-Wellem room"
    assert [message.to for message in mail.outbox] == [["mayor@arnhem.example"], ["mayor@example.org"]]


def _no_history() -> dict:
    prefix = "transitions"
    return {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}


def test_a_room_holds_one_agreed_meeting_at_a_time(cities, organiser):
    asking, invited = cities
    ask(asking)
    ask(asking, first=FIRST, second="")
    first, second = Meeting.objects.order_by("pk")
    for meeting in (first, second):
        invited.post(f"/me/meetings/{meeting.pk}/answer/", {"answer": "agree", "slot": FIRST})
    room = VenueFactory(name="Jan-Wellem room")
    admin = Client()
    admin.force_login(organiser)
    admin.post(f"/admin/delegations/meeting/{first.pk}/change/", {"venue": room.pk, **_no_history()})

    refused = admin.post(f"/admin/delegations/meeting/{second.pk}/change/", {"venue": room.pk, **_no_history()})

    assert "This room already holds an agreed meeting at that time." in text(refused)
    second.refresh_from_db()
    assert second.venue is None


def test_declining_cancelling_and_strangers(cities, citizen):
    asking, invited = cities
    ask(asking)
    meeting = Meeting.objects.get()
    stranger = Client()
    stranger.force_login(DelegateFactory(city=CityFactory(name="Bilbao", slug="bilbao")).user)

    not_theirs = stranger.post(f"/me/meetings/{meeting.pk}/answer/", {"answer": "agree", "slot": FIRST})
    own_answer = asking.post(f"/me/meetings/{meeting.pk}/answer/", {"answer": "agree", "slot": FIRST})
    odd = {"answer": "agree", "slot": "2019-08-31T11:00:00+02:00"}
    odd_time = invited.post(f"/me/meetings/{meeting.pk}/answer/", odd, follow=True)
    invited.post(f"/me/meetings/{meeting.pk}/answer/", {"answer": "decline"})
    declined = Meeting.objects.get().status
    ask(asking)
    again = Meeting.objects.order_by("-pk").first()
    asking.post(f"/me/meetings/{again.pk}/cancel/")

    assert not_theirs.status_code == own_answer.status_code == 404
    assert "Choose one of the times asked for." in text(odd_time)
    assert declined == "declined" and Meeting.objects.get(pk=again.pk).status == "cancelled"
    self_ask = asking.post("/me/meetings/new/", {"city": "dusseldorf", "first": FIRST})
    assert self_ask.status_code == 400  # one's own city is not offered
    outside = asking.post("/me/meetings/new/", {"city": "arnhem", "first": "2019-09-05T10:00:00+02:00"})
    assert outside.status_code == 400 and Meeting.objects.count() == 2
    reader = Client()
    reader.force_login(citizen)
    assert reader.get("/me/meetings/").status_code == 403
