"""Writes for sign-ups and the door. Places are given out under a lock on the event's row, so the confirmed places
never exceed the capacity however many people click at once; every status change goes through `_transition`,
which checks, records and logs it. Emails leave through the outbox once the change has committed."""

import io
import logging
import subprocess
import tempfile

import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import (
    Event,
    Registration,
    RegistrationStatus,
    RegistrationTransition,
)
from summit.calendars import programme_calendar
from summit.images import CleanImage
from summit.models import User
from summit.services import email_compose
from summit.transitions import transition_apply

logger = logging.getLogger(__name__)


TRANSITIONS = {
    RegistrationStatus.UNCONFIRMED: {
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITING,
        RegistrationStatus.CANCELLED,
    },
    RegistrationStatus.WAITING: {RegistrationStatus.CONFIRMED, RegistrationStatus.CANCELLED},
    RegistrationStatus.CONFIRMED: {RegistrationStatus.CANCELLED},
    RegistrationStatus.CANCELLED: set(),
}


class SignUpClosed(Exception):
    """Sign-up is not possible for this event now; the message says why."""


def _transition(*, registration: Registration, to: str, by: User | None, reason: str = "") -> None:
    if to == RegistrationStatus.CONFIRMED:
        registration.confirmed_at = timezone.now()
    transition_apply(
        registration, to=to, table=TRANSITIONS, history=registration.transitions, by=by, reason=reason,
        also=["confirmed_at"],
    )  # fmt: skip


def _locked_event(event: Event) -> Event:
    return Event.objects.select_for_update(of=("self",)).select_related("item__summit", "item__venue").get(pk=event.pk)


def places_taken(event: Event) -> int:
    return event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()


def _link(registration: Registration) -> str:
    return settings.SITE_URL + registration.get_absolute_url()


def _email(registration: Registration, subject: str, template: str, attachments: list | None = None) -> None:
    item = registration.event.item
    context = {"registration": registration, "item": item, "summit": item.summit, "link": _link(registration)}
    email_compose(
        to=registration.email, subject=subject % {"title": item.title}, template=template, context=context,
        attachments=attachments,
    )  # fmt: skip


def ticket_qr_png(registration: Registration) -> bytes:
    """The personal QR code: the check-in code, scanned at the door."""
    buffer = io.BytesIO()
    segno.make_qr(registration.code, error="m").save(buffer, kind="png", scale=10, border=4)
    return buffer.getvalue()


def _send_ticket(registration: Registration) -> None:
    item = registration.event.item
    calendar = programme_calendar(summit=item.summit, items=[item], url=settings.SITE_URL + item.get_absolute_url())
    _email(
        registration,
        _("Your place: %(title)s"),
        "events/email/confirmed.txt",
        attachments=[
            ("event.ics", calendar, "text/calendar"),
            (f"ticket-{registration.code}.png", ticket_qr_png(registration), "image/png"),
        ],
    )


def _place(*, event: Event, registration: Registration, by: User | None) -> None:
    """Confirm a place if one is free, else put on the waiting list; the caller holds the event's lock."""
    if places_taken(event) < event.capacity:
        _transition(registration=registration, to=RegistrationStatus.CONFIRMED, by=by)
        _send_ticket(registration)
    else:
        _transition(registration=registration, to=RegistrationStatus.WAITING, by=by, reason="Full")
        _email(registration, _("Waiting list: %(title)s"), "events/email/waiting.txt")


def sign_up_check(event: Event) -> None:
    """Raise SignUpClosed unless people may sign up for `event` now."""
    if not event.sign_up_open:
        raise SignUpClosed(_("Sign-up for this event is closed."))
    if event.item.ends_at <= timezone.now():
        raise SignUpClosed(_("This event is over."))


