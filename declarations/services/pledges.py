"""Writes for the cities' pledges under a declaration, their progress updates and their status."""

import datetime
import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from declarations import permissions
from declarations.models import (
    Declaration,
    Pledge,
    PledgeStatus,
    PledgeTransition,
    PledgeUpdate,
)
from discussion.services import threads_ensure
from summit.images import CleanImage, renditions_queue
from summit.models import City, User
from summit.transitions import transition_apply

logger = logging.getLogger(__name__)


PLEDGE_FLOW = {
    PledgeStatus.PLANNED: {PledgeStatus.IN_PROGRESS, PledgeStatus.DONE, PledgeStatus.DROPPED},
    PledgeStatus.IN_PROGRESS: {PledgeStatus.DONE, PledgeStatus.DROPPED},
    PledgeStatus.DONE: {PledgeStatus.IN_PROGRESS},
    PledgeStatus.DROPPED: {PledgeStatus.PLANNED},
}
PLEDGE_FIELDS = ["topic", "title", "description", "target_date"]


@transaction.atomic
def pledge_create(*, declaration: Declaration, city: City, by: User, data: dict) -> Pledge:
    """A pledge of a signatory city, by one of its delegates."""
    if city not in permissions.cities_to_pledge_for(by, declaration):
        raise PermissionDenied
    return _pledge_make(declaration=declaration, city=city, by=by, data=data, is_demo=False)


@transaction.atomic
def pledge_load_demo(*, declaration: Declaration, city: City, data: dict) -> Pledge:
    """A demo pledge (seed_demo), marked as demo content; loading it again changes nothing."""
    existing = Pledge.objects.filter(declaration=declaration, city=city, title=data["title"]).first()
    return existing or _pledge_make(declaration=declaration, city=city, by=None, data=data, is_demo=True)


@transaction.atomic
def pledge_progress_load_demo(*, pledge: Pledge, status: str, updates: list[dict]) -> Pledge:
    """A demo pledge's progress (seed_demo): its updates and its status, logged as demo data."""
    for update in updates:
        PledgeUpdate.objects.get_or_create(
            pledge=pledge, posted_on=datetime.date.fromisoformat(update["posted_on"]), defaults={"text": update["text"]}
        )
    if pledge.status != status:
        PledgeTransition.objects.create(
            pledge=pledge, from_status=pledge.status, to_status=status, reason="Demo data loaded by seed_demo."
        )
        Pledge.objects.filter(pk=pledge.pk).update(status=status)
    return pledge


def _pledge_make(*, declaration: Declaration, city: City, by: User | None, data: dict, is_demo: bool) -> Pledge:
    """The pledge and its discussion, which opens at once (official answers come from the pledging city)."""
    pledge = Pledge.objects.create(
        declaration=declaration, city=city, created_by=by, is_demo=is_demo,
        **{field: data[field] for field in PLEDGE_FIELDS},
    )  # fmt: skip
    threads_ensure(threads=[(pledge_key(pledge), pledge.title, city.pk)])
    logger.info("Pledge %s of %s created by %s", pledge.pk, city, by)
    return pledge


def pledge_key(pledge: Pledge) -> str:
    return f"pledge:{pledge.pk}"


@transaction.atomic
def pledge_update_post(
    *,
    pledge: Pledge,
    by: User,
    text: str,
    posted_on: datetime.date,
    photo: CleanImage | None = None,
    photo_alt: str = "",
) -> PledgeUpdate:
    """A progress report; a photo (cleaned by summit.images) gets its renditions from Celery after commit."""
    if not permissions.can_follow_up_pledge(by, pledge):
        raise PermissionDenied
    update = PledgeUpdate(pledge=pledge, text=text, posted_on=posted_on, by=by)
    if photo is not None:
        update.original.save(f"photo.{photo.extension}", photo.content, save=False)
        update.width, update.height, update.photo_alt = photo.width, photo.height, photo_alt
    update.save()
    Pledge.objects.filter(pk=pledge.pk).update(updated_at=timezone.now())
    if photo is not None:
        renditions_queue(update)
    return update


@transaction.atomic
def pledge_status_set(*, pledge: Pledge, to: str, by: User, reason: str = "") -> Pledge:
    """planned → in progress → done, or dropped (a done pledge may reopen, a dropped one be taken up again)."""
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if not permissions.can_follow_up_pledge(by, pledge):
        raise PermissionDenied
    return transition_apply(
        pledge, to=to, table=PLEDGE_FLOW, history=pledge.transitions, by=by, reason=reason, also=["updated_at"]
    )
