"""Writes for the summit domain: accounts, invitations and email."""

import base64
import datetime
import logging
import secrets
from collections.abc import Callable

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from summit.model_bases import InvitationBase
from summit.models import Delegate, Invitation, InvitationRole, User
from summit.outbox import task_queue
from summit.permissions import FACILITATORS, ORGANISERS
from summit.tasks import email_send

logger = logging.getLogger(__name__)


def role_permissions_grant(*, group: str, app_label: str, codenames: list[str] | None = None) -> None:
    """Give `group` the admin permissions of one app (all of them, or the ones named), creating the group."""
    role, _created = Group.objects.get_or_create(name=group)
    permissions = Permission.objects.filter(content_type__app_label=app_label)
    if codenames is not None:
        permissions = permissions.filter(codename__in=codenames)
    role.permissions.add(*permissions)


def organisers_grant(sender, **kwargs) -> None:
    """A post_migrate receiver each app connects for itself: organisers manage that app from the admin."""
    role_permissions_grant(group=ORGANISERS, app_label=sender.label)


def role_groups_ensure() -> None:
    """The core's role groups: organisers get accounts and the summit's own models; each app adds its own."""
    for app_label in ["summit", "account", "mfa"]:
        role_permissions_grant(group=ORGANISERS, app_label=app_label)
    Group.objects.get_or_create(name=FACILITATORS)


