"""Thin Celery tasks around exhibition.services: the nightly compile fans out one task per catalogue part and per
poster; the task of the last part to finish joins the catalogue, and the last of the posters and the join queues
the publish.

Tasks are leaves: services import this module to queue work, so each task imports its service when it runs.
"""

import logging

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

from summit.tasks import RETRIES, retry_then_fail

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def compile_nightly() -> str:
    """Beat runs this at EXHIBITION_COMPILE_AT; organisers start it from the admin. The opinion groups are computed
    first, from the votes of the day."""
    from exhibition.services import editions, rendering  # noqa: PLC0415 — tasks are leaves (see the module docstring)
    from opinions.services import opinions_compute  # noqa: PLC0415 — same

    opinions_compute()

    start = editions.compile_start()
    if start.outcome == "started":
        renders = rendering.renders_in_order(edition=start.edition)
        for kind, pk in renders:
            if kind == "part":
                render_catalogue_part.delay(part_id=pk, edition_id=start.edition.pk)
            else:
                render_exhibit.delay(exhibit_id=pk, edition_id=start.edition.pk)
        if not any(kind == "part" for kind, _pk in renders):
            # Every part was kept from an earlier edition: no part's render will ask for the join.
            join_catalogue.delay(edition_id=start.edition.pk)
    return start.outcome


# Longer than any compile, shorter than the day: each night's start is taken once.
SCHEDULED_LOCK_SECONDS = 20 * 3600


@shared_task(acks_late=True)
def compile_scheduled() -> str:
    """Beat's nightly start. Exactly one beat should run; one started by mistake on a second machine sends this
    too, and only the first of the night (in the summit's time zone) compiles: a lock in the shared cache."""
    day = timezone.localdate().isoformat()
    if not cache.add(f"compile-scheduled:{day}", True, timeout=SCHEDULED_LOCK_SECONDS):
        logger.warning("The nightly compile of %s was started already, by another beat", day)
        return "already started"
    return compile_nightly()


def _next(step: str | None, *, edition_id: int) -> None:
    """Do what a finished step asked for (exhibition.services.rendering.JOIN or PUBLISH).

    The worker that rendered the last part joins the catalogue at once, while the others render the posters queued
    behind the parts (queued, the join would wait behind them). A join that fails is queued as its own task, which
    retries it and fails the edition after the last try."""
    from exhibition.services import rendering  # noqa: PLC0415 — tasks are leaves

    if step == rendering.JOIN:
        try:
            step = rendering.catalogue_make(edition_id=edition_id)
        except Exception:
            logger.warning("Joining edition %s's catalogue failed; queued to retry", edition_id, exc_info=True)
            join_catalogue.delay(edition_id=edition_id)
            return
    if step == rendering.PUBLISH:
        publish_edition.delay(edition_id=edition_id)


def _render(task, render, *, edition_id: int, what: str) -> None:
    """Run one render; retry it with backoff; after the last retry fail the edition, naming what failed."""
    from exhibition.services import editions  # noqa: PLC0415 — tasks are leaves

    step = retry_then_fail(
        task, render, fail=lambda error: editions.edition_fail(edition_id=edition_id, error=error), what=what
    )
    _next(step, edition_id=edition_id)


@shared_task(bind=True, acks_late=True, max_retries=RETRIES)
def render_exhibit(self, *, exhibit_id: int, edition_id: int) -> None:
    from exhibition.services import rendering  # noqa: PLC0415 — tasks are leaves

    _render(self, lambda: rendering.exhibit_render(exhibit_id=exhibit_id), edition_id=edition_id,
            what=f"Poster {exhibit_id}")  # fmt: skip


@shared_task(bind=True, acks_late=True, max_retries=RETRIES)
def render_catalogue_part(self, *, part_id: int, edition_id: int) -> None:
    from exhibition.services import rendering  # noqa: PLC0415 — tasks are leaves

    _render(self, lambda: rendering.part_render(part_id=part_id), edition_id=edition_id,
            what=f"Catalogue part {part_id}")  # fmt: skip


@shared_task(bind=True, acks_late=True, max_retries=RETRIES)
def join_catalogue(self, *, edition_id: int) -> None:
    from exhibition.services import rendering  # noqa: PLC0415 — tasks are leaves

    _render(self, lambda: rendering.catalogue_make(edition_id=edition_id), edition_id=edition_id, what="Catalogue")


@shared_task(bind=True, acks_late=True, max_retries=RETRIES)
def publish_edition(self, *, edition_id: int) -> None:
    from exhibition.services import editions, showings  # noqa: PLC0415 — tasks are leaves

    retry_then_fail(
        self, lambda: editions.edition_publish(edition_id=edition_id),
        fail=lambda error: editions.edition_fail(edition_id=edition_id, error=error), what="Publish",
    )  # fmt: skip
    showings.showing_kits_refresh()


@shared_task(bind=True, acks_late=True, max_retries=RETRIES)
def build_showing_kit(self, *, showing_id: int) -> None:
    from exhibition.services import showings  # noqa: PLC0415 — tasks are leaves

    retry_then_fail(
        self, lambda: showings.showing_kit_build(showing_id=showing_id),
        fail=lambda error: showings.showing_kit_fail(showing_id=showing_id, error=error),
    )  # fmt: skip
