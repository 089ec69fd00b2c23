from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class EditionStatus(models.TextChoices):
    COMPILING = "compiling", _("Compiling")
    PUBLISHED = "published", _("Published")
    FAILED = "failed", _("Failed")
    SUPERSEDED = "superseded", _("Superseded")


class Edition(models.Model):
    """The immutable result of one compile. Exactly one published edition is current."""

    number = models.PositiveIntegerField(_("number"), unique=True)
    status = models.CharField(
        _("status"), max_length=12, choices=EditionStatus.choices, default=EditionStatus.COMPILING
    )
    is_current = models.BooleanField(_("current"), default=False)
    content_hash = models.CharField(_("content hash"), max_length=64, blank=True)
    exhibits_total = models.PositiveIntegerField(_("exhibits"), default=0)
    exhibits_done = models.PositiveIntegerField(_("exhibits done"), default=0)
    catalogue = models.FileField(_("catalogue"), upload_to="exhibition/catalogues/", blank=True)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    weasyprint_seconds = models.FloatField(_("seconds inside WeasyPrint"), default=0)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=models.Q(is_current=True), name="one_current_edition"
            )
        ]

    def __str__(self):
        return f"Edition {self.number}"

    def get_absolute_url(self):
        return reverse("edition_detail", kwargs={"number": self.number})


class ExhibitKind(models.TextChoices):
    OVERVIEW = "overview", _("Overview")
    TOPIC = "topic", _("Topic")
    WORKSHOP = "workshop", _("Workshop")
    PRACTICE = "practice", _("Best practice")


class Exhibit(models.Model):
    """One page (and, for topics, one poster) of an edition, frozen at compile time."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="exhibits")
    key = models.CharField(_("key"), max_length=120, help_text=_("Stable across editions, e.g. topic:healthy-cities"))
    kind = models.CharField(_("kind"), max_length=10, choices=ExhibitKind.choices)
    slug = models.SlugField(_("slug"), max_length=120)
    title = models.CharField(_("title"), max_length=250)
    order = models.PositiveIntegerField(default=0)
    payload = models.JSONField(_("payload"))
    content_hash = models.CharField(_("content hash"), max_length=64)
    poster = models.FileField(_("poster"), upload_to="exhibition/posters/", blank=True)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        verbose_name = _("exhibit")
        verbose_name_plural = _("exhibits")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["edition", "key"], name="one_exhibit_per_key")]

    def __str__(self):
        return self.title

    @property
    def has_poster(self) -> bool:
        return self.kind == ExhibitKind.TOPIC


class CompileLock(models.Model):
    """A single row; starting a compile locks it, so two starts cannot both create an edition."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)

    class Meta:
        verbose_name = _("compile lock")

    def __str__(self):
        return "compile lock"


class CataloguePart(models.Model):
    """Pages of the catalogue rendered once and reused by every later edition whose part has the same content.

    The catalogue is put together from these parts (the overview and topics, each workshop, the practices), so
    a change to one topic re-renders only the parts it touches.
    """

    key = models.CharField(_("key"), max_length=120)
    content_hash = models.CharField(_("content hash"), max_length=64)
    pdf = models.FileField(_("PDF"), upload_to="exhibition/parts/")
    pages = models.PositiveIntegerField(_("pages"))
    # Exhibit slug → page index (from 0) inside this part, for the contents and the bookmarks.
    anchors = models.JSONField(_("anchors"), default=dict)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("catalogue part")
        verbose_name_plural = _("catalogue parts")
        constraints = [models.UniqueConstraint(fields=["key", "content_hash"], name="one_part_per_content")]

    def __str__(self):
        return self.key
