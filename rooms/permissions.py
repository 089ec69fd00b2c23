from django.contrib.auth.models import AnonymousUser

from rooms import hosts
from rooms.models import Room
from summit.models import User
from summit.permissions import is_organiser


def can_run_room(user: User | AnonymousUser, room: Room) -> bool:
    """Organisers, and whom the host names: the workshop's facilitators, the event's moderators."""
    if not user.is_authenticated:
        return False
    return is_organiser(user) or hosts.runs(user, room.key)
