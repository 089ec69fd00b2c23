"""Visa and invitation letters: a delegate asks for one for a person of the delegation, an organiser approves or
refuses it, a worker renders the PDF on the summit's letterhead in the letter's language, and consulates confirm it
by its reference."""

import logging
import re
import secrets
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from delegations.models import Letter, LetterKind, LetterStatus, LetterTemplate, Member
from delegations.tasks import render_letter
from summit.outbox import task_queue
from summit.pdf import render_pdf
from summit.transitions import transition_apply

logger = logging.getLogger(__name__)
T = TypeVar("T")

STEPS = {
    LetterStatus.REQUESTED: {LetterStatus.APPROVED, LetterStatus.REFUSED},
    LetterStatus.REFUSED: {LetterStatus.REQUESTED},
    LetterStatus.APPROVED: set(),
}
# Letters and digits nobody mistakes for another when reading a reference aloud or typing it from paper.
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class LetterNotReady(ValueError):
    """The person's details do not yet allow the letter (the message says what is missing)."""


def reference_draw(prefix: str, save: Callable[[str], T]) -> T:
    """`save(reference)` with a fresh random reference of `prefix` and eight characters; one already taken (one in
    10¹² chances) draws another."""
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return save(prefix + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8)))
        except IntegrityError:
            continue
    raise IntegrityError(f"No free {prefix} reference in three draws")


def _check(member: Member, kind: str) -> None:
    if kind == LetterKind.VISA and not (member.visa_letter and member.passport_number and member.nationality):
        raise LetterNotReady(_("A visa letter needs the nationality and the passport number first."))
    if kind == LetterKind.VISA and not (member.arrival_at and member.departure_at):
        raise LetterNotReady(_("A visa letter needs the arrival and the departure first."))


@transaction.atomic
def letter_request(*, member: Member, kind: str, language: str, by) -> Letter:
    """Ask for a letter; asking again for one refused asks anew, for one pending or approved changes nothing."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    _check(member, kind)
    letter = Letter.objects.select_for_update().filter(member=member, kind=kind).first()
    if letter is None:
        letter = reference_draw("LTS-", lambda reference: Letter.objects.create(
            member=member, kind=kind, language=language, requested_by=by, reference=reference))  # fmt: skip
        letter.transitions.create(from_status="", to_status=LetterStatus.REQUESTED, by=by)
        logger.info("Letter %s (%s) requested for member %s", letter.reference, kind, member.pk)
    elif letter.status == LetterStatus.REFUSED:
        letter.language, letter.requested_by = language, by
        transition_apply(letter, to=LetterStatus.REQUESTED, table=STEPS, history=letter.transitions, by=by,
                         also=["language", "requested_by"])  # fmt: skip
    return letter


@transaction.atomic
def letter_decide(*, letter: Letter, to: str, by, reason: str = "") -> Letter:
    """Approve (the PDF is rendered after the commit) or refuse a requested letter."""
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if to == LetterStatus.APPROVED:
        letter.issued_on = timezone.localdate()
    transition_apply(letter, to=to, table=STEPS, history=letter.transitions, by=by, reason=reason,
                     also=["issued_on"])  # fmt: skip
    if to == LetterStatus.APPROVED:
        task_queue(render_letter, letter_id=letter.pk)
    return letter


def _fill(text: str, values: dict[str, str]) -> str:
    """The template's {placeholders} replaced; anything else in braces is left as written (never evaluated)."""
    return re.sub(r"\{(\w+)\}", lambda found: values.get(found.group(1), found.group(0)), text)


def letter_pdf_build(*, letter_id: int) -> Letter:
    """Render the approved letter in its language on the summit's letterhead; written under the reference's name,
    the row switched last. A letter already rendered is left as it is."""
    letter = Letter.objects.select_related("member__delegation__city", "member__delegation__summit").get(pk=letter_id)
    if letter.pdf or letter.status != LetterStatus.APPROVED:
        return letter
    member, summit = letter.member, letter.member.delegation.summit
    template = LetterTemplate.objects.filter(summit=summit).first()
    with translation.override(letter.language):
        dates = f"{formats.date_format(summit.starts_on)} \u2013 {formats.date_format(summit.ends_on)}"
        values = {
            "name": member.full_name, "function": member.function, "city": member.delegation.city.name,
            "nationality": member.nationality, "passport": member.passport_number, "summit": summit.name,
            "dates": dates,
            "arrival": formats.date_format(timezone.localtime(member.arrival_at)) if member.arrival_at else "",
            "departure": formats.date_format(timezone.localtime(member.departure_at)) if member.departure_at else "",
        }  # fmt: skip
        context = {
            "letter": {"reference": letter.reference, "kind": letter.get_kind_display(), "language": letter.language,
                       "issued_on": formats.date_format(letter.issued_on),
                       "verify_url": settings.SITE_URL + reverse("letter_verify", args=[letter.reference])},
            "template": {"letterhead": template.letterhead, "address": template.address,
                         "body": _fill(template.body, values), "signatory": template.signatory,
                         "signatory_title": template.signatory_title} if template else None,
            "person": values,
        }  # fmt: skip
        rendered = render_pdf("delegations/pdf/letter.html", context, variant="pdf/ua-1")
    with transaction.atomic():
        letter = Letter.objects.select_for_update().get(pk=letter_id)
        letter.pdf.save(f"{letter.reference}.pdf", ContentFile(rendered.content), save=False)
        letter.save(update_fields=["pdf"])
    logger.info("Letter %s rendered", letter.reference)
    return letter


def letter_pdf_fail(*, letter_id: int, error: str) -> None:
    logger.error("Letter %s could not be rendered: %s", letter_id, error)
