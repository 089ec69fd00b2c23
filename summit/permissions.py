"""Role predicates shared by every app: `(user[, obj]) -> bool`, asked by views, templates and admin alike."""

from django.contrib.auth.models import AnonymousUser

from summit.models import City, User

ORGANISERS = "Organisers"
FACILITATORS = "Facilitators"


# The user's groups and delegations are read once per user object, so a page asking several predicates costs a query
# each at most, and none for a user the authentication middleware took from the cache (`summit.caching`), which
# keeps them with the user until anything shown changes.


def _in_group(user: User | AnonymousUser, group: str) -> bool:
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_group_names"):
        user._group_names = set(user.groups.values_list("name", flat=True))
    return group in user._group_names


def delegations(user: User) -> set[tuple[int, str]]:
    """(city id, title) of each of the user's delegations."""
    if not hasattr(user, "_delegations"):
        user._delegations = set(user.delegations.values_list("city_id", "title"))
    return user._delegations


# What other apps' predicates read of a user, added by those apps in `ready()` (a function of the user that keeps
# what it read on the user object, as `delegations` does).
ROLE_LOADERS = []


def roles_load(user: User) -> None:
    """Read what the predicates ask of a signed-in user now, so they cost nothing later (before it is cached)."""
    _in_group(user, ORGANISERS)
    delegations(user)
    for load in ROLE_LOADERS:
        load(user)


def is_organiser(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and user.is_active and (user.is_superuser or _in_group(user, ORGANISERS))


def is_facilitator(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and user.is_active and _in_group(user, FACILITATORS)


def is_delegate(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and user.is_active and bool(delegations(user))


def is_delegate_of_city(user: User | AnonymousUser, city: City) -> bool:
    return user.is_authenticated and user.is_active and any(city_id == city.pk for city_id, _ in delegations(user))


def can_see_delegates_only(user: User | AnonymousUser) -> bool:
    """Delegates-only programme items are for delegates, facilitators and organisers."""
    return is_organiser(user) or is_facilitator(user) or is_delegate(user)
