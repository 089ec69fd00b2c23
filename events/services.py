"""Writes for sign-ups. Places are given out under a lock on the event's row, so the confirmed places never exceed
the capacity however many people click at once; every status change goes through `_transition`, which checks,
records and logs it. Emails leave through the outbox once the change has committed."""

import io
import logging
import subprocess
import tempfile
import time

import segno
from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import (
    Accreditation,
    AccreditationStatus,
    Event,
    PressPhoto,
    Question,
    QuestionStatus,
    QuestionVote,
    Registration,
    RegistrationStatus,
    RegistrationTransition,
)
from events.passes import Voter
from events.tasks import press_photo_renditions
from summit.calendars import programme_calendar
from summit.images import CleanImage, renditions_fill
from summit.models import User
from summit.outbox import task_queue
from summit.services import email_queue
from summit.transitions import transition_check

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
    transition_check(TRANSITIONS, registration.status, to, "registration")
    RegistrationTransition.objects.create(
        registration=registration, from_status=registration.status, to_status=to, by=by, reason=reason
    )
    logger.info("Registration %s: %s → %s by %s", registration.pk, registration.status, to, by)
    registration.status = to
    if to == RegistrationStatus.CONFIRMED:
        registration.confirmed_at = timezone.now()
    registration.save(update_fields=["status", "confirmed_at"])


def _locked_event(event: Event) -> Event:
    return Event.objects.select_for_update(of=("self",)).select_related("item__summit", "item__venue").get(pk=event.pk)


def places_taken(event: Event) -> int:
    return event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()


def _link(registration: Registration) -> str:
    return settings.SITE_URL + registration.get_absolute_url()


