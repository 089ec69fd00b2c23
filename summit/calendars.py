"""Calendars: the programme's feed, the event attached to a sign-up's confirmation, a showing's days."""

import datetime
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vText

from summit.models import ProgrammeItem, Summit


@dataclass(frozen=True)
class CalendarEntry:
    """An event of a feed that is not a programme item (a delegation's meeting); `uid` unique and stable."""

    uid: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    summary: str
    location: str = ""


def programme_calendar(*, summit: Summit, items: list[ProgrammeItem], url: str, extra=()) -> bytes:
    """A calendar of `items` and the `extra` CalendarEntry events, with VTIMEZONE so calendar apps place them in the
    summit's time zone. `url` is the page each programme item links to."""
    calendar = Calendar()
    calendar.add("prodid", "-//Living Together Summit//Programme//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", summit.name)
    calendar.add("x-wr-timezone", summit.time_zone)
    stamp = timezone.now()
    host = urlsplit(settings.SITE_URL).hostname
    for item in items:
        event = Event()
        event.add("uid", f"programme-{item.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.starts_at.astimezone(summit.tzinfo))
        event.add("dtend", item.ends_at.astimezone(summit.tzinfo))
        event.add("summary", item.title)
        event.add("categories", [item.get_kind_display()])
        if item.venue:
            event.add("location", vText(", ".join(filter(None, [item.venue.name, item.venue.address]))))
        if item.description:
            event.add("description", item.description)
        event.add("url", url)
        calendar.add_component(event)
    for entry in extra:
        event = Event()
        event.add("uid", f"{entry.uid}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", entry.starts_at.astimezone(summit.tzinfo))
        event.add("dtend", entry.ends_at.astimezone(summit.tzinfo))
        event.add("summary", entry.summary)
        if entry.location:
            event.add("location", vText(entry.location))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def days_calendar(*, uid: str, summary: str, first_day, last_day, location: str, description: str, url: str) -> bytes:
    """One all-day event from `first_day` to `last_day` (both included), e.g. a city's showing of the exhibition."""
    calendar = Calendar()
    calendar.add("prodid", "-//Living Together Summit//Exhibition//EN")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"{uid}@{urlsplit(settings.SITE_URL).hostname}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", first_day)
    event.add("dtend", last_day + datetime.timedelta(days=1))  # exclusive, as iCalendar wants for dates
    event.add("summary", summary)
    event.add("location", vText(location))
    event.add("description", description)
    event.add("url", url)
    calendar.add_component(event)
    return calendar.to_ical()
