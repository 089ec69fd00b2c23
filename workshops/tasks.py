from celery import shared_task

from workshops.capture import outcome_photo_renditions_make
from workshops.services import practice_image_renditions_make


@shared_task(bind=True, acks_late=True, max_retries=3)
def practice_image_renditions(self, *, image_id: int) -> None:
    try:
        practice_image_renditions_make(image_id=image_id)
    except OSError as error:
        raise self.retry(exc=error, countdown=10 * (self.request.retries + 1)) from error


@shared_task(bind=True, acks_late=True, max_retries=3)
def outcome_photo_renditions(self, *, photo_id: int) -> None:
    try:
        outcome_photo_renditions_make(photo_id=photo_id)
    except OSError as error:
        raise self.retry(exc=error, countdown=10 * (self.request.retries + 1)) from error
