"""Writes for the exhibition: start a compile, render one exhibit, publish or fail an edition.

The Celery tasks (tasks.py) and `manage.py compile_exhibition` call the same functions. Each one is idempotent:
it locks its row, skips work already done, writes files under a new name and switches the row last.
"""

import datetime
import logging
from dataclasses import dataclass

import segno
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from exhibition import compile as pipeline
from exhibition import selectors
from exhibition.models import CompileLock, Edition, EditionStatus, Exhibit
from summit.pdf import render_pdf

logger = logging.getLogger(__name__)

# A compile still "compiling" after this long lost its worker; the next start marks it failed.
STALE_AFTER = datetime.timedelta(hours=1)


@dataclass(frozen=True)
class CompileStart:
    outcome: str  # "started", "no_changes" or "running"
    edition: Edition | None


def exhibit_url(slug: str) -> str:
    return f"{settings.SITE_URL}/exhibition/topics/{slug}/"


@transaction.atomic
def compile_start() -> CompileStart:
    """Plan a new edition from the current sources, unless nothing changed or a compile is running."""
    CompileLock.objects.get_or_create(pk=1)
    CompileLock.objects.select_for_update().get(pk=1)
    running = Edition.objects.filter(status=EditionStatus.COMPILING).first()
    if running and timezone.now() - running.started_at < STALE_AFTER:
        return CompileStart("running", running)
    if running:
        _fail(running, "Abandoned: no progress for an hour (worker lost?).")
    plans = pipeline.plan_edition(selectors.compile_sources())
    digest = pipeline.edition_hash(plans)
    current = selectors.edition_current()
    if current and current.content_hash == digest:
        return CompileStart("no_changes", current)
    previous = {exhibit.key: exhibit for exhibit in current.exhibits.all()} if current else {}
    number = (Edition.objects.aggregate(last=Max("number"))["last"] or 0) + 1
    edition = Edition.objects.create(number=number, content_hash=digest, exhibits_total=len(plans))
    exhibits = []
    for plan in plans:
        exhibit = Exhibit(
            edition=edition, key=plan.key, kind=plan.kind, slug=plan.slug, title=plan.title, order=plan.order,
            payload=plan.payload, content_hash=plan.content_hash,
        )  # fmt: skip
        earlier = previous.get(plan.key)
        if not exhibit.has_poster:
            exhibit.done = True
        elif earlier and earlier.content_hash == plan.content_hash and earlier.poster:
            # Same content as last time: the poster is the same too. Posters are never deleted, so sharing is safe.
            exhibit.poster = earlier.poster.name
            exhibit.done = True
        exhibits.append(exhibit)
    Exhibit.objects.bulk_create(exhibits)
    edition.exhibits_done = sum(exhibit.done for exhibit in exhibits)
    edition.save(update_fields=["exhibits_done"])
    logger.info(
        "Edition %s started: %s exhibits, %s to render", number, len(exhibits), len(exhibits) - edition.exhibits_done
    )
    return CompileStart("started", edition)


def _poster_context(exhibit: Exhibit, edition: Edition) -> dict:
    url = exhibit_url(exhibit.slug)
    return {
        "exhibit": {"title": exhibit.title, "slug": exhibit.slug, **exhibit.payload},
        "edition": {"number": edition.number, "date": timezone.localdate(edition.started_at)},
        "qr_svg": segno.make(url, error="m").svg_inline(scale=4, dark="#1b1f24", omitsize=True),
        "short_url": url.split("://", 1)[-1],
    }


def exhibit_render(*, exhibit_id: int) -> bool:
    """Render one poster if it is not done yet. Returns True when this was the edition's last one."""
    exhibit = Exhibit.objects.select_related("edition").get(pk=exhibit_id)
    if exhibit.done or exhibit.edition.status != EditionStatus.COMPILING:
        return False
    rendered = render_pdf("exhibition/pdf/poster.html", _poster_context(exhibit, exhibit.edition))
    with transaction.atomic():
        exhibit = Exhibit.objects.select_for_update().get(pk=exhibit_id)
        if exhibit.done:
            return False
        exhibit.poster.save(
            f"edition-{exhibit.edition.number}-{exhibit.slug}.pdf", ContentFile(rendered.content), save=False
        )
        exhibit.done = True
        exhibit.save(update_fields=["poster", "done"])
        Edition.objects.filter(pk=exhibit.edition_id).update(
            exhibits_done=F("exhibits_done") + 1,
            weasyprint_seconds=F("weasyprint_seconds") + rendered.weasyprint_seconds,
        )
        return not Exhibit.objects.filter(edition=exhibit.edition_id, done=False).exists()


def edition_publish(*, edition_id: int) -> Edition:
    """Render the catalogue, then make the edition current in one transaction. Safe to run twice."""
    edition = Edition.objects.get(pk=edition_id)
    if edition.status != EditionStatus.COMPILING:
        return edition
    if edition.exhibits.filter(done=False).exists():
        raise RuntimeError(f"Edition {edition.number} still has posters to render.")
    exhibits = [
        {"key": e.key, "kind": e.kind, "slug": e.slug, "title": e.title, **e.payload}
        for e in selectors.edition_exhibits(edition=edition)
    ]
    rendered = render_pdf(
        "exhibition/pdf/catalogue.html",
        {
            "exhibits": exhibits,
            "edition": {"number": edition.number, "date": timezone.localdate(edition.started_at)},
            "site_url": settings.SITE_URL,
        },
    )
    with transaction.atomic():
        edition = Edition.objects.select_for_update().get(pk=edition_id)
        if edition.status != EditionStatus.COMPILING:
            return edition
        edition.catalogue.save(f"edition-{edition.number}-catalogue.pdf", ContentFile(rendered.content), save=False)
        Edition.objects.filter(is_current=True).update(is_current=False, status=EditionStatus.SUPERSEDED)
        edition.status = EditionStatus.PUBLISHED
        edition.is_current = True
        edition.published_at = edition.finished_at = timezone.now()
        edition.weasyprint_seconds += rendered.weasyprint_seconds
        edition.error = ""
        edition.save()
    logger.info("Edition %s published", edition.number)
    return edition


def _fail(edition: Edition, error: str) -> None:
    Edition.objects.filter(pk=edition.pk, status=EditionStatus.COMPILING).update(
        status=EditionStatus.FAILED, error=error[:5000], finished_at=timezone.now()
    )
    logger.error("Edition %s failed: %s", edition.number, error)


def edition_fail(*, edition_id: int, error: str) -> None:
    """Mark a compiling edition failed; the current edition is not touched."""
    edition = Edition.objects.filter(pk=edition_id).first()
    if edition:
        _fail(edition, error)


def compile_inline() -> CompileStart:
    """The whole pipeline in this process (manage.py compile_exhibition); same steps as the Celery tasks."""
    start = compile_start()
    if start.outcome != "started":
        return start
    edition = start.edition
    try:
        for exhibit_id in edition.exhibits.filter(done=False).values_list("id", flat=True):
            exhibit_render(exhibit_id=exhibit_id)
        edition = edition_publish(edition_id=edition.pk)
    except Exception as error:
        edition_fail(edition_id=edition.pk, error=f"{error.__class__.__name__}: {error}")
        edition.refresh_from_db()
    return CompileStart("started", edition)


def exhibits_to_render(*, edition: Edition) -> list[int]:
    return list(edition.exhibits.filter(done=False).values_list("id", flat=True))
