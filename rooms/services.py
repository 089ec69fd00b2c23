"""Writes for the rooms: a room for a host's key, polls prepared, opened one at a time, closed, shown on the
screen, copied to the other workshops of a topic; answers (one per voter, changed in place while the poll is open);
open-text answers reviewed before the screen shows them. Every write changes the room's polled version.
"""

import logging

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from rooms import hosts
from rooms.models import (
    WITH_OPTIONS,
    AnswerReview,
    Audience,
    Poll,
    PollAnswer,
    PollKind,
    PollStatus,
    Room,
    code_new,
)
from rooms.passes import Voter
from summit.models import User
from summit.permissions import is_delegate
from summit.polled import version_bump
from summit.transitions import transition_apply

logger = logging.getLogger(__name__)

POLL_TRANSITIONS = {
    PollStatus.DRAFT: {PollStatus.OPEN},
    PollStatus.OPEN: {PollStatus.CLOSED},
    PollStatus.CLOSED: {PollStatus.OPEN},
}
ANSWER_TRANSITIONS = {
    AnswerReview.WAITING: {AnswerReview.SHOWN, AnswerReview.HIDDEN},
    AnswerReview.SHOWN: {AnswerReview.HIDDEN},
    AnswerReview.HIDDEN: {AnswerReview.SHOWN},
}


class PollClosed(Exception):
    """An answer to a poll that is not open (any more)."""


def polled_key(key_or_code: str) -> str:
    """The polled key (summit.polled) of a room's polls and answers, by the room's key (a host's page knows it from
    its address) or by its code (the room's own pages): both change together."""
    return f"rooms:{key_or_code}"


def _changed(room: Room) -> None:
    version_bump(polled_key(room.key))
    version_bump(polled_key(room.code))


