import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from summit.managers import UserManager
from summit.model_bases import InvitationBase

hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #rrggbb."))


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value})


class User(AbstractUser):
    """A person who signs in with an email address. Roles come from Delegate rows and groups."""

    cached_pages_ignore_fields = frozenset({"last_login"})  # signing in changes no public page (summit.caching)

    username = None
    first_name = None
    last_name = None
    name = models.CharField(_("name"), max_length=150, blank=True)
    email = models.EmailField(_("email address"), unique=True)
    emails_enabled = models.BooleanField(
        _("emails about the discussion"), default=True, help_text=_("Answers, moderation notices and digests.")
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self):
        return self.name or self.email

    def get_full_name(self):
        return self.name or self.email

    def get_short_name(self):
        return self.name or self.email


class Summit(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True)
    slogan = models.CharField(_("slogan"), max_length=200, blank=True)
    host_city = models.CharField(_("host city"), max_length=100)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Berlin", validators=[validate_time_zone]
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    context = models.TextField(_("context"), blank=True)
    is_current = models.BooleanField(
        _("current"), default=False, help_text=_("The summit the public site shows. Only one can be current.")
    )

    class Meta:
        verbose_name = _("summit")
        verbose_name_plural = _("summits")
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=models.Q(is_current=True), name="one_current_summit"
            ),
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="summit_dates"),
        ]

    def __str__(self):
        return self.name

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class City(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), unique=True)
    country = models.CharField(
        _("country"),
        max_length=2,
        validators=[RegexValidator(r"^[A-Z]{2}$", _("Use the two-letter ISO code, e.g. DE."))],
    )
    profile = models.TextField(_("profile"), blank=True)

    class Meta:
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("city_detail", kwargs={"slug": self.slug})


class DelegateTitle(models.TextChoices):
    MAYOR = "mayor", _("Mayor")
    DEPUTY_MAYOR = "deputy_mayor", _("Deputy mayor")
    THOUGHT_LEADER = "thought_leader", _("Thought leader")


class Delegate(models.Model):
    """A user who speaks for a city at the summit."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="delegations")
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="delegates")
    title = models.CharField(_("title"), max_length=20, choices=DelegateTitle.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("delegate")
        verbose_name_plural = _("delegates")
        ordering = ["city__name", "title", "user__name"]
        constraints = [models.UniqueConstraint(fields=["user", "city"], name="one_delegation_per_city")]

    def __str__(self):
        return f"{self.user} ({self.get_title_display()}, {self.city})"


class InvitationRole(models.TextChoices):
    MAYOR = DelegateTitle.MAYOR.value, DelegateTitle.MAYOR.label
    DEPUTY_MAYOR = DelegateTitle.DEPUTY_MAYOR.value, DelegateTitle.DEPUTY_MAYOR.label
    THOUGHT_LEADER = DelegateTitle.THOUGHT_LEADER.value, DelegateTitle.THOUGHT_LEADER.label
    FACILITATOR = "facilitator", _("Facilitator")


class Invitation(InvitationBase):
    """An invitation to sign up as a delegate of a city or as a facilitator."""

    role = models.CharField(_("role"), max_length=20, choices=InvitationRole.choices)
    city = models.ForeignKey(
        City,
        verbose_name=_("city"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        help_text=_("Required for mayors, deputy mayors and thought leaders."),
    )

    class Meta(InvitationBase.Meta):
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role="facilitator", city__isnull=True)
                | (~models.Q(role="facilitator") & models.Q(city__isnull=False)),
                name="invitation_city_matches_role",
            )
        ]

    def __str__(self):
        return f"{self.email} · {self.get_role_display()}"

    def clean(self):
        if self.role == InvitationRole.FACILITATOR and self.city_id:
            raise ValidationError({"city": _("Facilitators are not invited for a city; leave it empty.")})
        if self.role and self.role != InvitationRole.FACILITATOR and not self.city_id:
            raise ValidationError({"city": _("Choose the city this delegate speaks for.")})


class Topic(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    colour = models.CharField(_("colour"), max_length=7, validators=[hex_colour], default="#1f6feb")
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("topic_detail", kwargs={"slug": self.slug})


class Venue(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=150)
    address = models.CharField(_("address"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ProgrammeKind(models.TextChoices):
    RECEPTION = "reception", _("Reception")
    WORKSHOP = "workshop", _("Workshop")
    PUBLIC_DISCUSSION = "public_discussion", _("Public discussion")
    PRESS_MEETING = "press_meeting", _("Press meeting")
    CULTURAL_EVENT = "cultural_event", _("Cultural event")
    CEREMONY = "ceremony", _("Ceremony")


class ProgrammeItem(models.Model):
    summit = models.ForeignKey(Summit, verbose_name=_("summit"), on_delete=models.CASCADE, related_name="programme")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=ProgrammeKind.choices)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue = models.ForeignKey(
        Venue, verbose_name=_("venue"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("topic"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programme",
    )
    description = models.TextField(_("description"), blank=True)
    is_public = models.BooleanField(_("public"), default=True, help_text=_("Untick for items only delegates may see."))

    class Meta:
        verbose_name = _("programme item")
        verbose_name_plural = _("programme items")
        ordering = ["starts_at", "title"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="programme_times")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programme_item", kwargs={"pk": self.pk})

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The end must be after the start.")})


class OutboxTask(models.Model):
    """A Celery task recorded in the same transaction as the write that needs it, then handed to the broker.

    With the broker unreachable the write still succeeds and the row waits; `summit.outbox` hands it over after
    commit and a beat task retries what is still waiting, so nothing acknowledged is lost. The row's `uuid` is the
    Celery task id: a task that must not run twice (an email) marks the row done under a lock.
    """

    cached_pages_ignore = True

    uuid = models.UUIDField(unique=True, editable=False)
    task = models.CharField(max_length=200)
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    dispatched_at = models.DateTimeField(null=True, blank=True, db_index=True)
    done_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("queued task")
        verbose_name_plural = _("queued tasks")

    def __str__(self):
        return f"{self.task} #{self.pk}"
