"""Badges and table place cards for the print shop: an organiser selects people in the admin, a worker renders one
PDF (A4 sheets of four A6 badges, then one A4 place card per person, folded along the middle). Each badge carries the
person's name, city and function, a colour by role, and a QR code with a signed check-in token."""

import logging

import segno
from django.core import signing
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from delegations.models import BadgePrint, Member, MemberKind
from delegations.tasks import render_badges
from summit.outbox import task_queue
from summit.pdf import render_pdf

logger = logging.getLogger(__name__)

BADGE_SALT = "delegations.badge"
ROLE_COLOURS = {"delegate": "#0b5cad", "accompanying": "#5b6570", "press": "#b4530b"}


def badge_token(member: Member) -> str:
    """What the badge's QR code says: the person, signed, so that the desk can trust it offline. Without a time
    in it, the code printed days before is the very one in the desk's list, which matches codes as they are."""
    return signing.Signer(salt=BADGE_SALT).sign_object({"m": member.pk}, compress=True)


def badge_member_id(token: str) -> int | None:
    try:
        return signing.Signer(salt=BADGE_SALT).unsign_object(token)["m"]
    except (signing.BadSignature, KeyError, TypeError):
        return None


def _role(member: Member) -> str:
    if member.press_officer:
        return "press"
    return "delegate" if member.kind == MemberKind.DELEGATE else "accompanying"


def _badge(member: Member) -> dict:
    role = _role(member)
    qr = segno.make_qr(badge_token(member), error="m").svg_inline(scale=3, omitsize=True)
    return {"name": member.full_name, "city": member.delegation.city.name, "function": member.function,
            "role": role, "colour": ROLE_COLOURS[role], "qr": qr}  # fmt: skip


@transaction.atomic
def badges_print(*, members: list[Member], by) -> BadgePrint:
    run = BadgePrint.objects.create(requested_by=by)
    run.members.set(members)
    task_queue(render_badges, print_id=run.pk)
    logger.info("Badge print %s asked for %s people", run.pk, len(members))
    return run


def badges_build(*, print_id: int) -> BadgePrint:
    """Render the run from the people's details as they are now; the file is written, then the row switched."""
    run = BadgePrint.objects.get(pk=print_id)
    if run.status == "ready":
        return run
    people = run.members.select_related("delegation__city").order_by("delegation__city__name", "full_name")
    badges = [_badge(member) for member in people]
    sheets = [badges[start : start + 4] for start in range(0, len(badges), 4)]
    rendered = render_pdf("delegations/pdf/badges.html", {"sheets": sheets, "badges": badges}, variant="pdf/x-4")
    with transaction.atomic():
        run = BadgePrint.objects.select_for_update().get(pk=print_id)
        run.pdf.save(f"badges-{run.pk}.pdf", ContentFile(rendered.content), save=False)
        run.status, run.built_at, run.error = "ready", timezone.now(), ""
        run.save()
    logger.info("Badge print %s rendered: %s badges", run.pk, len(badges))
    return run


def badges_fail(*, print_id: int, error: str) -> None:
    BadgePrint.objects.filter(pk=print_id).update(status="failed", error=error[:2000])
    logger.error("Badge print %s failed: %s", print_id, error)


def badges_outdated(run: BadgePrint) -> bool:
    """A person of the run changed after it was rendered (a name, a function): print again."""
    return bool(run.built_at) and run.members.filter(updated_at__gt=run.built_at).exists()