def room_ensure(*, key: str) -> Room:
    """The room of a host's key, made with a new code the first time it is needed (its screen, its console)."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                room, _created = Room.objects.get_or_create(key=key, defaults={"code": code_new()})
            return room
        except IntegrityError:  # two first visits at once, or a code already taken: look again, draw again
            continue
    return Room.objects.get(key=key)


def poll_create(*, room: Room, kind: str, question: str, options: list[str], scale: str = "", by: User | None) -> Poll:
    """A prepared poll at the end of the room's list. A ranking without options of its own orders the room's own
    items (a workshop's outcomes, as they stand now)."""
    if kind == PollKind.RANKING and not options:
        options = hosts.ranking_items(room.key)
    with transaction.atomic():
        position = (room.polls.order_by("-position").values_list("position", flat=True).first() or 0) + 1
        poll = Poll.objects.create(
            room=room, kind=kind, question=question, position=position, created_by=by,
            scale=scale if kind == PollKind.SCALE else "",
        )  # fmt: skip
        if kind in WITH_OPTIONS:
            poll.options.bulk_create(
                [poll.options.model(poll=poll, text=text, position=n) for n, text in enumerate(options)]
            )
        _changed(room)
    logger.info("Poll %s prepared in %s by %s", poll.pk, room.key, by)
    return poll


def poll_delete(*, poll: Poll, by: User) -> None:
    """A prepared poll nobody has answered goes; one that was opened stays in the room's record."""
    with transaction.atomic():
        poll = Poll.objects.select_for_update().get(pk=poll.pk)
        if poll.status != PollStatus.DRAFT:
            raise ValueError(_("Only a poll that was never opened can be deleted."))
        _changed(poll.room)
        poll.delete()
    logger.info("Poll deleted in %s by %s", poll.room.key, by)


def poll_open(*, poll: Poll, by: User) -> Poll:
    """Open `poll` for answers; the poll open before it in the room closes, so the room answers one at a time."""
    with transaction.atomic():
        Room.objects.select_for_update().get(pk=poll.room_id)
        for other in Poll.objects.select_for_update().filter(room_id=poll.room_id, status=PollStatus.OPEN):
            if other.pk != poll.pk:
                transition_apply(other, to=PollStatus.CLOSED, table=POLL_TRANSITIONS, history=other.transitions, by=by)
        poll = Poll.objects.select_for_update().get(pk=poll.pk)
        transition_apply(poll, to=PollStatus.OPEN, table=POLL_TRANSITIONS, history=poll.transitions, by=by)
        _changed(poll.room)
    return poll


def poll_close(*, poll: Poll, by: User) -> Poll:
    with transaction.atomic():
        poll = Poll.objects.select_for_update().get(pk=poll.pk)
        transition_apply(poll, to=PollStatus.CLOSED, table=POLL_TRANSITIONS, history=poll.transitions, by=by)
        _changed(poll.room)
    return poll


def poll_show(*, poll: Poll, shown: bool, by: User) -> Poll:
    """Put `poll` and its results on the room's screen (taking off the one there), or take it off."""
    with transaction.atomic():
        Room.objects.select_for_update().get(pk=poll.room_id)
        if shown:
            Poll.objects.filter(room_id=poll.room_id, on_screen=True).exclude(pk=poll.pk).update(on_screen=False)
        Poll.objects.filter(pk=poll.pk).update(on_screen=shown)
        poll.on_screen = shown
        _changed(poll.room)
    logger.info("Poll %s %s the screen by %s", poll.pk, "on" if shown else "off", by)
    return poll


def poll_copy(*, poll: Poll, by: User) -> int:
    """Copy a prepared poll, as a template, into every other room its host names (the other workshops of its
    topic), once: a room that already has a poll with the same question and kind is left alone. How many got it."""
    copied = 0
    options = [] if poll.kind == PollKind.RANKING and hosts.ranking_items(poll.room.key) else None
    for key in hosts.siblings(poll.room.key):
        room = room_ensure(key=key)
        if room.polls.filter(question=poll.question, kind=poll.kind).exists():
            continue
        texts = options if options is not None else list(poll.options.values_list("text", flat=True))
        poll_create(room=room, kind=poll.kind, question=poll.question, options=texts, scale=poll.scale, by=by)
        copied += 1
    return copied


def audience_of(user: User | None) -> str:
    return Audience.DELEGATE if user is not None and is_delegate(user) else Audience.CITIZEN


def poll_answer(
    *, poll: Poll, voter: Voter, user: User | None, language: str, choices: list[int], value: int | None, text: str
) -> PollAnswer:
    """Store the voter's answer, or change the one they gave, while the poll is open: one row per voter, which the
    database enforces, so two answers sent at once from one phone leave one. An open-text answer that changes
    waits for the moderators again."""
    fields = {"audience": audience_of(user), "language": language, "choices": choices, "value": value, "text": text}
    for _attempt in range(2):
        try:
            with transaction.atomic():
                locked = Poll.objects.select_for_update(of=("self",)).select_related("room").get(pk=poll.pk)
                if locked.status != PollStatus.OPEN:
                    raise PollClosed(_("This poll is closed: the answers are in."))
                answer = PollAnswer.objects.filter(poll=locked, voter=voter.key).first()
                if answer is None:
                    answer = PollAnswer.objects.create(poll=locked, voter=voter.key, **fields)
                else:
                    if locked.kind == PollKind.TEXT and answer.text != text:
                        answer.review = AnswerReview.WAITING
                    for name, value_ in fields.items():
                        setattr(answer, name, value_)
                    answer.save()
                _changed(locked.room)
            return answer
        except IntegrityError:  # the same voter's first answer, twice at once: the second one updates
            continue
    raise PollClosed(_("Your answer could not be stored. Please send it again."))


def answer_review(*, answer: PollAnswer, to: str, by: User) -> PollAnswer:
    """A moderator shows an open-text answer on the screen, or hides it."""
    with transaction.atomic():
        answer = PollAnswer.objects.select_for_update().select_related("poll__room").get(pk=answer.pk)
        transition_apply(
            answer, to=to, table=ANSWER_TRANSITIONS, history=answer.transitions, by=by, field="review", also=[]
        )
        _changed(answer.poll.room)
    return answer
