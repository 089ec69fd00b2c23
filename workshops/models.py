import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from summit.model_bases import ImageWithRenditions, Transition
from summit.models import City, Topic


class PracticeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Approved")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class BestPractice(models.Model):
    """What a city does for living together, in one core topic.

    The editable fields are the working copy its delegates change. The public_* fields are the approved copy that
    the public pages show: approval copies the working copy there, so an approved practice that is edited again
    stays public, unchanged, until the new text is approved too.
    """

    city = models.ForeignKey(City, verbose_name=_("city"), on_delete=models.PROTECT, related_name="practices")
    topic = models.ForeignKey(Topic, verbose_name=_("topic"), on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, help_text=_("At most 300 characters."))
    body = models.TextField(_("description"), help_text=_("Markdown: **bold**, *italic*, lists, links."))
    results = models.TextField(_("results and figures"), blank=True, help_text=_("Markdown, like the description."))
    links = models.JSONField(_("links"), default=list, blank=True)
    language = models.CharField(_("language of the text"), max_length=8, choices=settings.LANGUAGES, default="en")
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=PracticeStatus.choices,
        default=PracticeStatus.DRAFT,
        db_index=True,
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last edited by"),
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    review_comment = models.TextField(_("organisers' comment"), blank=True, editable=False)
    is_demo = models.BooleanField(_("demo content"), default=False, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)

    is_public = models.BooleanField(_("public"), default=False, editable=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    public_topic = models.ForeignKey(
        Topic,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="public_practices",
    )
    public_title = models.CharField(max_length=200, blank=True, editable=False)
    public_summary = models.CharField(max_length=300, blank=True, editable=False)
    # body_html, results_html, links, language, image ids: frozen at approval.
    public_content = models.JSONField(default=dict, blank=True, editable=False)
    public_cover = models.ForeignKey(
        "PracticeImage", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )

    class Meta:
        verbose_name = _("best practice")
        verbose_name_plural = _("best practices")
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["is_public", "-published_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("workshops:practice_detail", kwargs={"pk": self.pk})


def practice_image_path(instance, filename):
    return f"practices/{instance.practice_id}/{uuid.uuid4().hex}{filename[filename.rfind('.') :]}"


class PracticeImage(ImageWithRenditions):
    """A photo of a practice. The original is stored cleaned; renditions arrive from Celery."""

    practice = models.ForeignKey(BestPractice, on_delete=models.CASCADE, related_name="images")
    original = models.ImageField(_("image"), upload_to=practice_image_path)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    alt_text = models.CharField(
        _("description for people who cannot see the image"),
        max_length=250,
        help_text=_("Say what the photo shows, e.g. “Children planting trees in a schoolyard”."),
    )
    position = models.PositiveSmallIntegerField(default=0)
    # Removed by its editors but still part of the approved public copy until the next approval.
    removed = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["position", "id"]

    def __str__(self):
        return self.caption or self.alt_text


class PracticeTransition(Transition):
    """A practice's history: who moved it from one status to another, when, and why (the review's comment)."""

    practice = models.ForeignKey(BestPractice, on_delete=models.CASCADE, related_name="transitions")
    # With the statuses' labels, for the history the practice's authors read.
    from_status = models.CharField(_("from"), max_length=20, choices=PracticeStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=PracticeStatus.choices)

    def __str__(self):
        return f"{self.practice}: {self.from_status} → {self.to_status}"


class WorkshopStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    CLOSED = "closed", _("Closed")


class Workshop(models.Model):
    """One workshop of the Livable Cities Lab: a workshop programme item, its facilitators and its outcomes."""

    programme_item = models.OneToOneField(
        "summit.ProgrammeItem",
        verbose_name=_("programme item"),
        on_delete=models.PROTECT,
        related_name="workshop",
        limit_choices_to={"kind": "workshop"},
    )
    topic = models.ForeignKey(Topic, verbose_name=_("topic"), on_delete=models.PROTECT, related_name="workshops")
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("facilitators"), blank=True, related_name="facilitated_workshops"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=WorkshopStatus.choices, default=WorkshopStatus.PLANNED
    )
    summary = models.TextField(_("summary"), blank=True, help_text=_("Markdown. Written by the facilitators."))
    ready_for_exhibition = models.BooleanField(_("ready for the exhibition"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["programme_item__starts_at", "topic__order"]

    def __str__(self):
        return self.programme_item.title

    def get_absolute_url(self):
        return reverse("workshops:workshop_capture", kwargs={"pk": self.pk})


class WorkshopTransition(Transition):
    """A workshop's history: planned → running → closed (and reopened by an organiser), by whom and why."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="transitions")

    class Meta(Transition.Meta):
        pass


class OutcomeKind(models.TextChoices):
    INSIGHT = "insight", _("Insight")
    CHALLENGE = "challenge", _("Challenge")
    SOLUTION = "solution", _("Solution")
    COMMITMENT = "commitment", _("Commitment")
    QUESTION = "question", _("Question")


class Outcome(models.Model):
    """One thing a workshop produced. The tablet makes its UUID, so a retried save never duplicates it."""

    cached_pages_ignore = True  # public pages show outcomes only through a compiled edition (summit.caching)

    uuid = models.UUIDField(unique=True, editable=False)
    # Indexed with the order below: a workshop's list and its last place are read from that one index.
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="outcomes", db_index=False)
    kind = models.CharField(_("kind"), max_length=12, choices=OutcomeKind.choices)
    text = models.TextField(_("text"), max_length=2000)
    city = models.ForeignKey(
        City, verbose_name=_("from city"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    votes = models.PositiveIntegerField(_("dot-votes"), default=0)
    version = models.PositiveIntegerField(default=1, editable=False)
    hidden = models.BooleanField(_("hidden"), default=False)
    is_demo = models.BooleanField(_("demo content"), default=False, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["order", "id"]
        indexes = [models.Index(fields=["workshop", "order", "id"], name="outcome_workshop_order")]

    def __str__(self):
        return self.text[:60]


class Vote(models.Model):
    """One dot added (+1) or taken back (-1); the outcome keeps the running total."""

    cached_pages_ignore = True

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="vote_log")
    delta = models.SmallIntegerField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")

    def __str__(self):
        return f"{self.delta:+d} on {self.outcome_id}"


def outcome_photo_path(instance, filename):
    return f"workshops/{instance.workshop_id}/{uuid.uuid4().hex}{filename[filename.rfind('.') :]}"


class OutcomePhoto(ImageWithRenditions):
    """A photographed flipchart, cleaned by summit.images."""

    cached_pages_ignore = True

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="photos")
    original = models.ImageField(_("photo"), upload_to=outcome_photo_path)
    caption = models.CharField(_("caption"), max_length=200)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("flipchart photo")
        verbose_name_plural = _("flipchart photos")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.caption
