"""Reads for the rooms: a room by its code, its polls, a voter's own answer, and each poll's results counted
(rooms.counting), overall and by audience."""

from django.db.models import Count, Prefetch, Q, QuerySet

from rooms import counting, hosts
from rooms.models import AnswerReview, Audience, Poll, PollAnswer, PollKind, PollStatus, Room

SHOWN_TEXTS = 12


def room_by_code(*, code: str) -> Room | None:
    """The room with this code, if its host still knows it (rooms.forms.JoinForm has made the code upper case)."""
    room = Room.objects.filter(code=code).first()
    return room if room is not None and hosts.title(room.key) is not None else None


def room_of_key(*, key: str) -> Room | None:
    return Room.objects.filter(key=key).first()


def polls_of(*, room: Room) -> QuerySet[Poll]:
    return room.polls.prefetch_related("options").annotate(
        answer_count=Count("answers", distinct=True),
        waiting_count=Count("answers", filter=Q(answers__review=AnswerReview.WAITING, kind=PollKind.TEXT)),
    )


def poll_open_of(*, room: Room) -> Poll | None:
    return room.polls.prefetch_related("options").filter(status=PollStatus.OPEN).first()


def poll_on_screen(*, room: Room) -> Poll | None:
    return room.polls.prefetch_related("options").filter(on_screen=True).first()


def answer_of(*, poll: Poll, voter: str) -> PollAnswer | None:
    return poll.answers.filter(voter=voter).first()


def texts_of(*, room: Room) -> QuerySet[PollAnswer]:
    """The room's open-text answers, for the moderators, the oldest first."""
    return PollAnswer.objects.filter(poll__room=room, poll__kind=PollKind.TEXT).select_related("poll")


def _count(poll: Poll, answers: list[PollAnswer]) -> dict:
    options = [(option.pk, option.text) for option in poll.options.all()]
    if poll.kind in (PollKind.SINGLE, PollKind.MULTIPLE):
        return {"bars": counting.choices_tally(options, [answer.choices for answer in answers])}
    if poll.kind == PollKind.SCALE:
        return counting.scale_tally(poll.scale_range, [answer.value for answer in answers])
    if poll.kind == PollKind.WORDS:
        return {"words": counting.word_cloud([(answer.text, answer.language) for answer in answers])}
    if poll.kind == PollKind.RANKING:
        return {"ranking": counting.borda(options, [answer.choices for answer in answers])}
    shown = [answer.text for answer in answers if answer.review == AnswerReview.SHOWN]
    return {"texts": shown[-SHOWN_TEXTS:]}


def poll_results(*, poll: Poll) -> dict:
    """The results as the screen, the console and the exhibition show them: `count` answers, the kind's own figures,
    and the same for each audience (delegates, citizens) that answered."""
    answers = list(poll.answers.only("choices", "value", "text", "language", "audience", "review"))
    results = {"count": len(answers), **_count(poll, answers)}
    results["audiences"] = [
        {"audience": audience.label, "count": len(part), **_count(poll, part)}
        for audience in Audience
        if (part := [answer for answer in answers if answer.audience == audience])
    ]
    return results


def polls_for_exhibition() -> dict[str, list[dict]]:
    """The closed polls of every room its host keeps in the exhibition (workshops), by room key, as plain values:
    the question, its kind and its results; nothing about who answered."""
    polls = Poll.objects.filter(status=PollStatus.CLOSED).select_related("room").prefetch_related(
        Prefetch("options"), Prefetch("answers", queryset=PollAnswer.objects.only(
            "poll_id", "choices", "value", "text", "language", "audience", "review"
        ))
    ).order_by("room__key", "position", "pk")  # fmt: skip
    kept: dict[str, list[dict]] = {}
    for poll in polls:
        if not hosts.kept(poll.room.key):
            continue
        answers = list(poll.answers.all())
        results = {"count": len(answers), **_count(poll, answers)}
        kept.setdefault(poll.room.key, []).append(
            {"id": poll.pk, "question": poll.question, "kind": poll.kind, "results": results}
        )
    return kept
