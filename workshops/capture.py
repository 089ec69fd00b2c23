"""Writes for live workshop capture: outcomes, dot-votes, order, photos, status and summary.

Tablets save over flaky wifi and retry, so every write here is idempotent: an outcome is identified by the UUID
the tablet made, a repeated create returns what exists, and a repeated edit that already landed is recognised.
"""

import contextlib
import logging
import uuid as uuid_lib

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.db.models.signals import post_save, pre_save
from django.utils import timezone

from summit.images import CleanImage, renditions_queue
from summit.models import City, User
from summit.transitions import transition_apply
from workshops import permissions
from workshops.models import Outcome, OutcomePhoto, Vote, Workshop, WorkshopStatus

logger = logging.getLogger(__name__)

STATUS_FLOW = {
    WorkshopStatus.PLANNED: {WorkshopStatus.RUNNING},
    WorkshopStatus.RUNNING: {WorkshopStatus.CLOSED},
    WorkshopStatus.CLOSED: {WorkshopStatus.RUNNING},  # organisers only: see workshop_status_set
}


class OutcomeConflict(Exception):
    """The outcome was changed by someone else since `version`; `current` is what is saved."""

    def __init__(self, current: Outcome):
        super().__init__("The outcome changed since it was opened.")
        self.current = current


def _check(user: User, workshop: Workshop) -> None:
    if not permissions.can_capture(user, workshop):
        raise PermissionDenied


def outcome_save(
    *,
    workshop: Workshop,
    by: User,
    uuid: uuid_lib.UUID,
    kind: str,
    text: str,
    city: City | None,
    version: int | None,
) -> tuple[Outcome, bool]:
    """Create (version None) or edit (version = the one the tablet had) an outcome. Returns (outcome, created).

    A create that already happened returns the existing outcome. An edit from a stale version is refused with
    OutcomeConflict, unless the saved text already is this edit (a retried request whose answer was lost).
    """
    _check(by, workshop)
    fields = {"uuid": uuid, "workshop": workshop, "kind": kind, "text": text, "city": city, "created_by": by}
    if version is None:
        # Most saves are new outcomes: one INSERT, which needs no transaction around it of its own (only a
        # savepoint inside a caller's). A UUID already saved (a retried request whose answer was lost) is answered
        # below, as any retry.
        alone = transaction.atomic() if transaction.get_connection().in_atomic_block else contextlib.nullcontext()
        try:
            with alone:
                return _outcome_create(**fields), True
        except IntegrityError:
            pass
    with transaction.atomic():
        outcome = Outcome.objects.select_for_update().filter(uuid=uuid).first()
        if outcome is None:
            try:
                with transaction.atomic():
                    return _outcome_create(**fields), True
            except IntegrityError:
                # The same UUID arrived twice at once; the other request created it.
                outcome = Outcome.objects.select_for_update().get(uuid=uuid)
        if outcome.workshop_id != workshop.pk:
            raise PermissionDenied
        if version is None:
            return outcome, False
        unchanged = outcome.text == text and outcome.kind == kind and outcome.city_id == (city.pk if city else None)
        if unchanged:
            return outcome, False
        if outcome.version != version:
            raise OutcomeConflict(current=outcome)
        outcome.kind, outcome.text, outcome.city = kind, text, city
        outcome.version += 1
        outcome.save()
        return outcome, False


def _outcome_create(
    *, uuid: uuid_lib.UUID, workshop: Workshop, kind: str, text: str, city: City | None, created_by: User
) -> Outcome:
    """A new outcome at the end of the workshop's list, in one INSERT that reads the last place itself. (Two saves
    at the same instant may share a place; the list is ordered by place, then by id.) The place is read back from
    the database only if something asks for it.

    The INSERT is written out (OUTCOME_INSERT) rather than made by `Outcome.objects.create()`: Django's compiler
    built the same statement anew for every save, a third of a save's CPU when twenty tablets save at once
    (bench/capture.py). The rest is what `save()` does: the signals, and an instance that knows it is saved."""
    now = timezone.now()
    outcome = Outcome(
        uuid=uuid, workshop=workshop, kind=kind, text=text, city=city, created_by=created_by, created_at=now,
        updated_at=now,
    )  # fmt: skip
    connection = transaction.get_connection()
    pre_save.send(sender=Outcome, instance=outcome, raw=False, using=connection.alias, update_fields=None)
    key = Outcome._meta.get_field("uuid").get_db_prep_save(uuid, connection)
    at = Outcome._meta.get_field("created_at").get_db_prep_save(now, connection)
    with connection.cursor() as cursor:
        cursor.execute(
            OUTCOME_INSERT, [key, workshop.pk, kind, text, outcome.city_id, workshop.pk, created_by.pk, at, at]
        )
        (outcome.pk,) = cursor.fetchone()
    outcome._state.adding, outcome._state.db = False, connection.alias
    del outcome.order
    post_save.send(
        sender=Outcome, instance=outcome, created=True, raw=False, using=connection.alias, update_fields=None
    )
    return outcome