def _email(registration: Registration, subject: str, template: str, attachments: list | None = None) -> None:
    item = registration.event.item
    context = {"registration": registration, "item": item, "summit": item.summit, "link": _link(registration)}
    message = EmailMessage(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject % {"title": item.title},
        body=render_to_string(template, context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[registration.email],
        attachments=attachments or [],
    )
    email_queue(message=message)


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


QUESTION_TRANSITIONS = {
    QuestionStatus.WAITING: {QuestionStatus.SHORTLISTED, QuestionStatus.LIVE, QuestionStatus.ANSWERED,
                             QuestionStatus.HIDDEN},
    QuestionStatus.SHORTLISTED: {QuestionStatus.WAITING, QuestionStatus.LIVE, QuestionStatus.ANSWERED,
                                 QuestionStatus.HIDDEN},
    QuestionStatus.LIVE: {QuestionStatus.SHORTLISTED, QuestionStatus.ANSWERED, QuestionStatus.HIDDEN},
    QuestionStatus.ANSWERED: {QuestionStatus.LIVE, QuestionStatus.HIDDEN},
    QuestionStatus.HIDDEN: {QuestionStatus.WAITING},
}  # fmt: skip

# How long an event's questions version is kept after its last change: a room's polls ask for it every few
# seconds, and once it lapses the next poll starts a new one.
QUESTIONS_VERSION_SECONDS = 2 * 86400


def _questions_version_key(item_id: int) -> str:
    return f"events:questions-version:{item_id}"


def questions_version(*, item_id: int) -> str | None:
    """A version of an event's questions that changes with every question, like, report or moderator's step: the
    polled parts of the ask page, the queue and the screen answer 304 while it stays the same, without a database
    query. None when none is kept: the caller checks that the event exists, then starts one (questions_version_start),
    so an address that names no event writes nothing."""
    version = cache.get(_questions_version_key(item_id))
    return None if version is None else str(version)


def questions_version_start(*, event: Event) -> str:
    key = _questions_version_key(event.item_id)
    cache.add(key, time.time_ns(), QUESTIONS_VERSION_SECONDS)
    return str(cache.get(key))


def _questions_changed(event: Event) -> None:
    key = _questions_version_key(event.item_id)
    transaction.on_commit(lambda: cache.set(key, time.time_ns(), QUESTIONS_VERSION_SECONDS))


def event_questions_open(*, event: Event, open: bool, by: User) -> Event:
    """Open or close the room's questions; the room's pages and the queue follow on their next poll."""
    event.questions_open = open
    event.save(update_fields=["questions_open"])
    _questions_changed(event)
    logger.info("Questions on event %s %s by %s", event.pk, "opened" if open else "closed", by)
    return event


class QuestionsClosed(Exception):
    """The room is not taking questions now."""


def question_ask(*, event: Event, text: str, asked_by: str, voter: Voter, user: User | None) -> Question:
    if not event.questions_open:
        raise QuestionsClosed(_("Questions are not open for this event."))
    question = Question.objects.create(event=event, text=text, asked_by=asked_by, asker=voter.key, user=user)
    _questions_changed(event)
    logger.info("Question %s asked on event %s", question.pk, event.pk)
    return question


def report_weight(*, voter: Voter, question: Question) -> int:
    """How much a report counts towards hiding: an account 2, a room pass 1, and nothing from an account or a pass
    newer than the question (made after it was asked, to pile reports on it)."""
    if voter.since >= question.created_at:
        return 0
    return 2 if voter.account else 1


@transaction.atomic
def question_vote(*, question: Question, voter: Voter, kind: str) -> Question:
    """A like or a report, counted once per room pass or account (a second like takes it back). Reports whose
    weights reach QUESTION_REPORT_WEIGHT_TO_HIDE hide the question until a moderator looks, unless a moderator has
    already shown it again. The question's row is locked and the counts are taken from the rows, so concurrent
    clicks add up exactly."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    weight = report_weight(voter=voter, question=question) if kind == QuestionVote.Kind.REPORT else 0
    vote, created = QuestionVote.objects.get_or_create(
        question=question, voter=voter.key, kind=kind, defaults={"weight": weight}
    )
    if not created and kind == QuestionVote.Kind.LIKE:
        vote.delete()
    counts = question.votes.aggregate(
        likes=Count("pk", filter=Q(kind=QuestionVote.Kind.LIKE)),
        reports=Count("pk", filter=Q(kind=QuestionVote.Kind.REPORT)),
        weight=Coalesce(Sum("weight", filter=Q(kind=QuestionVote.Kind.REPORT)), 0),
    )
    question.likes, question.reports = counts["likes"], counts["reports"]
    if (
        counts["weight"] >= settings.QUESTION_REPORT_WEIGHT_TO_HIDE
        and not question.kept
        and question.status in (QuestionStatus.WAITING, QuestionStatus.SHORTLISTED)
    ):
        question.status = QuestionStatus.HIDDEN
        logger.info("Question %s hidden after %s reports", question.pk, question.reports)
    question.save(update_fields=["likes", "reports", "status", "updated_at"])
    _questions_changed(question.event)
    return question


@transaction.atomic
def question_moderate(*, question: Question, to: str, by: User, answered_by: str = "") -> Question:
    """Shortlist, put on the screen ("being answered now"), mark answered (by whom) or hide. One question is on the
    screen at a time: putting one there marks the one before answered."""
    event = _locked_event(question.event)
    question = Question.objects.select_for_update().get(pk=question.pk)
    transition_check(QUESTION_TRANSITIONS, question.status, to, "question")
    if to == QuestionStatus.LIVE:
        event.questions.filter(status=QuestionStatus.LIVE).exclude(pk=question.pk).update(
            status=QuestionStatus.ANSWERED, updated_at=timezone.now()
        )
    if question.status == QuestionStatus.HIDDEN and to == QuestionStatus.WAITING:
        question.kept = True  # the moderator has looked: reports no longer hide it
    question.status = to
    if answered_by:
        question.answered_by = answered_by
    question.save(update_fields=["status", "answered_by", "kept", "updated_at"])
    _questions_changed(event)
    logger.info("Question %s → %s by %s", question.pk, to, by)
    return question


def accreditation_request(*, name: str, outlet: str, email: str) -> tuple[Accreditation, bool]:
    """A journalist asks to be accredited; asking again with the same address gives the request on file."""
    email = User.objects.normalize_email(email)
    existing = Accreditation.objects.filter(email__iexact=email).first()
    if existing:
        return existing, False
    accreditation = Accreditation.objects.create(name=name, outlet=outlet, email=email)
    logger.info("Press accreditation %s requested by %s (%s)", accreditation.pk, email, outlet)
    return accreditation, True


@transaction.atomic
def accreditation_decide(*, accreditation: Accreditation, approve: bool, by: User) -> Accreditation:
    """Approve or refuse; an approval is emailed, with how to read embargoed releases."""
    accreditation = Accreditation.objects.select_for_update().get(pk=accreditation.pk)
    accreditation.status = AccreditationStatus.APPROVED if approve else AccreditationStatus.REFUSED
    accreditation.decided_at = timezone.now()
    accreditation.save(update_fields=["status", "decided_at"])
    logger.info("Press accreditation %s %s by %s", accreditation.pk, accreditation.status, by)
    if approve:
        context = {"accreditation": accreditation, "press_url": settings.SITE_URL + reverse("press"),
                   "signup_url": settings.SITE_URL + reverse("account_signup")}  # fmt: skip
        email_queue(
            message=EmailMessage(
                subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + _("Your press accreditation"),
                body=render_to_string("events/email/accredited.txt", context),
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[accreditation.email],
            )
        )
    return accreditation


def press_photo_store(*, photo: PressPhoto, image: CleanImage) -> PressPhoto:
    """Store a press photo cleaned by summit.images (no metadata survives) and make its renditions after commit."""
    photo.width, photo.height = image.width, image.height
    photo.original.save(f"photo.{image.extension}", image.content, save=False)
    photo.thumbnail = photo.card = photo.poster = ""
    photo.save()
    task_queue(press_photo_renditions, photo_id=photo.pk)
    return photo


@transaction.atomic
def press_photo_renditions_make(*, photo_id: int) -> None:
    photo = PressPhoto.objects.select_for_update().filter(pk=photo_id).first()
    if photo is not None:
        renditions_fill(photo)


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
