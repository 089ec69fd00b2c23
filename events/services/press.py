"""Writes for the press room: accreditations and press photos."""

import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import (
    Accreditation,
    AccreditationStatus,
    PressPhoto,
)
from summit.images import CleanImage, renditions_queue
from summit.models import User
from summit.services import email_compose
from summit.transitions import transition_apply

logger = logging.getLogger(__name__)


def accreditation_request(*, name: str, outlet: str, email: str) -> tuple[Accreditation, bool]:
    """A journalist asks to be accredited; asking again with the same address gives the request on file."""
    email = User.objects.normalize_email(email)
    existing = Accreditation.objects.filter(email__iexact=email).first()
    if existing:
        return existing, False
    accreditation = Accreditation.objects.create(name=name, outlet=outlet, email=email)
    logger.info("Press accreditation %s requested by %s (%s)", accreditation.pk, email, outlet)
    return accreditation, True


# A decision may be taken again: an organiser who approves an approved accreditation sends its email again.
ACCREDITATION_FLOW = {
    AccreditationStatus.REQUESTED: {AccreditationStatus.APPROVED, AccreditationStatus.REFUSED},
    AccreditationStatus.APPROVED: {AccreditationStatus.APPROVED, AccreditationStatus.REFUSED},
    AccreditationStatus.REFUSED: {AccreditationStatus.APPROVED, AccreditationStatus.REFUSED},
}


@transaction.atomic
def accreditation_decide(*, accreditation: Accreditation, approve: bool, by: User) -> Accreditation:
    """Approve or refuse; an approval is emailed, with how to read embargoed releases."""
    accreditation = Accreditation.objects.select_for_update().get(pk=accreditation.pk)
    accreditation.decided_at = timezone.now()
    transition_apply(
        accreditation, to=AccreditationStatus.APPROVED if approve else AccreditationStatus.REFUSED,
        table=ACCREDITATION_FLOW, history=accreditation.transitions, by=by, also=["decided_at"],
    )  # fmt: skip
    if approve:
        context = {"accreditation": accreditation, "press_url": settings.SITE_URL + reverse("press"),
                   "signup_url": settings.SITE_URL + reverse("account_signup")}  # fmt: skip
        email_compose(
            to=accreditation.email, subject=_("Your press accreditation"), template="events/email/accredited.txt",
            context=context,
        )  # fmt: skip
    return accreditation


def press_photo_store(*, photo: PressPhoto, image: CleanImage) -> PressPhoto:
    """Store a press photo cleaned by summit.images (no metadata survives) and make its renditions after commit."""
    photo.width, photo.height = image.width, image.height
    photo.original.save(f"photo.{image.extension}", image.content, save=False)
    photo.thumbnail = photo.card = photo.poster = ""
    photo.save()
    renditions_queue(photo)
    return photo
