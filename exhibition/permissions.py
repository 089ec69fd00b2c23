"""Who may do what with the exhibition's showings: `(user, obj) -> bool`, asked by views and templates alike."""

from django.contrib.auth.models import AnonymousUser

from summit.models import City, DelegateTitle, User
from summit.permissions import delegations


def can_run_showing(user: User | AnonymousUser, city: City) -> bool:
    """The city's mayor or deputy mayor sets up and edits its showing; other delegates of the city do not."""
    return (
        user.is_authenticated
        and user.is_active
        and any(
            city_id == city.pk and title in (DelegateTitle.MAYOR, DelegateTitle.DEPUTY_MAYOR)
            for city_id, title in delegations(user)
        )
    )
