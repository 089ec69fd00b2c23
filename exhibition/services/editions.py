"""Writes for editions: start a compile, render one exhibit, publish or fail an edition.

The Celery tasks (tasks.py) and `manage.py compile_exhibition` call the same functions. Each one is idempotent:
it locks its row, skips work already done, writes files under a new name and switches the row last. Every change of
an edition's status goes through `_status_set`, which checks STATUS_FLOW and writes an EditionTransition row.
"""

import datetime
import logging
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from declarations.selectors import pledge_updates_since
from discussion.selectors import official_answers_since
from discussion.services import threads_ensure
from exhibition import compile as pipeline
from exhibition import selectors
from exhibition.models import CataloguePart, CompileLock, Edition, EditionStatus, EditionTransition, Exhibit
from exhibition.services.printing import (
    catalogue_parts_plan,
)
from exhibition.services.rendering import (
    catalogue_make,
    exhibit_render,
    exhibits_to_render,
    part_render,
    parts_to_render,
    ready_to_publish,
)
from opinions.models import StatementSource
from opinions.selectors import opinions_for_open_data
from opinions.services import statements_sync
from summit.models import City, User
from summit.transitions import transition_apply

logger = logging.getLogger(__name__)

# A compile still "compiling" after this long lost its worker; the next start marks it failed.
STALE_AFTER = datetime.timedelta(hours=1)

STATUS_FLOW = {
    EditionStatus.COMPILING: {EditionStatus.PUBLISHED, EditionStatus.FAILED},
    EditionStatus.PUBLISHED: {EditionStatus.SUPERSEDED},
    EditionStatus.FAILED: set(),
    EditionStatus.SUPERSEDED: set(),
}


@dataclass(frozen=True)
class CompileStart:
    outcome: str  # "started", "no_changes" or "running"
    edition: Edition | None


def _status_set(edition: Edition, to: str, reason: str = "") -> Edition:
    """Check, record and save a status change of a locked edition (the compile makes them: no person is named)."""
    if to == EditionStatus.SUPERSEDED:
        edition.is_current = False
    if to in (EditionStatus.PUBLISHED, EditionStatus.FAILED):
        edition.finished_at = timezone.now()
    return transition_apply(edition, to=to, table=STATUS_FLOW, history=edition.transitions, reason=reason, also=None)


@transaction.atomic
def compile_start() -> CompileStart:
    """Plan a new edition from the current sources, unless nothing changed or a compile is running."""
    CompileLock.objects.get_or_create(pk=1)
    CompileLock.objects.select_for_update().get(pk=1)
    running = Edition.objects.filter(status=EditionStatus.COMPILING).first()
    if running and timezone.now() - running.started_at < STALE_AFTER:
        return CompileStart("running", running)
    if running:
        edition_fail(edition_id=running.pk, error="Abandoned: no progress for an hour (worker lost?).")
    plans = pipeline.plan_edition(selectors.compile_sources())
    digest = pipeline.edition_hash(plans)
    _threads_open(plans)
    plans_statements_sync(plans)
    current = selectors.edition_current()
    if current and current.content_hash == digest:
        return CompileStart("no_changes", current)
    edition = _edition_create(plans, digest, current)
    exhibits = _exhibits_planned(edition, plans)
    Exhibit.objects.bulk_create(exhibits)
    parts = _catalogue_parts_create(edition, exhibits)

    edition.exhibits_done = sum(exhibit.done for exhibit in exhibits)
    edition.parts_total, edition.parts_done = len(parts), sum(part.done for part in parts)
    edition.save(update_fields=["exhibits_done", "parts_total", "parts_done"])
    logger.info(
        "Edition %s started: %s exhibits, %s posters and %s catalogue parts to render", edition.number, len(exhibits),
        len(exhibits) - edition.exhibits_done, len(parts) - edition.parts_done,
    )  # fmt: skip
    return CompileStart("started", edition)


def plans_statements_sync(plans: list) -> None:
    """Each topic's commitments and top outcomes become statements visitors weigh (opinions), kept while their
    text is unchanged."""
    for plan in plans:
        if plan.kind == "topic":
            statements_sync(topic_slug=plan.slug, items=[
                *((item["text"], StatementSource.COMMITMENT) for item in plan.payload.get("commitments", [])),
                *((item["text"], StatementSource.OUTCOME) for item in plan.payload.get("top_outcomes", [])),
            ])  # fmt: skip


def _threads_open(plans: list) -> None:
    """Topics, workshops and practices are discussed; a thread lives on the stable key and outlives every edition.
    On a practice's thread the delegates of its city give the official answers."""
    cities = dict(City.objects.values_list("slug", "pk"))
    threads_ensure(
        threads=[
            (plan.key, plan.title, cities.get(plan.payload.get("city_slug")))
            for plan in plans
            if plan.kind in ("topic", "workshop", "practice")
        ]
    )


def _edition_create(plans: list, digest: str, current: Edition | None) -> Edition:
    """The new edition, compiling, with what changed since the current one."""
    number = (Edition.objects.aggregate(last=Max("number"))["last"] or 0) + 1
    changes = {}
    if current:
        changes = pipeline.edition_changes({e.key: e.payload for e in current.exhibits.all()}, plans)
        changes["answers"] = official_answers_since(when=current.started_at)
        changes["pledge_updates"] = pledge_updates_since(when=current.started_at)
    edition = Edition.objects.create(
        number=number, content_hash=digest, exhibits_total=len(plans), changes=changes,
        changes_since=current.number if current else None, opinions=opinions_for_open_data(),
    )  # fmt: skip
    EditionTransition.objects.create(edition=edition, from_status="", to_status=EditionStatus.COMPILING)
    return edition


