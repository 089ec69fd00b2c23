"""The abstract bases the apps' models share: an invitation of any kind, a status history, an image with its
renditions. Each app's concrete models subclass them; the core's own models are in summit/models.py."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class InvitationBase(models.Model):
    """What every kind of invitation shares (a delegate's or facilitator's here, a showing moderator's in the
    exhibition): a single-use, expiring link for one email address. Only a hash of the secret key is stored; the key
    itself exists only in the email. Each kind adds only what it grants; summit.services checks and uses them all
    alike (`invitation_key_issue`, `invitation_pending`, `invitation_use`, `invitation_signup`)."""

    email = models.EmailField(_("email address"))
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), editable=False)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True, editable=False)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @property
    def is_accepted(self) -> bool:
        return self.accepted_at is not None

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at


class Transition(models.Model):
    """Who moved a row from one status to another, when, and why: the audit row every status service writes.

    Each app keeps its own table (a subclass with a foreign key to its row), so a row's history is one query.
    """

    from_status = models.CharField(_("from"), max_length=20)
    to_status = models.CharField(_("to"), max_length=20)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the system made the change (the nightly compile, a worker, reports)."),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    reason = models.TextField(_("why"), blank=True)

    class Meta:
        abstract = True
        ordering = ["-at", "-id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.from_status} → {self.to_status}"


class ImageWithRenditions(models.Model):
    """An uploaded image stored cleaned by summit.images, and the renditions Celery makes of it later."""

    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    thumbnail = models.ImageField(upload_to="renditions/%Y/%m/", blank=True, editable=False)
    card = models.ImageField(upload_to="renditions/%Y/%m/", blank=True, editable=False)
    poster = models.ImageField(upload_to="renditions/%Y/%m/", blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def renditions_ready(self) -> bool:
        return bool(self.thumbnail and self.card and self.poster)
