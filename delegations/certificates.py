"""Certificates of attendance: from the summit's last day, each person checked in at the accreditation desk can have
one, in English, German and French on one tagged page (PDF/UA), with a reference that anyone (an employer, a
ministry) confirms at /certificates/verify/<reference>/. A delegate of the city asks for it, or an organiser for a
selection in the admin; a worker renders it like the letters. A name or function changed afterwards renders it again
under the same reference."""

import datetime
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from delegations.letters import reference_draw
from delegations.models import LetterTemplate, Member
from delegations.tasks import render_certificate
from summit.outbox import task_queue
from summit.pdf import render_pdf

logger = logging.getLogger(__name__)


class CertificateNotReady(ValueError):
    """The person cannot have a certificate (yet); the message says why."""


def certificate_check(member: Member, *, today: datetime.date) -> None:
    summit = member.delegation.summit
    if member.checked_in_at is None:
        raise CertificateNotReady(_("Only people checked in at the summit get a certificate of attendance."))
    if today < summit.ends_on:
        raise CertificateNotReady(_("Certificates of attendance are issued from the summit's last day, %(day)s.")
                                  % {"day": formats.date_format(summit.ends_on)})  # fmt: skip


@transaction.atomic
def certificate_request(*, member: Member, today: datetime.date) -> Member:
    """Give the person a reference and have the certificate rendered after the commit; asking again for one that
    exists or is being rendered changes nothing."""
    member = Member.objects.select_for_update().select_related("delegation__summit").get(pk=member.pk)
    certificate_check(member, today=today)
    if member.certificate_reference:
        return member
    member.certificate_reference = reference_draw("LTC-", lambda reference: Member.objects.filter(
        pk=member.pk).update(certificate_reference=reference) and reference)  # fmt: skip
    task_queue(render_certificate, member_id=member.pk)
    logger.info("Certificate %s asked for member %s", member.certificate_reference, member.pk)
    return member


def certificate_outdate(member: Member) -> None:
    """The person's name or function changed: drop the rendered certificate and render it again (same reference).
    Called inside the saving transaction."""
    if not member.certificate_reference:
        return
    if member.certificate:
        old, storage = member.certificate.name, member.certificate.storage
        transaction.on_commit(lambda: storage.delete(old))
    Member.objects.filter(pk=member.pk).update(certificate="")
    task_queue(render_certificate, member_id=member.pk)


def certificate_pdf_build(*, member_id: int) -> Member:
    """Render the certificate in the three languages, written under the reference's name, the row switched last.
    One already rendered is left as it is."""
    member = Member.objects.select_related("delegation__city", "delegation__summit").get(pk=member_id)
    if member.certificate or not member.certificate_reference:
        return member
    summit = member.delegation.summit
    context = {
        "member": member, "city": member.delegation.city, "summit": summit,
        "checked_in": timezone.localdate(member.checked_in_at), "issued_on": timezone.localdate(),
        "template": LetterTemplate.objects.filter(summit=summit).first(), "languages": settings.LANGUAGES,
        "verify_url": settings.SITE_URL + reverse("certificate_verify", args=[member.certificate_reference]),
    }  # fmt: skip
    rendered = render_pdf("delegations/pdf/certificate.html", context, variant="pdf/ua-1")
    with transaction.atomic():
        rendered_for = (member.full_name, member.function)
        member = Member.objects.select_for_update().get(pk=member_id)
        if (member.full_name, member.function) != rendered_for or member.certificate:
            return member  # changed while rendering: the render queued by the change writes it
        member.certificate.save(f"{member.certificate_reference}.pdf", ContentFile(rendered.content), save=False)
        Member.objects.filter(pk=member_id).update(certificate=member.certificate.name)
    logger.info("Certificate %s rendered", member.certificate_reference)
    return member


def certificate_pdf_fail(*, member_id: int, error: str) -> None:
    logger.error("The certificate of member %s could not be rendered: %s", member_id, error)
