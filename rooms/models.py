"""The rooms of the summit (every workshop's and every public event's) and what a facilitator asks them: polls,
answered by phones that joined with the room's code (rooms.passes).

A room hangs on a string key the host app gives it, "<prefix>-<name>" (`workshop-5`, `programme-12`), as a thread
hangs on its key in the discussion; the hosts register what the key means (rooms.hosts).
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from summit.model_bases import Transition

# Short codes are read aloud and typed at the door: no 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


def code_new() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class Room(models.Model):
    key = models.CharField(_("key"), max_length=60, unique=True, help_text=_("The host's name for it: workshop-5."))
    # Shown on the room's screen: phones join with it (rooms.passes), typed at /join/ or from the QR code.
    code = models.CharField(_("room code"), max_length=CODE_LENGTH, unique=True, default=code_new)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["key"]

    def __str__(self):
        return f"{self.key} ({self.code})"


class PollKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    SCALE = "scale", _("Scale")
    WORDS = "words", _("Word cloud")
    RANKING = "ranking", _("Ranking")
    TEXT = "text", _("Open text")


# The kinds whose answers are picked from the poll's options.
WITH_OPTIONS = {PollKind.SINGLE, PollKind.MULTIPLE, PollKind.RANKING}


class PollScale(models.TextChoices):
    ONE_TO_FIVE = "1-5", _("1 to 5")
    ZERO_TO_TEN = "0-10", _("0 to 10")


class PollStatus(models.TextChoices):
    DRAFT = "draft", _("Prepared")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Poll(models.Model):
    """A question put to the room: prepared before the session, opened (one at a time), closed; shown on the
    screen or not. A closed workshop poll is kept in the next exhibition edition."""

    room = models.ForeignKey(Room, verbose_name=_("room"), on_delete=models.CASCADE, related_name="polls")
    kind = models.CharField(_("kind"), max_length=10, choices=PollKind.choices)
    question = models.CharField(_("question"), max_length=300)
    scale = models.CharField(_("scale"), max_length=4, choices=PollScale.choices, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=PollStatus.choices, default=PollStatus.DRAFT)
    on_screen = models.BooleanField(_("on the screen"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("prepared by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        ordering = ["room", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["room"], condition=models.Q(status="open"), name="rooms_one_open_poll_per_room"
            ),
            models.UniqueConstraint(
                fields=["room"], condition=models.Q(on_screen=True), name="rooms_one_poll_on_screen_per_room"
            ),
        ]

    def __str__(self):
        return self.question

    @property
    def scale_range(self) -> range:
        low, high = (int(end) for end in (self.scale or PollScale.ONE_TO_FIVE).split("-"))
        return range(low, high + 1)


class PollTransition(Transition):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="transitions")


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, verbose_name=_("poll"), on_delete=models.CASCADE, related_name="options")
    text = models.CharField(_("option"), max_length=200)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["poll", "position", "id"]

    def __str__(self):
        return self.text


class Audience(models.TextChoices):
    DELEGATE = "delegate", _("Delegates")
    CITIZEN = "citizen", _("Citizens")


class AnswerReview(models.TextChoices):
    """Open-text answers wait for a moderator before the screen shows them, like live questions."""

    WAITING = "waiting", _("Waiting")
    SHOWN = "shown", _("Shown")
    HIDDEN = "hidden", _("Hidden")


class PollAnswer(models.Model):
    """One phone's or account's answer to a poll, changed in place while the poll is open: the database holds one
    per voter (rooms.passes.Voter.key)."""

    poll = models.ForeignKey(Poll, verbose_name=_("poll"), on_delete=models.CASCADE, related_name="answers")
    voter = models.CharField(_("voter"), max_length=80)
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices, default=Audience.CITIZEN)
    language = models.CharField(_("language"), max_length=8)
    # The options picked, in order (a ranking's order; one for a single choice).
    choices = models.JSONField(_("choices"), default=list, blank=True)
    value = models.SmallIntegerField(_("value"), null=True, blank=True)
    text = models.CharField(_("text"), max_length=300, blank=True)
    review = models.CharField(_("review"), max_length=10, choices=AnswerReview.choices, default=AnswerReview.WAITING)
    created_at = models.DateTimeField(_("answered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["poll", "voter"], name="rooms_one_answer_per_voter")]

    def __str__(self):
        return f"{self.poll_id}: {self.voter}"


class AnswerTransition(Transition):
    answer = models.ForeignKey(PollAnswer, on_delete=models.CASCADE, related_name="transitions")
