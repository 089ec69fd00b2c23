import logging
import smtplib

from celery import shared_task
from django.core.mail import EmailMultiAlternatives

logger = logging.getLogger(__name__)


@shared_task(
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=30 * 60,
    max_retries=6,
)
def email_send(
    *, subject: str, body: str, to: list[str], from_email: str, html: str | None = None, headers: dict | None = None
) -> None:
    """Deliver one email; network failures are retried with backoff."""
    message = EmailMultiAlternatives(subject=subject, body=body, from_email=from_email, to=to, headers=headers)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
    logger.info("Email %r sent to %s", subject, ", ".join(to))
