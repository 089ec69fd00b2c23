"""Writes for signatures: signing for a city, recording a signature given on paper, withdrawing; each writes a
SignatureLog row."""

import datetime
import logging

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from declarations import permissions
from declarations.models import (
    Declaration,
    DeclarationVersion,
    Signature,
    SignatureAction,
    SignatureLog,
)
from declarations.services.texts import latest_version
from summit.models import City, Delegate, User

logger = logging.getLogger(__name__)


class AlreadySigned(Exception):
    """The city has signed already (perhaps a moment ago, from another device)."""


class TextChanged(Exception):
    """The version on the confirmation page is no longer the text open for signature."""


def _signer_title(user: User, city: City) -> str:
    titles = set(Delegate.objects.filter(user=user, city=city).values_list("title", flat=True))
    return next(title for title in permissions.SIGNER_TITLES if title in titles)


@transaction.atomic
def declaration_sign(*, declaration: Declaration, city: City, by: User, version: DeclarationVersion) -> Signature:
    """The city's (deputy) mayor signs `version`, the text shown on the confirmation page.

    The declaration's row is locked, so two clicks (or two devices) for the same city cannot both sign; the unique
    constraint on (declaration, city) holds even if something else writes a signature.
    """
    declaration = Declaration.objects.select_for_update().get(pk=declaration.pk)
    if not permissions.can_sign(by, declaration, city):
        raise PermissionDenied
    if version.pk != getattr(latest_version(declaration), "pk", None):
        raise TextChanged
    if Signature.objects.filter(declaration=declaration, city=city).exists():
        raise AlreadySigned
    try:
        with transaction.atomic():
            signature = Signature.objects.create(
                declaration=declaration, city=city, version=version, signed_by=by,
                signer_title=_signer_title(by, city), signed_on=timezone.localdate(),
            )  # fmt: skip
    except IntegrityError as error:
        raise AlreadySigned from error
    SignatureLog.objects.create(
        declaration=declaration, city=city, action=SignatureAction.SIGNED, version=version, by=by
    )
    logger.info("%s signed %s (version %s) by %s", city, declaration.slug, version.number, by)
    return signature


@transaction.atomic
def signature_withdraw(*, signature: Signature, by: User, reason: str) -> None:
    """The city takes its signature back while the declaration is open; the log keeps that it signed and why it
    withdrew."""
    declaration = Declaration.objects.select_for_update().get(pk=signature.declaration_id)
    if not permissions.can_withdraw(by, signature):
        raise PermissionDenied
    SignatureLog.objects.create(
        declaration=declaration, city=signature.city, action=SignatureAction.WITHDRAWN, version=signature.version,
        by=by, reason=reason,
    )  # fmt: skip
    logger.info("%s withdrew from %s by %s: %s", signature.city, declaration.slug, by, reason)
    signature.delete()


@transaction.atomic
def signature_record_on_paper(
    *, declaration: Declaration, city: City, signed_on: datetime.date, by: User | None = None
) -> Signature:
    """A signature given on paper at the ceremony, recorded afterwards; the city signed the latest version."""
    latest = latest_version(declaration)
    signature, created = Signature.objects.get_or_create(
        declaration=declaration, city=city, defaults={"signed_on": signed_on, "on_paper": True, "version": latest}
    )
    if created:
        SignatureLog.objects.create(
            declaration=declaration, city=city, action=SignatureAction.RECORDED, version=latest, by=by,
            reason=f"Signed on paper on {signed_on.isoformat()}.",
        )  # fmt: skip
        logger.info("Paper signature of %s on %s recorded by %s", city, declaration.slug, by)
    return signature