@transaction.atomic
def registration_sign_up(*, event: Event, user: User | None, name: str, email: str) -> tuple[Registration, bool]:
    """Sign `name` <`email`> up. With an account whose address is verified the place is given at once; a guest
    (or an unverified address) first confirms the address by the link emailed. Returns (registration, created):
    signing up twice with one address gives the existing registration."""
    event = _locked_event(event)
    sign_up_check(event)
    email = User.objects.normalize_email(email)
    existing = event.registrations.exclude(status=RegistrationStatus.CANCELLED).filter(email__iexact=email).first()
    if existing:
        return existing, False
    registration = Registration(event=event, user=user, name=name, email=email)
    while event.registrations.filter(code=registration.code).exists():  # one in a billion; never twice at the door
        registration.code = Registration._meta.get_field("code").default()
    registration.save()
    RegistrationTransition.objects.create(registration=registration, from_status="", to_status=registration.status)
    verified = user is not None and user.emailaddress_set.filter(email__iexact=email, verified=True).exists()
    if verified:
        _place(event=event, registration=registration, by=user)
    else:
        _email(registration, _("Please confirm your sign-up: %(title)s"), "events/email/confirm_address.txt")
    return registration, True


@transaction.atomic
def registration_confirm_address(*, registration: Registration) -> Registration:
    """The guest opened the link: the address is theirs, so they get a place or a spot on the waiting list."""
    event = _locked_event(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.UNCONFIRMED:
        _place(event=event, registration=registration, by=registration.user)
    return registration


@transaction.atomic
def waiting_list_move_up(*, event: Event) -> list[Registration]:
    """Give free places to the first in line, each once, and email them. The caller may hold the lock already."""
    event = _locked_event(event)
    free = event.capacity - places_taken(event)
    moved = list(event.registrations.filter(status=RegistrationStatus.WAITING).order_by("created_at", "pk")[:free])
    for registration in moved:
        _transition(registration=registration, to=RegistrationStatus.CONFIRMED, by=None, reason="Moved up")
        _send_ticket(registration)
    return moved


@transaction.atomic
def registration_cancel(*, registration: Registration, by: User | None) -> Registration:
    """Give the place up (or leave the waiting list); a freed place goes to the first in line."""
    event = _locked_event(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        return registration
    had_place = registration.status == RegistrationStatus.CONFIRMED
    _transition(registration=registration, to=RegistrationStatus.CANCELLED, by=by)
    if had_place:
        waiting_list_move_up(event=event)
    return registration


class CheckInResult:
    """What the door sees: who, and whether they had already come in (through another door)."""

    def __init__(self, registration: Registration, first_time: bool):
        self.registration = registration
        self.first_time = first_time


@transaction.atomic
def registration_check_in(*, event: Event, code: str, by: User) -> CheckInResult | None:
    """Mark the holder of `code` present; None when no confirmed place has that code. Two doors checking the same
    person in take turns on the row, so they are counted once."""
    registration = (
        event.registrations.select_for_update()
        .filter(code=code.strip().upper(), status=RegistrationStatus.CONFIRMED)
        .first()
    )
    if registration is None:
        return None
    if registration.checked_in_at:
        return CheckInResult(registration, first_time=False)
    registration.checked_in_at = timezone.now()
    registration.save(update_fields=["checked_in_at"])
    logger.info("Registration %s checked in by %s", registration.pk, by)
    return CheckInResult(registration, first_time=True)


def code_from_photo(*, image: CleanImage) -> str | None:
    """The door code in a photo of a ticket's QR code, read by zbar (Debian's zbar-tools), or None when no code
    could be read. The photo was checked and cleaned by summit.images first; zbar reads only that clean copy."""
    with tempfile.NamedTemporaryFile(suffix=f".{image.extension}") as photo:
        photo.write(image.content.read())
        photo.flush()
        try:
            result = subprocess.run(  # noqa: S603 — a fixed program on our own temporary file
                ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", photo.name],  # noqa: S607 — PATH
                capture_output=True, text=True, timeout=10, check=False,
            )  # fmt: skip
        except (FileNotFoundError, subprocess.TimeoutExpired) as error:
            logger.error("Could not read a ticket photo: %r", error)
            return None
    codes = [line.strip().upper() for line in result.stdout.splitlines() if line.strip()]
    return codes[0] if codes else None
