"""Reads for sign-ups."""

from django.db.models import Count, Q, QuerySet

from events.models import Event, Registration, RegistrationStatus
from summit.models import ProgrammeItem, User


def event_of_item(*, item: ProgrammeItem) -> Event | None:
    """The item's sign-up, with its counts (places taken, waiting), or None when it has none."""
    return (
        Event.objects.filter(item=item)
        .annotate(
            taken=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)),
            waiting=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)),
            present=Count("registrations", filter=Q(registrations__checked_in_at__isnull=False)),
        )
        .first()
    )


def registration_of(*, event: Event, user: User) -> Registration | None:
    """The signed-in person's live sign-up for `event`, if any."""
    if not user.is_authenticated:
        return None
    return (
        event.registrations.exclude(status=RegistrationStatus.CANCELLED)
        .filter(Q(user=user) | Q(email__iexact=user.email))
        .first()
    )


def registration_by_token(*, token: str) -> Registration | None:
    return Registration.objects.select_related("event__item__summit", "event__item__venue").filter(token=token).first()


def door_list(*, event: Event, query: str = "", limit: int = 50) -> QuerySet[Registration]:
    """Confirmed places for the door, by name (or code), those not yet in first."""
    places = event.registrations.filter(status=RegistrationStatus.CONFIRMED)
    if query:
        places = places.filter(Q(name__icontains=query) | Q(code__iexact=query.strip()))
    return places.order_by("checked_in_at", "name")[:limit]
