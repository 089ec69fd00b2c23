"""The texts: a declaration, its clauses, its frozen versions and their translations, its status history."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from summit.model_bases import Transition


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


class DeclarationTransition(Transition):
    """A declaration's history: draft → open for signature → adopted."""

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="transitions")

    class Meta(Transition.Meta):
        pass
