"""The delegations' protocol: who each city brings to the summit, when they come and go, where they sleep, what
they eat and which language they listen in; the organisers' deadline for it.

A passport number is asked for only when a visa letter is: it is readable only by organisers with the separate
"view passport numbers" permission, masked for everyone else (the city's delegates included, once saved), and
deleted by `manage.py passports_delete` after PASSPORT_DATA_UNTIL."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from summit.model_bases import Transition
from summit.models import City, ProgrammeItem, Summit, Topic, Venue
from summit.storage import private_files


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
    topics = models.ManyToManyField(Topic, verbose_name=_("topics of interest"), blank=True, related_name="+")
    missing = models.JSONField(_("details missing"), default=list, editable=False)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True, editable=False)
    certificate_reference = models.CharField(_("certificate reference"), max_length=20, unique=True, null=True,
                                             blank=True, editable=False)  # fmt: skip
    certificate = models.FileField(_("certificate of attendance"), upload_to="private/certificates/", blank=True,
                                   editable=False, storage=private_files)  # fmt: skip
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


class LetterKind(models.TextChoices):
    VISA = "visa", _("Visa letter")
    INVITATION = "invitation", _("Invitation letter")


class LetterStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class LetterTemplate(models.Model):
    """The letterhead and wording of the summit's visa and invitation letters, in English, German and French. In
    the text, {name}, {function}, {city}, {nationality}, {passport}, {arrival}, {departure}, {summit} and {dates}
    are replaced by the person's and the summit's details."""

    summit = models.OneToOneField(Summit, verbose_name=_("summit"), on_delete=models.CASCADE, related_name="+")
    letterhead = models.CharField(_("letterhead"), max_length=200)
    address = models.TextField(_("sender's address"))
    body = models.TextField(_("text"))
    signatory = models.CharField(_("signed by"), max_length=120)
    signatory_title = models.CharField(_("signatory's title"), max_length=200)

    class Meta:
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")

    def __str__(self):
        return self.letterhead


class Letter(models.Model):
    """A visa or invitation letter a delegate asked for one person of the delegation: reviewed by an organiser,
    rendered as a PDF (kept under private/, never served by the proxy), and confirmed to consulates at
    /letters/verify/<reference>/."""

    member = models.ForeignKey(Member, verbose_name=_("person"), on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(_("kind"), max_length=12, choices=LetterKind.choices)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="en")
    status = models.CharField(_("status"), max_length=12, choices=LetterStatus.choices,
                              default=LetterStatus.REQUESTED)  # fmt: skip
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True,
                                     on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    pdf = models.FileField(_("PDF"), upload_to="private/letters/", blank=True, storage=private_files)

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["-requested_at"]
        constraints = [models.UniqueConstraint(fields=["member", "kind"], name="one_letter_of_each_kind")]

    def __str__(self):
        return self.reference


class LetterTransition(Transition):
    """A letter's history: who asked, approved or refused it, when, and why."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="transitions")

    class Meta(Transition.Meta):
        verbose_name = _("letter decision")
        verbose_name_plural = _("letter decisions")


class AgendaEntry(models.Model):
    """A programme item a delegate follows, with its time and place as they last saw them: when the item moves,
    delegations.agenda.changes_notify tells them once, then takes the new ones."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agenda")
    item = models.ForeignKey(ProgrammeItem, verbose_name=_("programme item"), on_delete=models.CASCADE,
                             related_name="+")  # fmt: skip
    seen_starts_at = models.DateTimeField(_("starts at, as last told"))
    seen_ends_at = models.DateTimeField(_("ends at, as last told"))
    seen_venue = models.CharField(_("venue, as last told"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("agenda entry")
        verbose_name_plural = _("agenda entries")
        constraints = [models.UniqueConstraint(fields=["user", "item"], name="one_agenda_entry_per_item")]

    def __str__(self):
        return f"{self.user}: {self.item}"


class AgendaFeed(models.Model):
    """The secret address of a delegate's agenda as a calendar feed; a new one replaces it (the old one stops)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("agenda feed")
        verbose_name_plural = _("agenda feeds")

    def __str__(self):
        return str(self.user)


class MeetingStatus(models.TextChoices):
    ASKED = "asked", _("Asked")
    AGREED = "agreed", _("Agreed")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(models.Model):
    """A bilateral meeting one city's delegation asks another for, in one of up to three slots it prefers. Meetings
    last MEETING_MINUTES and start on the hour or the half hour, so one room can hold one meeting per start: the
    database refuses a second agreed meeting in the same room at the same time."""

    summit = models.ForeignKey(Summit, verbose_name=_("summit"), on_delete=models.CASCADE, related_name="+")
    asking_city = models.ForeignKey(City, verbose_name=_("asked by"), on_delete=models.CASCADE, related_name="+")
    invited_city = models.ForeignKey(City, verbose_name=_("with"), on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey(Topic, verbose_name=_("topic"), null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")  # fmt: skip
    message = models.CharField(_("message"), max_length=500, blank=True)
    slots = models.JSONField(_("preferred times"), default=list)
    status = models.CharField(_("status"), max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.ASKED)
    starts_at = models.DateTimeField(_("agreed time"), null=True, blank=True)
    venue = models.ForeignKey(Venue, verbose_name=_("room"), null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")  # fmt: skip
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("asked by"), null=True,
                                 on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)

    class Meta:
        verbose_name = _("bilateral meeting")
        verbose_name_plural = _("bilateral meetings")
        ordering = ["starts_at", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["venue", "starts_at"], condition=models.Q(status="agreed", venue__isnull=False),
                name="one_meeting_per_room_and_time",
                violation_error_message=_("This room already holds an agreed meeting at that time."),
            ),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.asking_city} \u2013 {self.invited_city}"


class MeetingTransition(Transition):
    """A meeting's history: asked, agreed, declined or cancelled, by whom, when."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="transitions")

    class Meta(Transition.Meta):
        verbose_name = _("meeting decision")
        verbose_name_plural = _("meeting decisions")


class BadgePrint(models.Model):
    """One print run of badges and table place cards for the selected people, rendered by a worker into one PDF for
    the print shop (A4 sheets of four A6 badges, then the place cards). A person whose details changed after the run
    makes it outdated: print again."""

    members = models.ManyToManyField(Member, verbose_name=_("people"), related_name="+")
    status = models.CharField(_("status"), max_length=12, default="building",
                              choices=[("building", _("Being prepared")), ("ready", _("Ready")),
                                       ("failed", _("Failed"))])  # fmt: skip
    pdf = models.FileField(_("PDF"), upload_to="private/badges/", blank=True, storage=private_files)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True,
                                     on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    built_at = models.DateTimeField(_("built"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("badge print")
        verbose_name_plural = _("badge prints")
        ordering = ["-requested_at"]

    def __str__(self):
        return f"#{self.pk}"
