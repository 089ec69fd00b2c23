"""Montréal's demo showing, the public events' sign-ups and the press contact."""

import datetime

from events.models import (
    Event,
    PressContact,
)
from exhibition.models import Showing
from exhibition.services.showings import showing_moderators_sync
from summit.models import (
    City,
    ProgrammeItem,
    ProgrammeKind,
    User,
)


def showing_load(summit):
    """Montréal takes the exhibition home (an invented demo showing; its moderator is a demo account)."""
    summit.refresh_from_db(fields=["ends_on"])  # a date again, not the seed file's text
    showing, _ = Showing.objects.update_or_create(
        city=City.objects.get(name="Montréal"),
        defaults={
            "title": "Vivre ensemble à Montréal (démo)",
            "language": "fr",
            "starts_on": summit.ends_on + datetime.timedelta(days=30),
            "ends_on": summit.ends_on + datetime.timedelta(days=60),
            "venue": "Hôtel de Ville de Montréal, hall d'honneur",
            "address": "275 rue Notre-Dame Est, Montréal",
            "time_zone": "America/Montreal",
            "opening_hours": {str(day): ["09:00", "17:00"] for day in range(5)},
        },
    )
    moderator = User.objects.filter(email="moderator.montreal@example.org").first()
    if moderator:
        showing.moderators.add(moderator)
    showing_moderators_sync()


def events_load(summit):
    """Sign-ups on the public discussions and cultural events (invented capacities; the 2019 events are over,
    so their pages say so), and an invented press contact."""
    capacities = {ProgrammeKind.PUBLIC_DISCUSSION: 150, ProgrammeKind.CULTURAL_EVENT: 300}
    for item in ProgrammeItem.objects.filter(summit=summit, kind__in=capacities):
        Event.objects.get_or_create(item=item, defaults={"capacity": capacities[item.kind]})
    PressContact.objects.get_or_create(
        email="press@example.org", defaults={"name": "Press office (demo)", "role": "Summit press office"}
    )
