"""The public summit: sign-ups for public programme items (who has a place, who waits, who came), live questions
from the room, and the press room (releases under embargo, accreditations, photos, the contact)."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rooms.models import CODE_LENGTH, code_new
from rooms.services import room_ensure
from summit.model_bases import ImageWithRenditions, Transition
from summit.models import ProgrammeItem


def token_new() -> str:
    return secrets.token_urlsafe(24)


def press_photo_path(instance, filename):
    return f"press/{uuid.uuid4().hex}{filename[filename.rfind('.') :]}"


class Event(models.Model):
    """A programme item people sign up for: its capacity (the places confirmed never exceed it) and who moderates
    its live questions."""

    item = models.OneToOneField(
        ProgrammeItem, verbose_name=_("programme item"), on_delete=models.CASCADE, related_name="event"
    )
    capacity = models.PositiveIntegerField(_("capacity"), help_text=_("Places that can be confirmed."))
    sign_up_open = models.BooleanField(_("sign-up open"), default=True)
    questions_open = models.BooleanField(
        _("questions open"), default=False, help_text=_("The room can ask questions from their phones.")
    )
    moderators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("moderators"), blank=True, related_name="moderated_events"
    )

    class Meta:
        verbose_name = _("public event")
        verbose_name_plural = _("public events")
        ordering = ["item__starts_at"]

    def __str__(self):
        return str(self.item)

    def get_absolute_url(self):
        return reverse("programme_item", kwargs={"pk": self.item_id})

    @property
    def room_key(self) -> str:
        """The event's room (rooms.Room.key, and the room its passes open), named by the programme item as the
        room's addresses are, so a polled part can tell whose it is before it reads the event."""
        return f"programme-{self.item_id}"

    @property
    def room_code(self) -> str:
        """The code on the room's screen; the room is made the first time it is asked for."""
        return room_ensure(key=self.room_key).code


class RegistrationStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("Email not confirmed yet")
    CONFIRMED = "confirmed", _("Place confirmed")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Registration(models.Model):
    """One person's sign-up: with their account, or as a guest whose email address confirms it by a link."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="registrations",
    )  # fmt: skip
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email"))
    status = models.CharField(
        _("status"), max_length=12, choices=RegistrationStatus.choices, default=RegistrationStatus.UNCONFIRMED
    )
    code = models.CharField(_("code"), max_length=CODE_LENGTH, default=code_new, editable=False)
    # The link in the emails: confirms a guest's address, shows the ticket, cancels.
    token = models.CharField(max_length=40, unique=True, default=token_new, editable=False)
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("place confirmed"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "code"], name="one_code_per_event"),
            # One live sign-up per address and event; a cancelled one may be followed by a new one.
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~models.Q(status=RegistrationStatus.CANCELLED),
                name="one_registration_per_email",
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self):
        return f"{self.name} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("events:registration", kwargs={"token": self.token})


class RegistrationTransition(Transition):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="transitions")

    class Meta(Transition.Meta):
        verbose_name = _("registration status change")
        verbose_name_plural = _("registration status changes")


class QuestionStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    LIVE = "live", _("Being answered now")
    ANSWERED = "answered", _("Answered")
    HIDDEN = "hidden", _("Hidden")


class Question(models.Model):
    """A question asked from a phone in the room; anyone there may ask, no account needed."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=300)
    asked_by = models.CharField(_("name"), max_length=80, blank=True, help_text=_("Optional; shown with it."))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Who asked, as far as likes and limits go: "user:<id>" or "pass:<the room pass's nonce>" (rooms.passes).
    asker = models.CharField(max_length=80, editable=False)
    status = models.CharField(
        _("status"), max_length=12, choices=QuestionStatus.choices, default=QuestionStatus.WAITING
    )
    likes = models.PositiveIntegerField(_("likes"), default=0)
    reports = models.PositiveIntegerField(_("reports"), default=0)
    # A moderator showed it again after reports had hidden it: reports no longer hide it.
    kept = models.BooleanField(_("kept by a moderator"), default=False)
    answered_by = models.CharField(_("answered by"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["-likes", "created_at"]
        indexes = [models.Index(fields=["event", "status"])]

    def __str__(self):
        return self.text[:60]


class QuestionTransition(Transition):
    """A question's history: a moderator's steps, and its hiding by reports (nobody named)."""

    cached_pages_ignore = True  # shown on no cached page
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="transitions")

    class Meta(Transition.Meta):
        verbose_name = _("question status change")
        verbose_name_plural = _("question status changes")


class QuestionVote(models.Model):
    """A like or a report, once per room pass or account and question. A report's weight says how much it counts
    towards hiding the question (events.services.questions.question_vote)."""

    cached_pages_ignore = True  # counted on the live question pages, which are never cached

    class Kind(models.TextChoices):
        LIKE = "like", _("Like")
        REPORT = "report", _("Report")

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="votes")
    voter = models.CharField(max_length=80)
    kind = models.CharField(max_length=6, choices=Kind.choices)
    weight = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["question", "voter", "kind"], name="one_vote_per_kind")]

    def __str__(self):
        return self.kind


class PressRelease(models.Model):
    """A press release, in Markdown and in each language (the admin shows them side by side). Nothing shows before
    `publish_at`, except to accredited journalists, who read it marked as embargoed."""

    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), help_text=_("Markdown: **bold**, *italic*, lists, links."))
    publish_at = models.DateTimeField(_("publication time"), help_text=_("Embargoed until then."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("press release")
        verbose_name_plural = _("press releases")
        ordering = ["-publish_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:press_release", kwargs={"pk": self.pk})


class AccreditationStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class Accreditation(models.Model):
    """A journalist's request for accreditation; approved, it opens embargoed releases to their account."""

    name = models.CharField(_("name"), max_length=150)
    outlet = models.CharField(_("outlet"), max_length=150)
    email = models.EmailField(_("email"))
    status = models.CharField(
        _("status"), max_length=10, choices=AccreditationStatus.choices, default=AccreditationStatus.REQUESTED
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("press accreditation")
        verbose_name_plural = _("press accreditations")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["email"], name="one_accreditation_per_email")]

    def __str__(self):
        return f"{self.name} ({self.outlet})"


class AccreditationTransition(Transition):
    """An accreditation's history: who approved or refused it, when."""

    accreditation = models.ForeignKey(Accreditation, on_delete=models.CASCADE, related_name="transitions")

    class Meta(Transition.Meta):
        verbose_name = _("accreditation decision")
        verbose_name_plural = _("accreditation decisions")


class PressLicence(models.TextChoices):
    CC_BY = "CC BY 4.0", "CC BY 4.0"
    CC_BY_SA = "CC BY-SA 4.0", "CC BY-SA 4.0"
    PRESS_ONLY = "press", _("Free for reporting on the summit")


class PressPhoto(ImageWithRenditions):
    """A photo for the press: shown from its renditions, downloaded full size (cleaned of metadata), credited."""

    original = models.ImageField(_("photo"), upload_to=press_photo_path)
    caption = models.CharField(_("caption"), max_length=300)
    alt_text = models.CharField(_("text alternative"), max_length=200)
    credit = models.CharField(_("credit"), max_length=150, help_text=_("The photographer, as it must be printed."))
    licence = models.CharField(_("licence"), max_length=20, choices=PressLicence.choices, default=PressLicence.CC_BY)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("press photo")
        verbose_name_plural = _("press photos")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.caption


class PressContact(models.Model):
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=150, blank=True)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("press contact")
        verbose_name_plural = _("press contacts")

    def __str__(self):
        return self.name
