"""One search over the index, the same interface on both databases.

PostgreSQL: the words are parsed as a web search (quotes for phrases, - to exclude) by each language's stemmer
and by the plain one, any of them may match; results are ranked by weight (titles over names over text). When
nothing matches, names and titles close to the words (trigrams, for typos: "Viena") are offered instead.
SQLite (the embedded default): FTS5, each word matching as a prefix of its first letters (a poor man's stemmer),
ranked by bm25 with titles over text; there is no typo fallback.
"""

import html
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from hubs.models import SearchEntry
from hubs.search.documents import ANY_LANGUAGE
from hubs.search.index import CONFIGS, NAMES_CONFIG, fold

PER_PAGE = 20
SNIPPET = 220
SIMILAR_ENOUGH = 0.4
# Bounds the work of one query on SQLite, where ranking happens before the filters.
SQLITE_MATCHES = 2000


@dataclass
class Hit:
    entry: SearchEntry
    title: SafeString
    snippet: SafeString


@dataclass
class Results:
    page: Page
    hits: list[Hit]
    similar: bool  # nothing matched the words; these are close to them


def _words(query: str) -> list[str]:
    return re.findall(r"\w+", fold(query))[:12]


def _stem(word: str) -> str:
    """The start of a word that its other forms share, roughly ("wohnungen" → "wohnung")."""
    return word[: max(4, len(word) - 2)] if len(word) > 4 else word


def _highlighted(text: str, stems: list[str], length: int | None = None) -> SafeString:
    """`text` escaped, the words starting with a stem marked; cut to about `length` around the first of them."""
    folded = fold(text)
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, stems)) + r")\w*") if stems else None
    spans = [match.span() for match in pattern.finditer(folded)] if pattern else []
    start, end = 0, len(text)
    if length is not None and len(text) > length:
        first = spans[0][0] if spans else 0
        start = max(0, text.rfind(" ", 0, max(0, first - length // 4)) + 1) if first > length // 4 else 0
        end = text.find(" ", start + length)
        end = len(text) if end < 0 else end
    out, at = [], start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        out += [html.escape(text[at:span_start]), "<mark>", html.escape(text[span_start:span_end]), "</mark>"]
        at = span_end
    out.append(html.escape(text[at:end]))
    return mark_safe(("… " if start else "") + "".join(out) + (" …" if end < len(text) else ""))  # noqa: S308


def _hit(entry: SearchEntry, stems: list[str]) -> Hit:
    language = get_language() or settings.LANGUAGE_CODE
    texts = entry.texts
    title, body = texts.get(language) or texts.get(ANY_LANGUAGE) or next(iter(texts.values()))
    return Hit(
        entry=entry, title=_highlighted(title, stems), snippet=_highlighted(" ".join(body.split()), stems, SNIPPET)
    )


def _postgres(entries: QuerySet, query: str) -> tuple[QuerySet, bool]:
    parsed = SearchQuery(query, config=NAMES_CONFIG, search_type="websearch")
    for config in CONFIGS.values():
        parsed = parsed | SearchQuery(query, config=config, search_type="websearch")
    found = entries.filter(vector=parsed).annotate(rank=SearchRank(F("vector"), parsed)).order_by("-rank", "-date")
    if found.exists():
        return found, False
    similar = entries.annotate(similarity=TrigramWordSimilarity(fold(query), "plain"))
    return similar.filter(similarity__gte=SIMILAR_ENOUGH).order_by("-similarity", "-date"), True


def _sqlite(entries: QuerySet, words: list[str]) -> list[int]:
    match = " ".join(f'"{_stem(word)}"*' for word in words)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid FROM hubs_searchtext WHERE hubs_searchtext MATCH %s"
            " ORDER BY bm25(hubs_searchtext, 5.0, 1.0) LIMIT %s",
            [match, SQLITE_MATCHES],
        )
        ranked = [row[0] for row in cursor.fetchall()]
    allowed = set(entries.filter(pk__in=ranked).values_list("pk", flat=True))
    return [pk for pk in ranked if pk in allowed]


def search(*, query: str, kind: str = "", topic=None, city=None, page: str | int = 1) -> Results:
    """What the public may read that matches `query`, best first, one page of it, filtered by kind, topic, city."""
    entries = SearchEntry.objects.filter(visible_from__lte=timezone.now())
    if kind:
        entries = entries.filter(kind=kind)
    if topic is not None:
        entries = entries.filter(topic=topic)
    if city is not None:
        entries = entries.filter(city=city)
    words = _words(query)
    stems = [_stem(word) for word in words]
    related = ("city", "topic")
    if not words:
        found_page = Paginator([], PER_PAGE).get_page(1)
        return Results(page=found_page, hits=[], similar=False)
    if connection.vendor == "postgresql":
        found, similar = _postgres(entries, query)
        found_page = Paginator(found.select_related(*related), PER_PAGE).get_page(page)
        rows = list(found_page)
    else:
        similar = False
        found_page = Paginator(_sqlite(entries, words), PER_PAGE).get_page(page)
        by_pk = SearchEntry.objects.select_related(*related).in_bulk(list(found_page))
        rows = [by_pk[pk] for pk in found_page if pk in by_pk]
    return Results(page=found_page, hits=[_hit(entry, stems) for entry in rows], similar=similar)