class InvitationError(Exception):
    """An invitation link that cannot be used; `reason` is one of unknown, used, expired."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def email_compose(
    *,
    to: str,
    subject: str,
    template: str,
    context: dict,
    attachments: list | None = None,
    headers: dict | None = None,
) -> None:
    """The one way a service sends an email: built by `email_build`, queued to leave after the commit
    (`email_queue`). Emails to a person that they can turn off go through `summit.notifications.notify`."""
    message = email_build(
        to=to, subject=subject, template=template, context=context, attachments=attachments, headers=headers
    )
    email_queue(message=message)


def email_build(
    *, to: str, subject: str, template: str, context: dict, attachments: list | None = None, headers: dict | None = None
) -> EmailMessage:
    """An email with the summit's subject prefix, the body from `template`, from the summit's address, to one
    address. Sent through `email_queue`, or in batches over one connection by a task that owns its delivery."""
    return EmailMessage(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body=render_to_string(template, context),
        from_email=settings.DEFAULT_FROM_EMAIL, to=[to], attachments=attachments or [], headers=headers or {},
    )  # fmt: skip


def email_queue(*, message: EmailMessage) -> None:
    """Send an email from a Celery worker once the current transaction has committed, through the outbox."""
    html = None
    if isinstance(message, EmailMultiAlternatives):
        html = next((content for content, mimetype in message.alternatives if mimetype == "text/html"), None)
    payload = {
        "subject": message.subject,
        "body": message.body,
        "to": list(message.to),
        "from_email": message.from_email,
        "html": html,
        "headers": dict(message.extra_headers),
    }
    if message.attachments:  # (filename, content, mimetype); the task's arguments are JSON, so bytes as base64
        payload["attachments"] = [
            [name, base64.b64encode(content if isinstance(content, bytes) else content.encode()).decode(), mimetype]
            for name, content, mimetype in message.attachments
        ]
    task_queue(email_send, **payload)


def invitation_send(*, invitation: Invitation, by: User) -> Invitation:
    """Issue a fresh single-use key for `invitation` (new or pending), save it and email the link."""
    if invitation.is_accepted:
        raise ValueError("An accepted invitation cannot be sent again.")
    key = invitation_key_issue(invitation=invitation, by=by)
    invitation.save()
    url = settings.SITE_URL + reverse("invitation_accept", kwargs={"key": key})
    context = {"invitation": invitation, "url": url, "valid_days": settings.INVITATION_VALID_DAYS}
    email_compose(
        to=invitation.email, subject=_("You are invited to the Living Together Summit"),
        template="summit/email/invitation.txt", context=context,
    )  # fmt: skip
    logger.info("Invitation %s sent to %s by %s", invitation.pk, invitation.email, by)
    return invitation


def invitation_key_issue(*, invitation: InvitationBase, by: User) -> str:
    """A fresh single-use key for an invitation of any kind (not saved yet): its hash and expiry set on the row, the
    key itself returned for the email and never stored."""
    key = secrets.token_urlsafe(32)
    invitation.key_hash = invitation.hash_key(key)
    invitation.expires_at = timezone.now() + datetime.timedelta(days=settings.INVITATION_VALID_DAYS)
    invitation.invited_by = by
    invitation.email = User.objects.normalize_email(invitation.email)
    return key


def invitation_pending(invitations: QuerySet, *, key: str):
    """The invitation in `invitations` for `key`, or InvitationError saying why it cannot be used (unknown, used,
    expired). Every kind of invitation (delegates', a showing's moderators') has a hashed key, `accepted_at` and
    `expires_at`."""
    invitation = invitations.filter(key_hash=Invitation.hash_key(key)).first()
    if invitation is None:
        raise InvitationError("unknown")
    if invitation.accepted_at is not None:
        raise InvitationError("used")
    if timezone.now() >= invitation.expires_at:
        raise InvitationError("expired")
    return invitation


def invitation_check(*, key: str) -> Invitation:
    """The pending delegate invitation for `key`, or InvitationError saying why it cannot be used."""
    return invitation_pending(Invitation.objects.select_related("city"), key=key)


@transaction.atomic
def invitation_use(
    *, invitations: QuerySet, key: str, user: User, grant: Callable[[InvitationBase, User], None]
) -> InvitationBase:
    """Accept an invitation of any kind for `user`: the pending one for `key` (InvitationError when unknown, used or
    expired), locked so that of two accepts at once one wins, only by the address it was sent to; `grant` gives
    what this kind of invitation gives, then it is used up."""
    pending = invitation_pending(invitations, key=key)
    invitation = invitations.model.objects.select_for_update().get(pk=pending.pk)
    if invitation.is_accepted:
        raise InvitationError("used")
    if user.email.casefold() != invitation.email.casefold():
        raise ValueError("An invitation can only be accepted by the address it was sent to.")
    grant(invitation, user)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    logger.info("%s %s accepted by user %s", invitation._meta.verbose_name, invitation.pk, user.pk)
    return invitation


@transaction.atomic
def invitation_signup(*, invitations: QuerySet, key: str, name: str, password: str, accept: Callable) -> User:
    """Create the invited person's account (its address verified by the emailed link) and accept the invitation
    with `accept(key=, user=)`, the kind's own accept service."""
    invitation = invitation_pending(invitations, key=key)
    user = user_create_verified(email=invitation.email, name=name, password=password)
    accept(key=key, user=user)
    return user


def _role_grant(invitation: Invitation, user: User) -> None:
    if invitation.role == InvitationRole.FACILITATOR:
        user.groups.add(Group.objects.get_or_create(name=FACILITATORS)[0])
    else:
        Delegate.objects.update_or_create(user=user, city=invitation.city, defaults={"title": invitation.role})


def invitation_accept(*, key: str, user: User) -> Invitation:
    """Attach the invited role (a city's delegate, or facilitator) to `user` and use up the invitation."""
    return invitation_use(invitations=Invitation.objects.all(), key=key, user=user, grant=_role_grant)


def user_create_verified(*, email: str, name: str, password: str) -> User:
    """An account whose address is verified already, because the person opened a link sent to it."""
    user = User.objects.create_user(email=email, password=password, name=name)
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    return user


def user_signup_from_invitation(*, key: str, name: str, password: str) -> User:
    """Create the invited person's account and attach the role."""
    return invitation_signup(
        invitations=Invitation.objects.all(), key=key, name=name, password=password, accept=invitation_accept
    )


def user_emails_off(*, user: User) -> User:
    """The one-click link in every notification email: no more such emails for this person."""
    user.emails_enabled = False
    user.save(update_fields=["emails_enabled"])
    logger.info("User %s turned notification emails off", user.pk)
    return user


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Delete an account. What the person wrote stays, without their name ("former participant"); so do their
    reactions and reports, anonymous, so that the counts others see stay true."""
    logger.info("User %s deleted their account", user.pk)
    user.delete()
