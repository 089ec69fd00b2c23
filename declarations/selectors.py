"""Reads for declarations."""

import unicodedata
from itertools import groupby

from django.db.models import Count, Prefetch, QuerySet
from django_countries import countries

from declarations.models import Declaration, Signature


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
