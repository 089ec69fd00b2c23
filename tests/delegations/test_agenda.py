"""A delegate's agenda: programme items followed from their page, listed at /me/agenda/ and in a private calendar
feed whose address can be replaced; when followed items move, one email says all that moved."""

import datetime
import re

import icalendar
import pytest
from django.core import mail
from django.test import Client

from delegations.agenda import changes_notify
from delegations.models import AgendaEntry
from summit.models import ProgrammeItem
from tests.factories import ProgrammeItemFactory, VenueFactory

pytestmark = pytest.mark.django_db

AT = datetime.datetime(2019, 8, 31, 10, 0, tzinfo=datetime.UTC)


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def items(summit):
    hall = VenueFactory(name="Plenary hall")
    return [
        ProgrammeItemFactory(summit=summit, title="Opening", starts_at=AT, ends_at=AT + datetime.timedelta(hours=1),
                             venue=hall),
        ProgrammeItemFactory(summit=summit, title="Mayors' dinner", starts_at=AT + datetime.timedelta(hours=8),
                             ends_at=AT + datetime.timedelta(hours=10), is_public=False),
    ]  # fmt: skip


@pytest.fixture
def delegate(mayor):
    client = Client()
    client.force_login(mayor)
    return client


def follow(client, item, on=True):
    return client.post(f"/me/agenda/items/{item.pk}/", {"follow": "1" if on else "0",
                                                         "next": f"/programme/{item.pk}/"}, follow=True)  # fmt: skip


def test_a_delegate_follows_items_and_reads_them_on_the_agenda_and_in_the_calendar_feed(delegate, items):
    opening, dinner = items
    on_page = follow(delegate, opening)
    follow(delegate, dinner)
    page = text(delegate.get("/me/agenda/"))
    feed_url = re.search(r'value="https?://[^"]+(/me/agenda/[^"]+\.ics)"', page).group(1)
    calendar = icalendar.Calendar.from_ical(Client().get(feed_url).content)

    assert "Opening is in your agenda." in text(on_page) and "In your agenda." in text(on_page)
    assert page.index("Opening") < page.index("Mayors&#x27; dinner")
    assert [str(event["summary"]) for event in calendar.walk("VEVENT")] == ["Opening", "Mayors' dinner"]


def test_replacing_the_feed_address_stops_the_old_one_and_unfollowing_takes_an_item_off(delegate, items):
    opening, _dinner = items
    follow(delegate, opening)
    old = re.search(r"(/me/agenda/[^\"]+\.ics)", text(delegate.get("/me/agenda/"))).group(1)
    delegate.post("/me/agenda/feed/")
    new = re.search(r"(/me/agenda/[^\"]+\.ics)", text(delegate.get("/me/agenda/"))).group(1)
    follow(delegate, opening, on=False)

    assert Client().get(old).status_code == 404 and Client().get(new).status_code == 200
    assert not AgendaEntry.objects.exists()
    assert "Your agenda is empty." in text(delegate.get("/me/agenda/"))


def test_one_email_says_everything_that_moved_and_then_nothing_more(delegate, items, mayor,
                                                                    django_capture_on_commit_callbacks):  # fmt: skip
    opening, dinner = items
    follow(delegate, opening)
    follow(delegate, dinner)
    ProgrammeItem.objects.filter(pk=opening.pk).update(starts_at=AT + datetime.timedelta(minutes=30),
                                                       venue=VenueFactory(name="Small hall"))  # fmt: skip
    ProgrammeItem.objects.filter(pk=dinner.pk).update(ends_at=AT + datetime.timedelta(hours=11))

    with django_capture_on_commit_callbacks(execute=True):
        first = changes_notify()
    again = changes_notify()

    assert (first, again) == (1, 0)
    assert mail.outbox[-1].to == [mayor.email]
    body = mail.outbox[-1].body
    assert "Opening" in body and "Mayors' dinner" in body and "room: was Plenary hall, now Small hall" in body


def test_the_agenda_is_for_delegates_and_a_foreign_next_is_not_followed(delegate, items, citizen):
    reader = Client()
    reader.force_login(citizen)
    outside = delegate.post(f"/me/agenda/items/{items[0].pk}/", {"follow": "1", "next": "https://evil.example/"})

    assert reader.get("/me/agenda/").status_code == 403
    assert reader.post(f"/me/agenda/items/{items[0].pk}/", {"follow": "1"}).status_code == 403
    assert outside.status_code == 302 and outside["Location"] == "/me/agenda/"
    assert Client().get("/me/agenda/not-a-token.ics").status_code == 404
