"""Emails about the discussion: each carries a one-click link that turns such emails off."""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.urls import reverse

from summit.models import User
from summit.services import email_build, email_queue

UNSUBSCRIBE_SALT = "summit.emails-off"


def unsubscribe_url(user: User) -> str:
    token = signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)
    return settings.SITE_URL + reverse("emails_off", kwargs={"token": token})


def user_from_token(token: str) -> User | None:
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=pk).first()


def notification_build(*, user: User, subject: str, template: str, context: dict) -> EmailMessage | None:
    """The email to `user`, with the one-click link that turns such emails off; None if they turned them off."""
    if not user.emails_enabled or not user.email or not user.is_active:
        return None
    off = unsubscribe_url(user)
    return email_build(
        to=user.email, subject=subject, template=template, context={**context, "user": user, "unsubscribe_url": off},
        headers={"List-Unsubscribe": f"<{off}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )  # fmt: skip


def notify(*, user: User | None, subject: str, template: str, context: dict) -> bool:
    """Queue one email to `user` unless they turned such emails off. Returns whether one was queued."""
    message = user and notification_build(user=user, subject=subject, template=template, context=context)
    if not message:
        return False
    email_queue(message=message)
    return True
