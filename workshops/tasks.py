"""Thin Celery tasks: image renditions. Tasks are leaves: services import this module to queue work, so each task
imports its service when it runs."""

from celery import shared_task


@shared_task(bind=True, acks_late=True, max_retries=3)
def practice_image_renditions(self, *, image_id: int) -> None:
    from workshops.services import practice_image_renditions_make  # noqa: PLC0415 — tasks are leaves

    try:
        practice_image_renditions_make(image_id=image_id)
    except OSError as error:
        raise self.retry(exc=error, countdown=10 * (self.request.retries + 1)) from error


@shared_task(bind=True, acks_late=True, max_retries=3)
def outcome_photo_renditions(self, *, photo_id: int) -> None:
    from workshops.capture import outcome_photo_renditions_make  # noqa: PLC0415 — tasks are leaves

    try:
        outcome_photo_renditions_make(photo_id=photo_id)
    except OSError as error:
        raise self.retry(exc=error, countdown=10 * (self.request.retries + 1)) from error
