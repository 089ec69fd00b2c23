"""The Montréal reference text and the summit's own declaration: clauses, text versions and the cities' signatures.

The text that is signed is a DeclarationVersion: a frozen copy of the clauses. A signature records the version the
city signed, so the text on record never changes under a signature.
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from summit.model_bases import ImageWithRenditions, Transition
from summit.models import DelegateTitle


class DeclarationStatus(models.TextChoices):
    REFERENCE = "reference", _("Reference text")
    DRAFT = "draft", _("Draft")
    OPEN = "open_for_signature", _("Open for signature")
    ADOPTED = "adopted", _("Adopted")


class Declaration(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    place = models.CharField(_("place"), max_length=100)
    status = models.CharField(
        _("status"), max_length=20, choices=DeclarationStatus.choices, default=DeclarationStatus.DRAFT
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    note = models.TextField(
        _("note"), blank=True, help_text=_("Shown above the text, e.g. where the wording comes from.")
    )
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="en", help_text=_("The language of the text.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    pdf = models.FileField(_("PDF"), upload_to="declarations/", blank=True, editable=False)
    # "<version>:<signatures>" of the PDF on file: another pair means it is out of date.
    pdf_source = models.CharField(max_length=30, blank=True, editable=False)
    pdf_started_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("declaration")
        verbose_name_plural = _("declarations")
        ordering = ["-adopted_on", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("declarations:detail", kwargs={"slug": self.slug})


class Clause(models.Model):
    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="clauses")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["declaration", "number"], name="one_clause_per_number")]

    def __str__(self):
        return f"{self.declaration} § {self.number}"


class DeclarationVersion(models.Model):
    """The clauses as they stood at one moment, frozen: what a city signs."""

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    clauses = models.JSONField(_("clauses"), help_text=_("The clauses' texts, in order."))
    note = models.CharField(_("what changed"), max_length=250, blank=True)
    # The date the text itself carries, for a text loaded with its adoption date (Montréal 2015, Düsseldorf 2019):
    # the versions page dates it so, not by the day it was loaded.
    text_date = models.DateField(_("date of the text"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("text version")
        verbose_name_plural = _("text versions")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["declaration", "number"], name="one_version_per_number")]

    def __str__(self):
        return f"{self.declaration}, version {self.number}"


class VersionTranslation(models.Model):
    """An organiser's translation of one version of the text. The original is the text that is signed."""

    version = models.ForeignKey(DeclarationVersion, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=200)
    clauses = models.JSONField(_("clauses"), help_text=_("The translated clauses, in the original's order."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [models.UniqueConstraint(fields=["version", "language"], name="one_translation_per_language")]

    def __str__(self):
        return f"{self.version} ({self.language})"


class Signature(models.Model):
    """A city's signature: one per city and declaration, enforced by the database."""

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="signatures")
    city = models.ForeignKey("summit.City", verbose_name=_("city"), on_delete=models.PROTECT, related_name="signatures")
    version = models.ForeignKey(
        DeclarationVersion, verbose_name=_("text signed"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="signatures",
    )  # fmt: skip
    signed_by = models.ForeignKey(
        "summit.User", verbose_name=_("signed by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signer_title = models.CharField(_("signed as"), max_length=20, choices=DelegateTitle.choices, blank=True)
    signed_on = models.DateField(_("signed on"))
    on_paper = models.BooleanField(_("signed on paper"), default=False)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["city__country", "city__name"]
        constraints = [models.UniqueConstraint(fields=["declaration", "city"], name="one_signature_per_city")]

    def __str__(self):
        return f"{self.city} · {self.declaration}"


class DeclarationTransition(Transition):
    """A declaration's history: draft → open for signature → adopted."""

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="transitions")

    class Meta(Transition.Meta):
        pass


class SignatureAction(models.TextChoices):
    SIGNED = "signed", _("Signed")
    RECORDED = "recorded", _("Recorded from paper")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class SignatureLog(models.Model):
    """Every signature given, recorded or withdrawn: who, when, why. A withdrawn signature leaves only this."""

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="signature_log")
    city = models.ForeignKey("summit.City", verbose_name=_("city"), on_delete=models.CASCADE, related_name="+")
    action = models.CharField(_("what"), max_length=10, choices=SignatureAction.choices)
    version = models.ForeignKey(
        DeclarationVersion, verbose_name=_("text"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    by = models.ForeignKey(
        "summit.User", verbose_name=_("by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    reason = models.TextField(_("why"), blank=True)

    class Meta:
        verbose_name = _("signature log entry")
        verbose_name_plural = _("signature log")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.city}: {self.get_action_display()}"


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


class AmendmentKind(models.TextChoices):
    CHANGE = "change", _("Change a clause")
    ADD = "add", _("Add a clause after one")
    DELETE = "delete", _("Delete a clause")


class AmendmentStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class Amendment(models.Model):
    """A delegate's proposal to change a draft: change, add or delete a clause, always with a reason.

    `clause_text` keeps the clause as it read when the amendment was proposed: if the clause changed since, the
    amendment is outdated and cannot be accepted as it stands.
    """

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="amendments")
    kind = models.CharField(_("kind"), max_length=10, choices=AmendmentKind.choices)
    clause = models.ForeignKey(
        Clause, verbose_name=_("clause"), on_delete=models.SET_NULL, null=True, blank=True, related_name="amendments"
    )
    clause_text = models.TextField(_("clause as proposed against"), blank=True, editable=False)
    text = models.TextField(_("new text"), blank=True, max_length=2000)
    reason = models.TextField(_("reason"), max_length=2000)
    proposed_by = models.ForeignKey(
        "summit.User", verbose_name=_("proposed by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    city = models.ForeignKey("summit.City", verbose_name=_("city"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=AmendmentStatus.choices, default=AmendmentStatus.PROPOSED
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"#{self.pk} {self.get_kind_display()}"

    @property
    def is_outdated(self) -> bool:
        """The clause it amends changed, or is gone, since it was proposed."""
        if self.status != AmendmentStatus.PROPOSED:
            return False
        return self.clause_id is None or self.clause.text != self.clause_text


class AmendmentSupport(models.Model):
    amendment = models.ForeignKey(Amendment, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey("summit.User", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [models.UniqueConstraint(fields=["amendment", "user"], name="one_support_per_person")]

    def __str__(self):
        return f"{self.user} supports {self.amendment}"


class AmendmentTransition(Transition):
    """An amendment's history: proposed → accepted or rejected, with the organiser's reason."""

    amendment = models.ForeignKey(Amendment, on_delete=models.CASCADE, related_name="transitions")

    class Meta(Transition.Meta):
        pass
