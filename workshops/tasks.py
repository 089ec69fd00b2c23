from celery import shared_task

from workshops.services import practice_image_renditions_make


@shared_task(bind=True, acks_late=True, max_retries=3)
def practice_image_renditions(self, *, image_id: int) -> None:
    try:
        practice_image_renditions_make(image_id=image_id)
    except OSError as error:
        raise self.retry(exc=error, countdown=10 * (self.request.retries + 1)) from error
