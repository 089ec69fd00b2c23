"""Keeping the search index current: every write to a searched model refreshes its keys after the commit, the
current edition's publication refreshes the outcomes, and `search_index` rebuilds it all.

A refresh asks `documents` what is public under the key now and writes that, or removes the entry: so hiding a
comment, withdrawing a practice or deleting anything takes it out of search with the same commit. Writes through
`QuerySet.update()` send no signal; `manage.py search_index` puts the index right after such a bulk change.
"""

import datetime
import logging
import unicodedata

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ObjectDoesNotExist
from django.db import connection, transaction
from django.db.models import Value
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from declarations.models import Clause, Declaration, Pledge, PledgeUpdate, VersionTranslation
from discussion.models import Comment
from events.models import PressRelease
from exhibition.models import Edition
from hubs.models import SearchEntry, SearchKind
from hubs.search import documents
from hubs.search.documents import ANY_LANGUAGE, Document
from summit.models import ProgrammeItem
from workshops.models import BestPractice

logger = logging.getLogger(__name__)

# PostgreSQL text search configurations made by the migration: each language's stemmer after `unaccent`.
CONFIGS = {"en": "lts_english", "de": "lts_german", "fr": "lts_french"}
NAMES_CONFIG = "lts_simple"
ALWAYS = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
OUTCOMES = "outcomes"


def fold(text: str) -> str:
    """Lower case without accents, character for character (the highlighter relies on equal lengths)."""
    return "".join(unicodedata.normalize("NFKD", char)[0].lower()[0] for char in text)


def _vector(texts: dict[str, list[str]], context: str):
    """Titles weigh most (A), then the city's and topic's names (B), then the text (C); each language's text is
    stemmed by its own dictionary, text of unknown language by all three."""
    parts = [SearchVector(Value(context), config=NAMES_CONFIG, weight="B")]
    for language, (title, body) in texts.items():
        for config in CONFIGS.values() if language == ANY_LANGUAGE else [CONFIGS.get(language, NAMES_CONFIG)]:
            parts += [
                SearchVector(Value(title), config=config, weight="A"),
                SearchVector(Value(body), config=config, weight="C"),
            ]
    vector = parts[0]
    for part in parts[1:]:
        vector = vector + part
    return vector


def _text_write(entry: SearchEntry) -> None:
    if connection.vendor == "postgresql":
        SearchEntry.objects.filter(pk=entry.pk).update(vector=_vector(entry.texts, entry.context))
    elif connection.vendor == "sqlite":
        titles = " ".join(title for title, _body in entry.texts.values())
        bodies = " ".join(body for _title, body in entry.texts.values())
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM hubs_searchtext WHERE rowid = %s", [entry.pk])
            cursor.execute(
                "INSERT INTO hubs_searchtext (rowid, title, body) VALUES (%s, %s, %s)",
                [entry.pk, f"{titles} {entry.context}", bodies],
            )


def _remove(entries) -> int:
    ids = list(entries.values_list("pk", flat=True))
    if ids and connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.executemany("DELETE FROM hubs_searchtext WHERE rowid = %s", [[pk] for pk in ids])
    return SearchEntry.objects.filter(pk__in=ids).delete()[0]


def entry_write(key: str, found: Document | None, *, rebuilding: bool = False) -> SearchEntry | None:
    """Write `found` under `key`, or remove the entry when nothing public stands there. An entry counts as changed
    for the digests when it is new or its text changed; a rebuild dates new entries by the thing's own date."""
    if found is None:
        _remove(SearchEntry.objects.filter(key=key))
        return None
    texts = {language: list(pair) for language, pair in found.texts.items() if any(pair)}
    existing = SearchEntry.objects.filter(key=key).first()
    changed_at = existing.changed_at if existing and existing.texts == texts else timezone.now()
    if rebuilding and existing is None:
        changed_at = found.date
    titles = " ".join(title for title, _body in texts.values())
    entry, _created = SearchEntry.objects.update_or_create(
        key=key,
        defaults={
            "kind": found.kind, "texts": texts, "context": found.context[:300], "url": found.url[:300],
            "plain": fold(f"{titles} {found.context}"), "city": found.city, "topic": found.topic,
            "follow": found.follow, "date": found.date, "visible_from": found.visible_from or ALWAYS,
            "changed_at": changed_at,
        },
    )  # fmt: skip
    _text_write(entry)
    return entry


