import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from summit.model_bases import InvitationBase, Transition
from summit.models import validate_time_zone
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
    parts_total = models.PositiveIntegerField(_("catalogue parts"), default=0)
    parts_done = models.PositiveIntegerField(_("catalogue parts done"), default=0)
    catalogue = models.FileField(_("catalogue"), upload_to="exhibition/catalogues/", blank=True)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    weasyprint_seconds = models.FloatField(_("seconds inside WeasyPrint"), default=0)
    error = models.TextField(_("error"), blank=True)
    # What is new since the edition before it (exhibition.compile.edition_changes), plus the official answers given
    # in between; empty for the first edition.
    changes = models.JSONField(_("changes"), default=dict, blank=True, editable=False)
    changes_since = models.PositiveIntegerField(_("changes since edition"), null=True, blank=True, editable=False)
    # The visitors' votes on the statements and the opinion groups as they stood when the edition was made
    # (opinions.selectors.opinions_for_open_data): counts only, for its open data, which never changes after.
    opinions = models.JSONField(_("opinions"), default=dict, blank=True, editable=False)
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
        return reverse("exhibition:edition_detail", kwargs={"number": self.number})

    @property
    def cached_pages_shown(self) -> bool:
        """Public pages show published editions and those they superseded only: a compile's start, progress and
        failure leave the cached pages alone, so a crowd reading during the nightly compile keeps them (summit.caching).
        """
        return self.status in (EditionStatus.PUBLISHED, EditionStatus.SUPERSEDED)


class EditionTransition(Transition):
    """An edition's history: compiling → published → superseded, or failed with its error."""

    cached_pages_ignore = True  # shown in the admin only; the change it records is an Edition write

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="transitions")

    class Meta(Transition.Meta):
        pass


class ExhibitKind(models.TextChoices):
    OVERVIEW = "overview", _("Overview")
    TOPIC = "topic", _("Topic")
    WORKSHOP = "workshop", _("Workshop")
    PRACTICE = "practice", _("Best practice")
    DECLARATION = "declaration", _("Declaration")
    OPINIONS = "opinions", _("What the cities think")


class Exhibit(models.Model):
    """One page (and, for topics, declarations and a topic's opinions, one poster) of an edition, frozen at compile
    time."""

    cached_pages_ignore = True  # shown only once its edition is published, which is an Edition write

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="exhibits")
    key = models.CharField(_("key"), max_length=120, help_text=_("Stable across editions, e.g. topic:healthy-cities"))
    kind = models.CharField(_("kind"), max_length=12, choices=ExhibitKind.choices)
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
        """The title in the reader's language where the organisers translated it, else English; a topic's opinions
        are "What the cities think: <topic>"."""
        title = localised({"title": self.title, "i18n": self.payload.get("i18n", {})}, "title")
        if self.kind == ExhibitKind.OPINIONS:
            return _("What the cities think: %(topic)s") % {"topic": title}
        return title

    @property
    def has_poster(self) -> bool:
        return self.kind in (ExhibitKind.TOPIC, ExhibitKind.DECLARATION, ExhibitKind.OPINIONS)


class CataloguePart(models.Model):
    """A run of the catalogue's pages (the overview; a topic; the declarations; a topic's workshops; a topic's
    practices; what is new), rendered by its own task like a poster and reused by a later edition whose part has
    the same content. exhibition.services.printing plans the parts and joins them."""

    cached_pages_ignore = True

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="catalogue_parts")
    key = models.CharField(_("key"), max_length=120)
    order = models.PositiveIntegerField(default=0)
    content_hash = models.CharField(_("content hash"), max_length=64)
    pdf = models.FileField(_("PDF"), upload_to="exhibition/parts/", blank=True)
    pages = models.PositiveIntegerField(_("pages"), default=0)
    # Exhibit slug → index (from 0) of the page inside this part where the exhibit starts.
    anchors = models.JSONField(_("anchors"), default=dict)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        verbose_name = _("catalogue part")
        verbose_name_plural = _("catalogue parts")
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["edition", "key"], name="one_catalogue_part_per_key")]

    def __str__(self):
        return self.key


class CompileLock(models.Model):
    """A single row; starting a compile locks it, so two starts cannot both create an edition."""

    cached_pages_ignore = True

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)

    class Meta:
        verbose_name = _("compile lock")

    def __str__(self):
        return "compile lock"


class KitStatus(models.TextChoices):
    NONE = "none", _("Not prepared yet")
    BUILDING = "building", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


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
    venue = models.CharField(
        _("venue"), max_length=250, help_text=_("Where the posters hang, e.g. the town hall's foyer.")
    )
    address = models.CharField(_("address"), max_length=250, blank=True, help_text=_("Street, number and town."))
    time_zone = models.CharField(_("time zone"), max_length=64, default=settings.TIME_ZONE,
                                 validators=[validate_time_zone])  # fmt: skip
    # Weekday (0 = Monday, as a string) → [opens, closes] as "HH:MM"; a day not listed is closed.
    opening_hours = models.JSONField(_("opening hours"), default=dict, blank=True)
    moderators = models.ManyToManyField(
        "summit.User",
        verbose_name=_("moderators"),
        blank=True,
        related_name="showings_moderated",
        help_text=_("They moderate this showing's comments in the admin."),
    )
    kit = models.FileField(_("poster kit"), upload_to="exhibition/kits/", blank=True)
    # "<edition number>:<language>" of the kit on file; a different pair means the kit is out of date.
    kit_source = models.CharField(max_length=20, blank=True, editable=False)
    kit_status = models.CharField(
        _("poster kit status"), max_length=10, choices=KitStatus.choices, default=KitStatus.NONE, editable=False
    )
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
        return reverse("exhibition:showing_detail", kwargs={"city": self.city.slug})

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def hours_on(self, weekday: int) -> tuple[datetime.time, datetime.time] | None:
        hours = self.opening_hours.get(str(weekday))
        return (datetime.time.fromisoformat(hours[0]), datetime.time.fromisoformat(hours[1])) if hours else None

    def is_open_at(self, moment: datetime.datetime) -> bool:
        """Whether the doors are open at `moment`: within the showing's dates and that weekday's hours, in the
        showing's own time zone."""
        local = moment.astimezone(self.tzinfo)
        hours = self.hours_on(local.weekday())
        return self.state_on(local.date()) == "open" and hours is not None and hours[0] <= local.time() < hours[1]

    def state_on(self, day) -> str:
        """Whether the showing is "upcoming", "open" or "closed" on `day`; its discussion stays open after."""
        if day < self.starts_on:
            return "upcoming"
        return "open" if day <= self.ends_on else "closed"

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A showing cannot close before it opens.")})


class ModeratorInvitation(InvitationBase):
    """An invitation that makes one email address a moderator of one showing and nothing else; sent by the city's
    mayor or deputy from My city."""

    showing = models.ForeignKey(Showing, verbose_name=_("showing"), on_delete=models.CASCADE,
                                related_name="invitations")  # fmt: skip

    class Meta(InvitationBase.Meta):
        verbose_name = _("moderator invitation")
        verbose_name_plural = _("moderator invitations")

    def __str__(self):
        return f"{self.email} · {self.showing}"


class KitTransition(Transition):
    """A showing's poster kit history: each build started, finished or failed."""

    showing = models.ForeignKey(Showing, on_delete=models.CASCADE, related_name="kit_transitions")

    class Meta(Transition.Meta):
        verbose_name = _("poster kit step")
        verbose_name_plural = _("poster kit steps")
