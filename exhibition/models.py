from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from summit.models import DelegateTitle
from summit.text import localised


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
    def display_title(self) -> str:
        """The title in the reader's language where the organisers translated it, else English."""
        return localised({"title": self.title, "i18n": self.payload.get("i18n", {})}, "title")

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


class Thread(models.Model):
    """The discussion of one exhibit, on its stable key, so comments outlive every edition."""

    key = models.CharField(_("key"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=250)
    city = models.ForeignKey(
        "summit.City",
        verbose_name=_("city concerned"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("For a practice: its city, whose delegates answer officially."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        ordering = ["key"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        kind, _sep, name = self.key.partition(":")
        if kind == "topic":
            return reverse("topic_exhibit", kwargs={"slug": name})
        if kind == "workshop":
            return reverse("workshop_exhibit", kwargs={"pk": int(name)})
        if kind == "practice":
            return reverse("practice_detail", kwargs={"pk": int(name)})
        return reverse("exhibition_home")

    def page_url(self, showing: "Showing | None" = None) -> str:
        """Where this thread is read: its exhibit page, or a showing's own page for the showing's comments."""
        if showing is not None:
            return reverse("showing_topic", kwargs={"city": showing.city.slug, "slug": self.key.partition(":")[2]})
        return self.get_absolute_url()


class Showing(models.Model):
    """A city presents the exhibition to its own citizens, with its own discussion and its own poster kit.

    Its pages live under /exhibition/cities/<city>/; comments made there belong to the showing and are moderated by
    its moderators (and the organisers). The kit's posters point their QR codes at the showing's own pages.
    """

    city = models.OneToOneField("summit.City", verbose_name=_("city"), on_delete=models.CASCADE, related_name="showing")
    edition = models.ForeignKey(
        Edition,
        verbose_name=_("edition"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"status__in": [EditionStatus.PUBLISHED, EditionStatus.SUPERSEDED]},
        help_text=_("Leave empty to follow the current edition."),
    )
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("The language of the poster kit."),
    )
    starts_on = models.DateField(_("opens"))
    ends_on = models.DateField(_("closes"))
    venue = models.CharField(_("venue"), max_length=250, help_text=_("Where the posters hang, with the address."))
    moderators = models.ManyToManyField(
        "summit.User",
        verbose_name=_("moderators"),
        blank=True,
        related_name="showings_moderated",
        help_text=_("They moderate this showing's comments in the admin."),
    )
    blocked_authors = models.ManyToManyField(
        "summit.User",
        verbose_name=_("blocked from writing here"),
        blank=True,
        related_name="+",
        help_text=_("People this showing's moderators stopped from writing at this showing."),
    )
    kit = models.FileField(_("poster kit"), upload_to="exhibition/kits/", blank=True)
    # "<edition number>:<language>" of the kit on file; a different pair means the kit is out of date.
    kit_source = models.CharField(max_length=20, blank=True, editable=False)
    kit_started_at = models.DateTimeField(null=True, blank=True, editable=False)
    kit_posters_done = models.PositiveSmallIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("showing")
        verbose_name_plural = _("showings")
        ordering = ["starts_on", "city__name"]

    def __str__(self):
        return f"{self.title} ({self.city})"

    def get_absolute_url(self):
        return reverse("showing_detail", kwargs={"city": self.city.slug})

    def state_on(self, day) -> str:
        """Whether the showing is "upcoming", "open" or "closed" on `day`; its discussion stays open after."""
        if day < self.starts_on:
            return "upcoming"
        return "open" if day <= self.ends_on else "closed"

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A showing cannot close before it opens.")})


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    PUBLISHED = "published", _("Published")
    HIDDEN = "hidden", _("Hidden")
    REMOVED = "removed", _("Removed")
    DELETED = "deleted", _("Deleted by its author")


class Comment(models.Model):
    thread = models.ForeignKey(Thread, verbose_name=_("thread"), on_delete=models.CASCADE, related_name="comments")
    showing = models.ForeignKey(
        Showing,
        verbose_name=_("showing"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
        help_text=_("Empty for the summit's own exhibition."),
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("reply to"), on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    author = models.ForeignKey(
        "summit.User", verbose_name=_("author"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    guest_name = models.CharField(_("guest name"), max_length=80, blank=True)
    body = models.TextField(_("comment"), max_length=2000)
    body_html = models.TextField(editable=False)
    status = models.CharField(_("status"), max_length=10, choices=CommentStatus.choices, db_index=True)
    is_official = models.BooleanField(_("official answer"), default=False)
    # The facts of an official answer; its label is worded in each reader's language (official_label).
    official_city = models.ForeignKey(
        "summit.City", verbose_name=_("answered for"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    official_title = models.CharField(_("answered as"), max_length=20, choices=DelegateTitle.choices, blank=True)
    moderation_reason = models.CharField(_("reason shown to the author"), max_length=250, blank=True)
    flag_count = models.PositiveIntegerField(_("flags"), default=0)
    reaction_count = models.PositiveIntegerField(_("reactions"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["thread", "showing", "parent", "status", "-created_at"])]

    def __str__(self):
        return self.body[:60]

    def get_absolute_url(self):
        return f"{self.thread.page_url(self.showing)}#comment-{self.pk}"

    @property
    def official_label(self) -> str:
        """“Mayor of Arnhem”, in the current language."""
        if not self.official_city_id:
            return self.get_official_title_display()
        return _("%(title)s of %(city)s") % {"title": self.get_official_title_display(), "city": self.official_city}

    @property
    def display_name(self) -> str:
        if self.author_id:
            return self.author.name or _("Participant")
        return self.guest_name or _("former participant")


class ReactionKind(models.TextChoices):
    HELPFUL = "helpful", _("Helpful")
    AGREE = "agree", _("Agree")


class Reaction(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey("summit.User", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=ReactionKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [models.UniqueConstraint(fields=["comment", "user", "kind"], name="one_reaction_per_kind")]

    def __str__(self):
        return self.kind


class Flag(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="flags")
    user = models.ForeignKey("summit.User", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=250)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        constraints = [models.UniqueConstraint(fields=["comment", "user"], name="one_flag_per_user")]

    def __str__(self):
        return self.reason
