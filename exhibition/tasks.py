"""Thin Celery tasks around exhibition.services: the nightly compile fans out one task per poster."""

from celery import shared_task

from exhibition import services

RETRIES = 3


def _backoff(retries: int) -> int:
    return 30 * 2**retries


@shared_task(acks_late=True)
def compile_nightly() -> str:
    """Beat runs this at EXHIBITION_COMPILE_AT; organisers start it from the admin."""
    start = services.compile_start()
    if start.outcome == "started":
        pending = services.exhibits_to_render(edition=start.edition)
        for exhibit_id in pending:
            render_exhibit.delay(exhibit_id=exhibit_id, edition_id=start.edition.pk)
        if not pending:
            publish_edition.delay(edition_id=start.edition.pk)
    return start.outcome


@shared_task(bind=True, acks_late=True, max_retries=RETRIES)
def render_exhibit(self, *, exhibit_id: int, edition_id: int) -> None:
    try:
        last = services.exhibit_render(exhibit_id=exhibit_id)
    except Exception as error:
        if self.request.retries >= RETRIES:
            services.edition_fail(
                edition_id=edition_id, error=f"Poster {exhibit_id}: {error.__class__.__name__}: {error}"
            )
            raise
        raise self.retry(exc=error, countdown=_backoff(self.request.retries)) from error
    if last:
        publish_edition.delay(edition_id=edition_id)


@shared_task(bind=True, acks_late=True, max_retries=RETRIES)
def publish_edition(self, *, edition_id: int) -> None:
    try:
        services.edition_publish(edition_id=edition_id)
    except Exception as error:
        if self.request.retries >= RETRIES:
            services.edition_fail(edition_id=edition_id, error=f"Catalogue: {error.__class__.__name__}: {error}")
            raise
        raise self.retry(exc=error, countdown=_backoff(self.request.retries)) from error
    services.showing_kits_refresh()


@shared_task(bind=True, acks_late=True, max_retries=RETRIES)
def build_showing_kit(self, *, showing_id: int) -> None:
    try:
        services.showing_kit_build(showing_id=showing_id)
    except Exception as error:
        if self.request.retries >= RETRIES:
            services.showing_kit_fail(showing_id=showing_id, error=f"{error.__class__.__name__}: {error}")
            raise
        raise self.retry(exc=error, countdown=_backoff(self.request.retries)) from error


@shared_task(acks_late=True)
def delegate_digest() -> int:
    """Beat runs this every morning: one email per delegate, not one per comment."""
    from exhibition.discussion import digests_send

    return digests_send()