def _exhibits_planned(edition: Edition, plans: list) -> list[Exhibit]:
    """The edition's exhibits, not saved yet. A poster rendered for the same content by any earlier edition is
    reused, also one rendered by a compile that failed or lost its worker: work done before a crash is not done
    again. Posters are never deleted."""
    rendered = {
        (key, content_hash): poster
        for key, content_hash, poster in Exhibit.objects.filter(content_hash__in=[plan.content_hash for plan in plans])
        .exclude(poster="")
        .order_by("edition__number")
        .values_list("key", "content_hash", "poster")
    }
    exhibits = []
    for plan in plans:
        exhibit = Exhibit(
            edition=edition, key=plan.key, kind=plan.kind, slug=plan.slug, title=plan.title, order=plan.order,
            payload=plan.payload, content_hash=plan.content_hash,
        )  # fmt: skip
        earlier = rendered.get((plan.key, plan.content_hash))
        if not exhibit.has_poster:
            exhibit.done = True
        elif earlier:
            exhibit.poster = earlier
            exhibit.done = True
        exhibits.append(exhibit)
    return exhibits


def _catalogue_parts_create(edition: Edition, exhibits: list[Exhibit]) -> list[CataloguePart]:
    """The edition's catalogue parts; one rendered for the same content by any earlier edition is reused, as a
    poster is."""
    plans = catalogue_parts_plan(edition=edition, exhibits=exhibits)
    rendered = {
        (part.key, part.content_hash): part
        for part in CataloguePart.objects.filter(content_hash__in=[plan.content_hash for plan in plans], done=True)
        .exclude(pdf="")
        .order_by("edition__number")
    }
    parts = []
    for order, plan in enumerate(plans):
        earlier = rendered.get((plan.key, plan.content_hash))
        parts.append(CataloguePart(
            edition=edition, key=plan.key, order=order, content_hash=plan.content_hash, done=earlier is not None,
            **({"pdf": earlier.pdf.name, "pages": earlier.pages, "anchors": earlier.anchors} if earlier else {}),
        ))  # fmt: skip
    return CataloguePart.objects.bulk_create(parts)


def edition_publish(*, edition_id: int) -> Edition:
    """Make the edition current once its posters are done and its catalogue joined. Safe to run twice."""
    edition = Edition.objects.get(pk=edition_id)
    if edition.status != EditionStatus.COMPILING:
        return edition
    if not ready_to_publish(edition.pk):
        raise RuntimeError(f"Edition {edition.number} still has posters to render or its catalogue to join.")
    return edition_make_current(edition_id=edition_id, catalogue=b"")


@transaction.atomic
def edition_make_current(*, edition_id: int, catalogue: bytes, weasyprint_seconds: float = 0) -> Edition:
    """Publishing is one transaction: the edition (with its rendered catalogue) becomes current, the old one is
    superseded. Tests that need a published edition but no PDFs call this with an empty catalogue."""
    edition = Edition.objects.select_for_update().get(pk=edition_id)
    if edition.status != EditionStatus.COMPILING:
        return edition
    if catalogue:
        edition.catalogue.save(f"edition-{edition.number}-catalogue.pdf", ContentFile(catalogue), save=False)
    for current in Edition.objects.select_for_update().filter(is_current=True):
        _status_set(current, EditionStatus.SUPERSEDED, f"Edition {edition.number} published.")
    edition.is_current = True
    edition.published_at = timezone.now()
    edition.weasyprint_seconds += weasyprint_seconds
    edition.error = ""
    _status_set(edition, EditionStatus.PUBLISHED)
    logger.info("Edition %s published", edition.number)
    return edition


@transaction.atomic
def edition_fail(*, edition_id: int, error: str) -> None:
    """Mark a compiling edition failed, with its error; the current edition is not touched."""
    edition = Edition.objects.select_for_update().filter(pk=edition_id, status=EditionStatus.COMPILING).first()
    if edition is None:
        return
    edition.error = error[:5000]
    _status_set(edition, EditionStatus.FAILED, edition.error)
    logger.error("Edition %s failed: %s", edition.number, error)


def edition_abandon(*, edition_id: int, by: User) -> None:
    """An organiser gives up a compile whose worker was lost, so the next one can start at once (instead of after
    STALE_AFTER); the posters it rendered are reused by the next compile."""
    logger.warning("Edition %s abandoned by %s", edition_id, by)
    edition_fail(edition_id=edition_id, error=f"Abandoned by {by} (worker lost?).")


def compile_inline() -> CompileStart:
    """The whole pipeline in this process (manage.py compile_exhibition); same steps as the Celery tasks."""
    start = compile_start()
    if start.outcome != "started":
        return start
    edition = start.edition
    try:
        for exhibit_id in exhibits_to_render(edition=edition):
            exhibit_render(exhibit_id=exhibit_id)
        for part_id in parts_to_render(edition=edition):
            part_render(part_id=part_id)
        catalogue_make(edition_id=edition.pk)
        edition = edition_publish(edition_id=edition.pk)
    except Exception as error:
        edition_fail(edition_id=edition.pk, error=f"{error.__class__.__name__}: {error}")
        edition.refresh_from_db()
    return CompileStart("started", edition)
