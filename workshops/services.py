"""Writes for best practices. Every status change goes through `_transition`, which checks, saves and logs it."""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from summit.images import CleanImage, renditions_queue
from summit.models import City, User
from summit.services import email_compose
from summit.text import markdown_to_html
from summit.transitions import transition_apply
from workshops import permissions
from workshops.models import BestPractice, PracticeImage, PracticeStatus

logger = logging.getLogger(__name__)

MAX_IMAGES = 6
EDITABLE_FIELDS = ["topic", "title", "summary", "body", "results", "links", "language"]

TRANSITIONS = {
    PracticeStatus.DRAFT: {PracticeStatus.SUBMITTED, PracticeStatus.WITHDRAWN},
    PracticeStatus.SUBMITTED: {
        PracticeStatus.CHANGES_REQUESTED,
        PracticeStatus.APPROVED,
        PracticeStatus.WITHDRAWN,
    },
    PracticeStatus.CHANGES_REQUESTED: {PracticeStatus.SUBMITTED, PracticeStatus.WITHDRAWN},
    PracticeStatus.APPROVED: {PracticeStatus.SUBMITTED, PracticeStatus.WITHDRAWN},
    PracticeStatus.WITHDRAWN: set(),
}


class PracticeConflict(Exception):
    """Someone saved the practice after the editor opened it; `current` is what is saved now."""

    def __init__(self, current: BestPractice):
        super().__init__("The practice changed since it was opened.")
        self.current = current


def _transition(*, practice: BestPractice, to: str, by: User | None, reason: str = "", also=None) -> BestPractice:
    """Check, record and save a step of the review (summit.transitions), with the fields in `also` (None: every
    field the caller changed with it)."""
    return transition_apply(
        practice, to=to, table=TRANSITIONS, history=practice.transitions, by=by, reason=reason, also=also
    )


def _locked(practice: BestPractice) -> BestPractice:
    return BestPractice.objects.select_for_update().get(pk=practice.pk)


@transaction.atomic
def practice_create(*, city: City, by: User, data: dict) -> BestPractice:
    """A new draft for `city`, written by one of its delegates."""
    if not permissions.can_create_practice(by, city):
        raise PermissionDenied
    practice = BestPractice(city=city, author=by, updated_by=by, **{field: data[field] for field in EDITABLE_FIELDS})
    practice.save()
    logger.info("Practice %s created by %s", practice.pk, by)
    return practice


@transaction.atomic
def practice_update(*, practice: BestPractice, by: User, data: dict, version: int) -> BestPractice:
    """Save the working copy, unless someone else saved since `version` was read (then PracticeConflict).

    An approved practice that is changed goes back to review; its approved copy stays public meanwhile.
    """
    practice = _locked(practice)
    if not permissions.can_edit_practice(by, practice):
        raise PermissionDenied
    if practice.version != version:
        raise PracticeConflict(current=practice)
    changed = [field for field in EDITABLE_FIELDS if getattr(practice, field) != data[field]]
    if not changed:
        return practice
    for field in changed:
        setattr(practice, field, data[field])
    _saved_as_edit(practice, by, _("Edited after approval."))
    return practice


@transaction.atomic
def practice_submit(*, practice: BestPractice, by: User) -> BestPractice:
    practice = _locked(practice)
    if not permissions.can_edit_practice(by, practice):
        raise PermissionDenied
    practice.submitted_at = timezone.now()
    return _transition(practice=practice, to=PracticeStatus.SUBMITTED, by=by, also=["submitted_at", "updated_at"])


@transaction.atomic
def practice_withdraw(*, practice: BestPractice, by: User) -> BestPractice:
    """The city takes the practice back: it leaves the review queue and the public pages."""
    practice = _locked(practice)
    if not permissions.can_withdraw_practice(by, practice):
        raise PermissionDenied
    practice.is_public = False
    return _transition(practice=practice, to=PracticeStatus.WITHDRAWN, by=by, also=["is_public", "updated_at"])


