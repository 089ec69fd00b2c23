"""Writes for declarations. Signing, amendments and pledges follow (issue 8); today: loading a text and recording
the signatures given on paper."""

import datetime
import logging

from django.db import transaction

from declarations.models import Clause, Declaration, DeclarationVersion, Signature
from summit.models import City, User

logger = logging.getLogger(__name__)


@transaction.atomic
def declaration_load(
    *, slug: str, title: str, place: str, status: str, adopted_on: datetime.date | None, note: str, clauses: list[str]
) -> Declaration:
    """Create or refresh a declaration from a text (seed_demo): its clauses and, when the text changed, a version."""
    declaration, _created = Declaration.objects.update_or_create(
        slug=slug, defaults={"title": title, "place": place, "status": status, "adopted_on": adopted_on, "note": note}
    )
    latest = declaration.versions.order_by("-number").first()
    if latest is None or latest.clauses != clauses:
        declaration.clauses.all().delete()
        Clause.objects.bulk_create(
            [Clause(declaration=declaration, number=number, text=text) for number, text in enumerate(clauses, 1)]
        )
        DeclarationVersion.objects.create(
            declaration=declaration, number=(latest.number + 1) if latest else 1, clauses=clauses
        )
        logger.info("Declaration %s loaded with %s clauses", slug, len(clauses))
    return declaration


def signature_record_on_paper(
    *, declaration: Declaration, city: City, signed_on: datetime.date, by: User | None = None
) -> Signature:
    """A signature given on paper at the ceremony, recorded afterwards; the city signed the latest version."""
    signature, _created = Signature.objects.get_or_create(
        declaration=declaration,
        city=city,
        defaults={
            "signed_on": signed_on,
            "on_paper": True,
            "version": declaration.versions.order_by("-number").first(),
        },
    )
    if _created:
        logger.info("Paper signature of %s on %s recorded by %s", city, declaration.slug, by)
    return signature
