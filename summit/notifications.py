"""Emails about the discussion: each carries a one-click link that turns such emails off."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from summit.models import User
from summit.services import email_compose

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


def notify(*, user: User | None, subject: str, template: str, context: dict) -> bool:
    """Queue one email to `user` unless they turned such emails off. Returns whether one was queued."""
    if user is None or not user.emails_enabled or not user.email:
        return False
    off = unsubscribe_url(user)
    email_compose(
        to=user.email, subject=subject, template=template, context={**context, "user": user, "unsubscribe_url": off},
        headers={"List-Unsubscribe": f"<{off}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )  # fmt: skip
    return True
