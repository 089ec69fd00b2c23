import base64
import logging
import smtplib
from collections.abc import Callable
from typing import TypeVar

from celery import shared_task
from django.core.mail import EmailMultiAlternatives

logger = logging.getLogger(__name__)
T = TypeVar("T")

# One policy for every task that retries, then gives up and records why on its object: three more tries after
# 30 s, 1 and 2 minutes.
RETRIES = 3


def backoff(retries: int) -> int:
    return 30 * 2**retries


def retry_then_fail(task, work: Callable[[], T], *, fail: Callable[[str], None], what: str = "") -> T:
    """Run `work` in a bound task (`max_retries=RETRIES`): on an error, retry it with the backoff; after the last
    try, `fail(error)` records the error on the task's object (an edition, a kit, a PDF) and the task fails."""
    try:
        return work()
    except Exception as error:
        if task.request.retries >= RETRIES:
            fail(f"{what}{': ' if what else ''}{error.__class__.__name__}: {error}")
            raise
        raise task.retry(exc=error, countdown=backoff(task.request.retries)) from error


@shared_task(
    bind=True,
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=30 * 60,
    max_retries=6,
)
def email_send(
    self,
    *,
    subject: str,
    body: str,
    to: list[str],
    from_email: str,
    html: str | None = None,
    headers: dict | None = None,
    attachments: list | None = None,
) -> None:
    """Deliver one email, once even when the task is delivered again; network failures are retried with backoff."""
    from summit.outbox import outbox_once  # noqa: PLC0415 — tasks are leaves

    with outbox_once(self.request.id) as first:
        if not first:
            logger.info("Email %r to %s was already sent", subject, ", ".join(to))
            return
        message = EmailMultiAlternatives(subject=subject, body=body, from_email=from_email, to=to, headers=headers)
        if html:
            message.attach_alternative(html, "text/html")
        for name, content, mimetype in attachments or []:
            message.attach(name, base64.b64decode(content), mimetype)
        message.send()
    logger.info("Email %r sent to %s", subject, ", ".join(to))


@shared_task
def outbox_drain() -> None:
    """Hand the broker what waited while it was unreachable (the beat runs this every OUTBOX_DRAIN_SECONDS)."""
    from summit.outbox import outbox_dispatch  # noqa: PLC0415 — tasks are leaves

    sent = outbox_dispatch()
    if sent:
        logger.info("Outbox: %d queued task(s) handed to the broker", sent)


@shared_task(bind=True, acks_late=True, max_retries=3)
def image_renditions(self, *, model: str, pk: int) -> None:
    """The one rendition task for every image model ("app_label.Model"); retried when the storage fails."""
    from summit.images import renditions_make  # noqa: PLC0415 — tasks are leaves

    try:
        renditions_make(model=model, pk=pk)
    except OSError as error:
        raise self.retry(exc=error, countdown=10 * (self.request.retries + 1)) from error
