import base64
import logging
import smtplib

from celery import shared_task
from django.core.mail import EmailMultiAlternatives

logger = logging.getLogger(__name__)


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
