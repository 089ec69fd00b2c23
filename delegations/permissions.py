"""Who may see what of a delegation: its city's delegates edit it; passport numbers only organisers with the
separate permission read."""

from summit.models import User


def can_read_passports(user: User) -> bool:
    return user.is_active and user.has_perm("delegations.view_passport")
