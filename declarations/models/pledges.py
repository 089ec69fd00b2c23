"""The cities' pledges under a declaration, their progress updates and their status history."""

import uuid

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from declarations.models.texts import Declaration
from summit.model_bases import ImageWithRenditions, Transition


class PledgeStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class Pledge(models.Model):
    """A signatory city's concrete local action, followed up with progress updates for years."""

    declaration = models.ForeignKey(Declaration, on_delete=models.PROTECT, related_name="pledges")
    city = models.ForeignKey("summit.City", verbose_name=_("city"), on_delete=models.PROTECT, related_name="pledges")
    topic = models.ForeignKey("summit.Topic", verbose_name=_("topic"), on_delete=models.PROTECT, related_name="pledges")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=4000, help_text=_("Markdown: what, where, for whom."))
    target_date = models.DateField(_("target date"))
    status = models.CharField(_("status"), max_length=12, choices=PledgeStatus.choices, default=PledgeStatus.PLANNED)
    is_demo = models.BooleanField(_("demo content"), default=False)
    created_by = models.ForeignKey(
        "summit.User", verbose_name=_("created by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["target_date", "id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("declarations:pledge", kwargs={"slug": self.declaration.slug, "pk": self.pk})

    @property
    def is_overdue(self) -> bool:
        """Past its target date (in the summit's time zone) and neither done nor dropped."""
        return timezone.localdate() > self.target_date and self.status in (
            PledgeStatus.PLANNED,
            PledgeStatus.IN_PROGRESS,
        )


def pledge_photo_path(instance, filename):
    return f"pledges/{instance.pledge_id}/{uuid.uuid4().hex}{filename[filename.rfind('.') :]}"


class PledgeUpdate(ImageWithRenditions):
    """A progress report on a pledge, written by a delegate of its city, with a photo if they have one (stored
    cleaned by summit.images; renditions follow from Celery)."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField(_("what happened"), max_length=4000)
    original = models.ImageField(_("photo"), upload_to=pledge_photo_path, blank=True)
    photo_alt = models.CharField(_("what the photo shows"), max_length=200, blank=True)
    posted_on = models.DateField(_("date"))
    by = models.ForeignKey(
        "summit.User", verbose_name=_("by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-posted_on", "-id"]

    def __str__(self):
        return f"{self.pledge}: {self.posted_on}"


class PledgeTransition(Transition):
    """A pledge's history: planned → in progress → done, or dropped."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="transitions")

    class Meta(Transition.Meta):
        pass
