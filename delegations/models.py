"""The delegations' protocol: who each city brings to the summit, when they come and go, where they sleep, what
they eat and which language they listen in; the organisers' deadline for it.

A passport number is asked for only when a visa letter is: it is readable only by organisers with the separate
"view passport numbers" permission, masked for everyone else (the city's delegates included, once saved), and
deleted by `manage.py passports_delete` after PASSPORT_DATA_UNTIL."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from summit.models import City, Summit


class Protocol(models.Model):
    """The organisers' dates for the delegation forms of one summit."""

    summit = models.OneToOneField(Summit, verbose_name=_("summit"), on_delete=models.CASCADE, related_name="+")
    forms_due = models.DateField(_("delegation forms due"))
    remind_days = models.PositiveSmallIntegerField(
        _("remind from (days before)"), default=7,
        help_text=_("From this many days before the deadline, delegations with missing details get one email a day."),
    )  # fmt: skip

    class Meta:
        verbose_name = _("protocol dates")
        verbose_name_plural = _("protocol dates")

    def __str__(self):
        return str(self.summit)


class Delegation(models.Model):
    """The people one city brings to one summit."""

    summit = models.ForeignKey(Summit, verbose_name=_("summit"), on_delete=models.CASCADE, related_name="+")
    city = models.ForeignKey(City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="+")
    missing = models.PositiveIntegerField(_("details missing"), default=0, editable=False)
    reminded_on = models.DateField(_("last reminded"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["city__name"]
        constraints = [models.UniqueConstraint(fields=["summit", "city"], name="one_delegation_per_city_and_summit")]

    def __str__(self):
        return f"{self.city} ({self.summit})"


class MemberKind(models.TextChoices):
    DELEGATE = "delegate", _("Delegate")
    ACCOMPANYING = "accompanying", _("Accompanying person")


class Diet(models.TextChoices):
    NONE = "none", _("No special diet")
    VEGETARIAN = "vegetarian", _("Vegetarian")
    VEGAN = "vegan", _("Vegan")
    HALAL = "halal", _("Halal")
    KOSHER = "kosher", _("Kosher")
    OTHER = "other", _("Other (see notes)")


class Member(models.Model):
    """One person of a delegation. The details the protocol office needs may come in over several visits; `missing`
    names those still to give (delegations.services.member_missing)."""

    delegation = models.ForeignKey(Delegation, verbose_name=_("delegation"), on_delete=models.CASCADE,
                                   related_name="members")  # fmt: skip
    kind = models.CharField(_("comes as"), max_length=12, choices=MemberKind.choices, default=MemberKind.DELEGATE)
    full_name = models.CharField(_("name as in the passport"), max_length=120)
    function = models.CharField(_("function"), max_length=120)
    nationality = models.CharField(_("nationality"), max_length=60, blank=True)
    visa_letter = models.BooleanField(_("needs a visa letter"), default=False)
    passport_number = models.CharField(_("passport number"), max_length=20, blank=True)
    arrival_at = models.DateTimeField(_("arrival"), null=True, blank=True)
    arrival_by = models.CharField(_("arriving by (flight or train)"), max_length=40, blank=True)
    departure_at = models.DateTimeField(_("departure"), null=True, blank=True)
    departure_by = models.CharField(_("leaving by (flight or train)"), max_length=40, blank=True)
    hotel = models.CharField(_("hotel"), max_length=120, blank=True)
    diet = models.CharField(_("diet"), max_length=12, choices=Diet.choices, default=Diet.NONE)
    diet_notes = models.CharField(_("dietary notes (allergies)"), max_length=200, blank=True)
    access_needs = models.CharField(_("access needs"), max_length=200, blank=True)
    interpretation = models.CharField(_("listens in"), max_length=5, choices=settings.LANGUAGES, default="en")
    press_officer = models.BooleanField(_("press officer"), default=False)
    directory_consent = models.BooleanField(_("listed in the delegate directory"), default=False)
    missing = models.JSONField(_("details missing"), default=list, editable=False)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+", editable=False)  # fmt: skip
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("delegation member")
        verbose_name_plural = _("delegation members")
        ordering = ["delegation__city__name", "kind", "full_name"]
        permissions = [("view_passport", _("Can see passport numbers"))]

    def __str__(self):
        return self.full_name

    @property
    def missing_labels(self) -> list[str]:
        """What is still missing, by the fields' names as people read them."""
        return [str(self._meta.get_field(name).verbose_name) for name in self.missing]

    @property
    def passport_masked(self) -> str:
        """The passport number as everyone without the permission sees it: its last three characters."""
        return f"•••••{self.passport_number[-3:]}" if self.passport_number else ""