def outcomes_refresh(*, rebuilding: bool = False) -> int:
    """The current edition's outcomes in, earlier editions' outcomes out."""
    keys = set()
    for found in documents.outcomes_current():
        entry_write(found.key, found, rebuilding=rebuilding)
        keys.add(found.key)
    _remove(SearchEntry.objects.filter(kind=SearchKind.OUTCOME).exclude(key__in=keys))
    return len(keys)


def entries_refresh(keys) -> None:
    for key in sorted(keys):
        if key == OUTCOMES:
            outcomes_refresh()
        else:
            entry_write(key, documents.document(key))


def index_rebuild() -> int:
    """Write every public thing again and drop what is no longer public; returns how many entries there are."""
    keys = set()
    for key in documents.keys_all():
        if entry_write(key, documents.document(key), rebuilding=True) is not None:
            keys.add(key)
    _remove(SearchEntry.objects.exclude(kind=SearchKind.OUTCOME).exclude(key__in=keys))
    return len(keys) + outcomes_refresh(rebuilding=True)


def keys_refresh_after_commit(keys: list[str]) -> None:
    def search_refresh():
        entries_refresh(keys)

    # A failing refresh (the database gone at that moment) is logged, never the writer's error: the write is
    # committed, and `search_index` repairs the index. (A named function: Django's log of a robust callback reads
    # its __qualname__.)
    transaction.on_commit(search_refresh, robust=True)


def _comment_keys(thread_key: str) -> list[str]:
    """A page's comments, which search shows only while the page is public."""
    return [f"comment:{pk}" for pk in Comment.objects.filter(thread__key=thread_key).values_list("pk", flat=True)]


def _clause_keys(declaration_id: int) -> list[str]:
    return [
        f"clause:{slug}:{number}"
        for slug, number in Clause.objects.filter(declaration_id=declaration_id).values_list(
            "declaration__slug", "number"
        )
    ]


KEYS_OF = {
    BestPractice: lambda practice: [f"practice:{practice.pk}", *_comment_keys(f"practice:{practice.pk}")],
    ProgrammeItem: lambda item: [f"programme:{item.pk}"],
    PressRelease: lambda release: [f"press:{release.pk}"],
    Pledge: lambda pledge: [f"pledge:{pledge.pk}"],
    PledgeUpdate: lambda update: [f"update:{update.pk}"],
    Clause: lambda clause: (
        [f"clause:{slug}:{clause.number}"]
        if (slug := Declaration.objects.filter(pk=clause.declaration_id).values_list("slug", flat=True).first())
        else []
    ),
    Declaration: lambda declaration: (
        _clause_keys(declaration.pk)
        + [f"pledge:{pk}" for pk in Pledge.objects.filter(declaration=declaration).values_list("pk", flat=True)]
    ),
    VersionTranslation: lambda translation: _clause_keys(translation.version.declaration_id),
    Comment: lambda comment: [f"comment:{comment.pk}"],
    Edition: lambda edition: [OUTCOMES] if edition.is_current else [],
}


# Fields a search entry does not hold, whose saves alone leave it as it is (a reaction, a report under the threshold).
FIELDS_NOT_SEARCHED = {Comment: frozenset({"reaction_count", "flag_count"})}


def _written(sender, instance, update_fields=None, **kwargs):
    if kwargs.get("raw"):  # loaddata
        return
    if update_fields and set(update_fields) <= FIELDS_NOT_SEARCHED.get(sender, frozenset()):
        return
    try:
        keys = KEYS_OF[sender](instance)
    except ObjectDoesNotExist:  # a row deleted with its parent: the parent's own refresh covers it
        logger.debug("No search keys for %r", instance, exc_info=True)
        return
    if keys:
        keys_refresh_after_commit(keys)


def connect() -> None:
    for model in KEYS_OF:
        post_save.connect(_written, sender=model, dispatch_uid=f"search:{model._meta.label}")
        post_delete.connect(_written, sender=model, dispatch_uid=f"search:{model._meta.label}")
