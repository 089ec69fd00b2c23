"""Reads for declarations."""

import unicodedata
from itertools import groupby

from django.db.models import Case, Count, Prefetch, QuerySet, When
from django_countries import countries

from declarations.models import (
    Amendment,
    AmendmentStatus,
    AmendmentSupport,
    Declaration,
    DeclarationStatus,
    DeclarationVersion,
    Pledge,
    PledgeUpdate,
    Signature,
    VersionTranslation,
)


def declarations_public() -> QuerySet[Declaration]:
    return Declaration.objects.annotate(signature_total=Count("signatures")).order_by("-adopted_on", "title")


def declaration_with_text(*, slug: str) -> QuerySet[Declaration]:
    """The declaration with its clauses and its signatures (cities and the version each signed) in fixed queries."""
    signatures = Signature.objects.select_related("city", "version").order_by("city__country", "city__name")
    return Declaration.objects.filter(slug=slug).prefetch_related(
        "clauses", Prefetch("signatures", queryset=signatures)
    )


def signatures_by_country(*, declaration: Declaration) -> list[tuple[str, list[Signature]]]:
    """The declaration's (prefetched) signatures grouped by country, the countries named and sorted in the current
    language, the cities by name."""
    groups = groupby(declaration.signatures.all(), lambda signature: signature.city.country)
    named = [(countries.name(code) or code, list(signatures)) for code, signatures in groups]
    return sorted(named, key=lambda group: _alphabetical(group[0]))


def _alphabetical(name: str) -> str:
    """Sort "Österreich" with the O's and "Côte d'Ivoire" with the C's."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).casefold()


def pledges_of(*, declaration: Declaration | None = None, city=None, topic=None) -> QuerySet[Pledge]:
    """Pledges with their city, topic and declaration, filtered by any of them."""
    pledges = Pledge.objects.select_related("city", "topic", "declaration").order_by("target_date", "id")
    if declaration is not None:
        pledges = pledges.filter(declaration=declaration)
    if city is not None:
        pledges = pledges.filter(city=city)
    if topic is not None:
        pledges = pledges.filter(topic=topic)
    return pledges


def pledge_with_updates(*, slug: str, pk: int) -> QuerySet[Pledge]:
    return pledges_of().filter(declaration__slug=slug, pk=pk).prefetch_related("updates")


def pledge_updates_recent(*, declaration: Declaration) -> QuerySet[PledgeUpdate]:
    return (
        PledgeUpdate.objects.filter(pledge__declaration=declaration)
        .select_related("pledge__city", "pledge__declaration")
        .order_by("-posted_on", "-id")
    )


def signatures_of_city(*, city) -> QuerySet[Signature]:
    return Signature.objects.filter(city=city).select_related("declaration").order_by("-signed_on")


def versions_of(*, declaration: Declaration) -> QuerySet[DeclarationVersion]:
    return declaration.versions.annotate(signature_total=Count("signatures")).order_by("-number")


def amendments_of(*, declaration: Declaration | None = None) -> QuerySet[Amendment]:
    """Amendments with their clause, city and number of supporters; proposed ones first, oldest first."""
    amendments = (
        Amendment.objects.select_related("declaration", "clause", "city", "proposed_by")
        .annotate(support_total=Count("supports"))
        .order_by(Case(When(status=AmendmentStatus.PROPOSED, then=0), default=1), "created_at", "id")
    )
    return amendments if declaration is None else amendments.filter(declaration=declaration)


def amendments_supported_by(*, user, declaration: Declaration) -> QuerySet:
    if not user.is_authenticated:
        return Amendment.objects.none().values_list("pk", flat=True)
    return AmendmentSupport.objects.filter(user=user, amendment__declaration=declaration).values_list(
        "amendment_id", flat=True
    )


def translation_of(*, declaration: Declaration, language: str) -> VersionTranslation | None:
    """The organisers' translation of the declaration's current version into `language`, if there is one."""
    return (
        VersionTranslation.objects.filter(version__declaration=declaration, language=language)
        .order_by("-version__number")
        .filter(version__number=declaration.versions.order_by("-number").values("number")[:1])
        .first()
    )


def declarations_for_exhibition() -> list[dict]:
    """The declarations the exhibition shows (open for signature or adopted) as plain values: the current text, the
    signatory cities and the pledges."""
    signatures = Signature.objects.select_related("city").order_by("city__name")
    pledges = Pledge.objects.select_related("city", "topic").order_by("target_date", "id")
    declarations = (
        Declaration.objects.filter(status__in=[DeclarationStatus.OPEN, DeclarationStatus.ADOPTED])
        .prefetch_related(Prefetch("signatures", queryset=signatures), Prefetch("pledges", queryset=pledges))
        .order_by("adopted_on", "slug")
    )
    values = []
    for declaration in declarations:
        version = declaration.versions.order_by("-number").first()
        values.append(
            {
                "slug": declaration.slug,
                "title": declaration.title,
                "place": declaration.place,
                "status": declaration.status,
                "adopted_on": declaration.adopted_on.isoformat() if declaration.adopted_on else "",
                "version": version.number if version else 0,
                "clauses": version.clauses if version else [],
                "signatories": [{"city": s.city.name, "country": s.city.country} for s in declaration.signatures.all()],
                "pledges": [
                    {
                        "id": p.pk,
                        "title": p.title,
                        "city": p.city.name,
                        "topic": p.topic.slug,
                        "status": p.status,
                        "target_date": p.target_date.isoformat(),
                    }
                    for p in declaration.pledges.all()
                ],
            }
        )
    return values


def pledge_updates_since(*, when) -> list[dict]:
    """Progress reports on pledges posted since `when`, as plain values for an exhibition edition's changes."""
    updates = PledgeUpdate.objects.filter(created_at__gt=when).select_related("pledge__city").order_by("created_at")
    return [
        {"pledge": u.pledge.title, "city": u.pledge.city.name, "text": u.text, "posted_on": u.posted_on.isoformat()}
        for u in updates
    ]