# The columns of an outcome, its place after the workshop's last (the workshop's id is a bound parameter) and the
# defaults of the fields not given. Fixed text: PostgreSQL and SQLite both read it. A field added to Outcome must
# be added here (tests/workshops/test_capture.py compares the two).
OUTCOME_INSERT = (
    'INSERT INTO "workshops_outcome" ("uuid", "workshop_id", "kind", "text", "city_id", "order", "votes", "version", '
    '"hidden", "is_demo", "created_by_id", "created_at", "updated_at") VALUES (%s, %s, %s, %s, %s, '
    '(SELECT COALESCE(MAX("order"), 0) + 1 FROM "workshops_outcome" WHERE "workshop_id" = %s), 0, 1, FALSE, FALSE, '
    '%s, %s, %s) RETURNING "id"'
)


def outcome_vote(*, outcome: Outcome, by: User, delta: int) -> Outcome:
    """Add or take back one dot. Concurrent votes add up exactly (one UPDATE with F()); never below zero."""
    _check(by, outcome.workshop)
    if delta not in (1, -1):
        raise ValueError("A vote is +1 or -1.")
    with transaction.atomic():
        Outcome.objects.filter(pk=outcome.pk).update(votes=Greatest(F("votes") + delta, 0))
        Vote.objects.create(outcome=outcome, delta=delta, by=by)
    outcome.refresh_from_db()
    return outcome


@transaction.atomic
def outcome_move(*, outcome: Outcome, by: User, direction: str) -> None:
    """Swap an outcome with its neighbour above ("up") or below ("down")."""
    _check(by, outcome.workshop)
    siblings = list(Outcome.objects.select_for_update().filter(workshop=outcome.workshop_id).order_by("order", "id"))
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == outcome.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.order != position:
            Outcome.objects.filter(pk=sibling.pk).update(order=position)


def outcome_hide(*, outcome: Outcome, by: User, hidden: bool) -> Outcome:
    """Hidden outcomes stay in the capture (greyed) but never reach the exhibition."""
    _check(by, outcome.workshop)
    Outcome.objects.filter(pk=outcome.pk).update(hidden=hidden)
    outcome.hidden = hidden
    return outcome


@transaction.atomic
def workshop_status_set(*, workshop: Workshop, by: User, status: str, reason: str = "") -> Workshop:
    """planned → running → closed; reopening a closed workshop is for organisers. Each change is logged."""
    workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
    if workshop.status == WorkshopStatus.CLOSED and not permissions.is_organiser(by):
        raise PermissionDenied
    _check(by, workshop)
    return transition_apply(
        workshop, to=status, table=STATUS_FLOW, history=workshop.transitions, by=by, reason=reason,
        also=["updated_at"],
    )  # fmt: skip


def workshop_summary_save(*, workshop: Workshop, by: User, summary: str, ready: bool) -> Workshop:
    _check(by, workshop)
    workshop.summary = summary
    workshop.ready_for_exhibition = ready
    workshop.save(update_fields=["summary", "ready_for_exhibition", "updated_at"])
    return workshop


@transaction.atomic
def outcome_photo_add(*, workshop: Workshop, by: User, image: CleanImage, caption: str) -> OutcomePhoto:
    """Store a flipchart photo cleaned by summit.images; renditions follow in Celery after commit."""
    _check(by, workshop)
    photo = OutcomePhoto(workshop=workshop, caption=caption, width=image.width, height=image.height, by=by)
    photo.original.save(f"flipchart.{image.extension}", image.content, save=False)
    photo.save()
    renditions_queue(photo)
    return photo
