"""Who may run an event's door and its live questions: organisers, and the people named on the event."""

from django.contrib.auth.models import AnonymousUser

from events.models import Event
from summit.models import User
from summit.permissions import is_organiser


def can_run_event(user: User | AnonymousUser, event: Event) -> bool:
    return is_organiser(user) or (user.is_authenticated and event.moderators.filter(pk=user.pk).exists())
