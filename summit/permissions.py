"""Role predicates shared by every app: `(user[, obj]) -> bool`, asked by views, templates and admin alike."""

from django.contrib.auth.models import AnonymousUser

from summit.models import City, User

ORGANISERS = "Organisers"
FACILITATORS = "Facilitators"


def _in_group(user: User | AnonymousUser, group: str) -> bool:
    if not user.is_authenticated:
        return False
    # Cached per user object, so a page asking several predicates costs one query.
    if not hasattr(user, "_group_names"):
        user._group_names = set(user.groups.values_list("name", flat=True))
    return group in user._group_names


def is_organiser(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and user.is_active and (user.is_superuser or _in_group(user, ORGANISERS))


def is_facilitator(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and user.is_active and _in_group(user, FACILITATORS)


def is_delegate(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and user.is_active and user.delegations.exists()


def is_delegate_of_city(user: User | AnonymousUser, city: City) -> bool:
    return user.is_authenticated and user.is_active and user.delegations.filter(city=city).exists()


def can_see_delegates_only(user: User | AnonymousUser) -> bool:
    """Delegates-only programme items are for delegates, facilitators and organisers."""
    return is_organiser(user) or is_facilitator(user) or is_delegate(user)
