"""What citizens think of the summit's statements: Agree, Disagree or Pass, per person and per showing, and the
opinion groups computed from those votes.

A statement belongs to a core topic. The exhibition hands over each edition's commitments and top outcomes
(opinions.services.statements_sync); organisers add their own in the admin, in three languages. A statement keeps
its identity across editions while its text is unchanged: its fingerprint is the text, normalised.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from summit.models import Topic


class StatementSource(models.TextChoices):
    OUTCOME = "outcome", _("A workshop's outcome")
    COMMITMENT = "commitment", _("A commitment")
    ORGANISERS = "organisers", _("The organisers")
    CITIZEN = "citizen", _("A visitor's proposal")


class StatementStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed by a visitor, waiting for moderation")
    SHOWN = "shown", _("Shown")
    LEFT_OUT = "left_out", _("Left out by the organisers")
    RETIRED = "retired", _("No longer in the exhibition")


class Statement(models.Model):
    topic = models.ForeignKey(Topic, verbose_name=_("topic"), on_delete=models.CASCADE, related_name="statements")
    text = models.CharField(_("statement"), max_length=500)
    fingerprint = models.CharField(max_length=64, editable=False)
    source = models.CharField(
        _("source"), max_length=12, choices=StatementSource.choices, default=StatementSource.ORGANISERS
    )
    status = models.CharField(
        _("status"), max_length=10, choices=StatementStatus.choices, default=StatementStatus.SHOWN
    )
    # A visitor's proposal keeps its text when its author's account goes, like a comment does.
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["topic__order", "id"]
        constraints = [models.UniqueConstraint(fields=["topic", "fingerprint"], name="opinions_statement_once")]

    def __str__(self):
        return self.text


class Choice(models.IntegerChoices):
    AGREE = 1, _("Agree")
    PASS = 0, _("Pass")
    DISAGREE = -1, _("Disagree")


class Vote(models.Model):
    """One person's answer to one statement (the database holds one), and the showing where they gave it: "" for
    the summit's own exhibition, "showing:<city>" for a city's. Changing a vote replaces it."""

    # Votes come in bursts from kiosks and phones: they never flush the cached pages. The exhibit pages showing the
    # shares are cached for 30 seconds, so a vote shows there within that; the statements page is never cached.
    cached_pages_ignore = True

    statement = models.ForeignKey(Statement, verbose_name=_("statement"), on_delete=models.CASCADE,
                                  related_name="votes")  # fmt: skip
    voter = models.CharField(_("voter"), max_length=80)
    # An account's votes go with the account: the next computation no longer counts them.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
                             related_name="+")  # fmt: skip
    scope = models.CharField(_("showing"), max_length=80, blank=True)
    choice = models.SmallIntegerField(_("vote"), choices=Choice.choices)
    updated_at = models.DateTimeField(_("voted"), auto_now=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [models.UniqueConstraint(fields=["statement", "voter"], name="opinions_one_vote_per_person")]
        indexes = [models.Index(fields=["scope", "statement"], name="opinions_vote_scope")]

    def __str__(self):
        return f"{self.statement_id}: {self.choice}"


class PaperTally(models.Model):
    """A showing's voting wall, counted by its moderators: the totals of dots on one statement as they stand.
    Typing them again replaces them; they count beside the votes, marked as paper, and never in the groups (the
    wall knows no person)."""

    statement = models.ForeignKey(Statement, verbose_name=_("statement"), on_delete=models.CASCADE,
                                  related_name="paper_tallies")  # fmt: skip
    scope = models.CharField(_("showing"), max_length=80)
    agree = models.PositiveIntegerField(_("agree"), default=0)
    disagree = models.PositiveIntegerField(_("disagree"), default=0)
    passed = models.PositiveIntegerField(_("pass"), default=0)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("typed in by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    updated_at = models.DateTimeField(_("typed in"), auto_now=True)

    class Meta:
        verbose_name = _("paper tally")
        verbose_name_plural = _("paper tallies")
        constraints = [models.UniqueConstraint(fields=["statement", "scope"], name="opinions_one_tally_per_wall")]

    def __str__(self):
        return f"{self.statement_id} @ {self.scope}"


class OpinionMap(models.Model):
    """The opinion groups of one scope ("" across all showings, "showing:<city>" for one), as last computed."""

    scope = models.CharField(_("showing"), max_length=80, unique=True, blank=True)
    computed_at = models.DateTimeField(_("computed"), auto_now=True)
    result = models.JSONField(_("result"), default=dict)

    class Meta:
        verbose_name = _("opinion map")
        verbose_name_plural = _("opinion maps")

    def __str__(self):
        return self.scope or "all showings"