@transaction.atomic
def practice_request_changes(*, practice: BestPractice, by: User, comment: str) -> BestPractice:
    """An organiser sends the practice back with a comment, which is emailed to its author."""
    practice = _locked(practice)
    if not permissions.can_review_practice(by, practice):
        raise PermissionDenied
    if not comment.strip():
        raise ValueError("A comment is required when asking for changes.")
    practice.review_comment = comment
    _transition(
        practice=practice, to=PracticeStatus.CHANGES_REQUESTED, by=by, reason=comment,
        also=["review_comment", "updated_at"],
    )  # fmt: skip
    if practice.author and practice.author.email:
        context = {
            "practice": practice,
            "comment": comment,
            "url": settings.SITE_URL + reverse("workshops:practice_edit", kwargs={"pk": practice.pk}),
        }
        email_compose(
            to=practice.author.email, subject=_("Changes requested: %(title)s") % {"title": practice.title},
            template="workshops/email/changes_requested.txt", context=context,
        )  # fmt: skip
    return practice


@transaction.atomic
def practice_approve(*, practice: BestPractice, by: User) -> BestPractice:
    """Publish the working copy: it replaces the public copy in one step."""
    practice = _locked(practice)
    if not permissions.can_review_practice(by, practice):
        raise PermissionDenied
    return _publish(practice, by=by)


@transaction.atomic
def practice_approve_imported(*, practice: BestPractice, reason: str) -> BestPractice:
    """A submitted practice that arrives approved (seed_demo's demo practices): no reviewer, the reason logged."""
    practice = _locked(practice)
    return _publish(practice, by=None, reason=reason)


def _publish(practice: BestPractice, *, by: User | None, reason: str = "") -> BestPractice:
    """Approve: copy the working copy to the public copy, inside the approval's transaction."""
    images = list(practice.images.filter(removed=False))
    practice.images.filter(removed=True).delete()
    practice.is_public = True
    practice.published_at = timezone.now()
    practice.public_topic = practice.topic
    practice.public_title = practice.title
    practice.public_summary = practice.summary
    practice.public_cover = images[0] if images else None
    practice.public_content = {
        "body_html": str(markdown_to_html(practice.body)),
        "results_html": str(markdown_to_html(practice.results)),
        "links": practice.links,
        "language": practice.language,
        "image_ids": [image.pk for image in images],
    }
    practice.review_comment = ""
    return _transition(practice=practice, to=PracticeStatus.APPROVED, by=by, reason=reason)


@transaction.atomic
def practice_image_add(
    *, practice: BestPractice, by: User, image: CleanImage, caption: str, alt_text: str
) -> PracticeImage:
    """Store an image cleaned by summit.images and make its renditions in Celery after commit."""
    practice = _locked(practice)
    if not permissions.can_edit_practice(by, practice):
        raise PermissionDenied
    if practice.images.filter(removed=False).count() >= MAX_IMAGES:
        raise ValueError(f"A practice has at most {MAX_IMAGES} images.")
    stored = PracticeImage(
        practice=practice,
        caption=caption,
        alt_text=alt_text,
        position=practice.images.count(),
        width=image.width,
        height=image.height,
    )
    stored.original.save(f"photo.{image.extension}", image.content, save=False)
    stored.save()
    _touch(practice, by)
    renditions_queue(stored)
    return stored


@transaction.atomic
def practice_image_remove(*, image: PracticeImage, by: User) -> None:
    """Take an image off the working copy; if the public copy shows it, it stays until the next approval."""
    practice = _locked(image.practice)
    if not permissions.can_edit_practice(by, practice):
        raise PermissionDenied
    if image.pk in practice.public_content.get("image_ids", []) and practice.is_public:
        image.removed = True
        image.save(update_fields=["removed"])
    else:
        image.delete()
    _touch(practice, by)


def _touch(practice: BestPractice, by: User) -> None:
    """Image changes are edits too: they bump the version and send an approved practice back to review."""
    _saved_as_edit(practice, by, _("Images changed after approval."))


def _saved_as_edit(practice: BestPractice, by: User, reason: str) -> None:
    """Save an edit: a new version by `by`; an approved practice goes back to review (its public copy stays)."""
    practice.version += 1
    practice.updated_by = by
    if practice.status == PracticeStatus.APPROVED:
        practice.submitted_at = timezone.now()
        _transition(practice=practice, to=PracticeStatus.SUBMITTED, by=by, reason=reason)
    else:
        practice.save()
