"""Who may do what with best practices. Views, templates and admin ask these same predicates."""

from summit.models import City, User
from summit.permissions import is_delegate_of_city, is_organiser
from workshops.models import BestPractice, PracticeStatus, Workshop, WorkshopStatus


def can_create_practice(user: User, city: City) -> bool:
    return is_delegate_of_city(user, city)


def can_edit_practice(user: User, practice: BestPractice) -> bool:
    """Every delegate of the practice's city co-edits it; a withdrawn practice is closed."""
    return practice.status != PracticeStatus.WITHDRAWN and is_delegate_of_city(user, practice.city)


def can_withdraw_practice(user: User, practice: BestPractice) -> bool:
    return can_edit_practice(user, practice)


def can_review_practice(user: User, practice: BestPractice) -> bool:
    return is_organiser(user) and practice.status == PracticeStatus.SUBMITTED


def facilitated(user: User) -> dict[int, str]:
    """The workshops the user facilitates, id → status, read once per user object (and kept with a cached user: it
    is one of summit.permissions.ROLE_LOADERS, so a workshop's change, which changes the pages' version, reloads
    it)."""
    if not hasattr(user, "_facilitated"):
        user._facilitated = dict(user.facilitated_workshops.values_list("pk", "status"))
    return user._facilitated


def is_facilitator_of(user: User, workshop: Workshop) -> bool:
    return user.is_authenticated and user.is_active and workshop.pk in facilitated(user)


def can_view_workshop(user: User, workshop: Workshop) -> bool:
    return is_organiser(user) or is_facilitator_of(user, workshop)


def can_capture(user: User, workshop: Workshop) -> bool:
    """Facilitators write until the workshop is closed; organisers always may."""
    if is_organiser(user):
        return True
    return workshop.status != WorkshopStatus.CLOSED and is_facilitator_of(user, workshop)
