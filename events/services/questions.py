"""Writes for the live-question room: asking, likes and reports (counted per room pass or account,
rooms.passes), the moderators' steps, and the version the room's polled parts are validated against."""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from events.models import (
    Event,
    Question,
    QuestionStatus,
    QuestionVote,
)
from rooms.passes import Voter
from summit.models import User
from summit.polled import version_bump
from summit.transitions import transition_apply, transition_check

logger = logging.getLogger(__name__)


QUESTION_TRANSITIONS = {
    QuestionStatus.WAITING: {QuestionStatus.SHORTLISTED, QuestionStatus.LIVE, QuestionStatus.ANSWERED,
                             QuestionStatus.HIDDEN},
    QuestionStatus.SHORTLISTED: {QuestionStatus.WAITING, QuestionStatus.LIVE, QuestionStatus.ANSWERED,
                                 QuestionStatus.HIDDEN},
    QuestionStatus.LIVE: {QuestionStatus.SHORTLISTED, QuestionStatus.ANSWERED, QuestionStatus.HIDDEN},
    QuestionStatus.ANSWERED: {QuestionStatus.LIVE, QuestionStatus.HIDDEN},
    QuestionStatus.HIDDEN: {QuestionStatus.WAITING},
}  # fmt: skip


def questions_key(item_id: int) -> str:
    """The polled key (summit.polled) of an event's questions: every question, like, report or moderator's step
    changes its version, and the ask page's list, the queue and the screen answer 304 while it stays the same."""
    return f"events:questions:{item_id}"


def _questions_changed(event: Event) -> None:
    version_bump(questions_key(event.item_id))


def event_questions_open(*, event: Event, open: bool, by: User) -> Event:
    """Open or close the room's questions; the room's pages and the queue follow on their next poll."""
    event.questions_open = open
    event.save(update_fields=["questions_open"])
    _questions_changed(event)
    logger.info("Questions on event %s %s by %s", event.pk, "opened" if open else "closed", by)
    return event


class QuestionsClosed(Exception):
    """The room is not taking questions now."""


def question_ask(*, event: Event, text: str, asked_by: str, voter: Voter, user: User | None) -> Question:
    if not event.questions_open:
        raise QuestionsClosed(_("Questions are not open for this event."))
    question = Question.objects.create(event=event, text=text, asked_by=asked_by, asker=voter.key, user=user)
    _questions_changed(event)
    logger.info("Question %s asked on event %s", question.pk, event.pk)
    return question


def report_weight(*, voter: Voter, question: Question) -> int:
    """How much a report counts towards hiding: an account 2, a room pass 1, and nothing from an account or a pass
    newer than the question (made after it was asked, to pile reports on it)."""
    if voter.since >= question.created_at:
        return 0
    return 2 if voter.account else 1


@transaction.atomic
def question_vote(*, question: Question, voter: Voter, kind: str) -> Question:
    """A like or a report, counted once per room pass or account (a second like takes it back). Reports whose
    weights reach QUESTION_REPORT_WEIGHT_TO_HIDE hide the question until a moderator looks, unless a moderator has
    already shown it again. The question's row is locked and the counts are taken from the rows, so concurrent
    clicks add up exactly."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    weight = report_weight(voter=voter, question=question) if kind == QuestionVote.Kind.REPORT else 0
    vote, created = QuestionVote.objects.get_or_create(
        question=question, voter=voter.key, kind=kind, defaults={"weight": weight}
    )
    if not created and kind == QuestionVote.Kind.LIKE:
        vote.delete()
    counts = question.votes.aggregate(
        likes=Count("pk", filter=Q(kind=QuestionVote.Kind.LIKE)),
        reports=Count("pk", filter=Q(kind=QuestionVote.Kind.REPORT)),
        weight=Coalesce(Sum("weight", filter=Q(kind=QuestionVote.Kind.REPORT)), 0),
    )
    question.likes, question.reports = counts["likes"], counts["reports"]
    if (
        counts["weight"] >= settings.QUESTION_REPORT_WEIGHT_TO_HIDE
        and not question.kept
        and question.status in (QuestionStatus.WAITING, QuestionStatus.SHORTLISTED)
    ):
        transition_apply(
            question, to=QuestionStatus.HIDDEN, table=QUESTION_TRANSITIONS, history=question.transitions,
            reason=f"Reports from the room (weight {counts['weight']}).", also=["likes", "reports", "updated_at"],
        )  # fmt: skip
    else:
        question.save(update_fields=["likes", "reports", "updated_at"])
    _questions_changed(question.event)
    return question


@transaction.atomic
def question_moderate(*, question: Question, to: str, by: User, answered_by: str = "") -> Question:
    """Shortlist, put on the screen ("being answered now"), mark answered (by whom) or hide. One question is on the
    screen at a time: putting one there marks the one before answered."""
    event = Event.objects.select_for_update().get(pk=question.event_id)
    question = Question.objects.select_for_update().get(pk=question.pk)
    transition_check(QUESTION_TRANSITIONS, question.status, to, "question")
    if to == QuestionStatus.LIVE:
        for before in event.questions.select_for_update().filter(status=QuestionStatus.LIVE).exclude(pk=question.pk):
            transition_apply(
                before, to=QuestionStatus.ANSWERED, table=QUESTION_TRANSITIONS, history=before.transitions, by=by,
                reason="Another question went on the screen.", also=["updated_at"],
            )  # fmt: skip
    if question.status == QuestionStatus.HIDDEN and to == QuestionStatus.WAITING:
        question.kept = True  # the moderator has looked: reports no longer hide it
    if answered_by:
        question.answered_by = answered_by
    transition_apply(
        question, to=to, table=QUESTION_TRANSITIONS, history=question.transitions, by=by,
        also=["answered_by", "kept", "updated_at"],
    )  # fmt: skip
    _questions_changed(event)
    return question
