"""Thin Celery tasks; tasks are leaves: services import this module to queue work, each task imports its service
when it runs."""

from celery import shared_task


@shared_task(bind=True, acks_late=True, max_retries=3)
def press_photo_renditions(self, *, photo_id: int) -> None:
    from events.services.press import press_photo_renditions_make  # noqa: PLC0415 — tasks are leaves

    try:
        press_photo_renditions_make(photo_id=photo_id)
    except OSError as error:
        raise self.retry(exc=error, countdown=10 * (self.request.retries + 1)) from error
