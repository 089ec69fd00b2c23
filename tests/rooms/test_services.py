"""A room's polls from preparation to the exhibition: one open at a time, one answer per voter (changed in place),
open answers reviewed, every step in the poll's history."""

import datetime

import pytest

from rooms import services
from rooms.models import AnswerReview, Poll, PollKind, PollStatus
from rooms.passes import Voter
from rooms.selectors import poll_results, polls_for_exhibition
from summit.transitions import InvalidTransition
from tests.factories import DelegateFactory, EventFactory, WorkshopFactory
from workshops.hosting import room_key

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2019, 8, 29, 10, tzinfo=datetime.UTC)


def voter(n: int) -> Voter:
    return Voter(key=f"pass:{n}", since=NOW, account=False)


def answer(poll, n, **given):
    fields = {"choices": [], "value": None, "text": "", **given}
    return services.poll_answer(poll=poll, voter=voter(n), user=None, language="en", **fields)


def test_a_poll_from_preparation_to_the_exhibition_with_its_history(room, facilitator):
    poll = services.poll_create(
        room=room, kind=PollKind.SINGLE, question="Where first?", options=["Schoolyards", "Squares"], by=facilitator
    )
    services.poll_open(poll=poll, by=facilitator)
    schoolyards, squares = poll.options.all()
    answer(poll, 1, choices=[schoolyards.pk])
    answer(poll, 2, choices=[schoolyards.pk])
    answer(poll, 2, choices=[squares.pk])  # changes their mind while the poll is open
    services.poll_close(poll=poll, by=facilitator)

    assert poll_results(poll=poll)["bars"] == [{"label": "Schoolyards", "count": 1}, {"label": "Squares", "count": 1}]
    with pytest.raises(services.PollClosed):
        answer(poll, 3, choices=[squares.pk])
    assert poll.answers.count() == 2
    kept = polls_for_exhibition()[room.key]
    assert kept == [{"id": poll.pk, "question": "Where first?", "kind": "single",
                     "results": {"count": 2, "bars": [{"label": "Schoolyards", "count": 1},
                                                      {"label": "Squares", "count": 1}]}}]  # fmt: skip
    log = list(poll.transitions.order_by("id").values_list("from_status", "to_status", "by__email"))
    assert log == [("draft", "open", facilitator.email), ("open", "closed", facilitator.email)]


def test_opening_a_poll_closes_the_one_open_before_it(room, facilitator):
    first, second = (
        services.poll_create(room=room, kind=PollKind.WORDS, question=question, options=[], by=facilitator)
        for question in ("One word for your street?", "One word for your square?")
    )
    services.poll_open(poll=first, by=facilitator)

    services.poll_open(poll=second, by=facilitator)

    assert dict(Poll.objects.values_list("question", "status")) == {
        "One word for your street?": PollStatus.CLOSED, "One word for your square?": PollStatus.OPEN,
    }  # fmt: skip


def test_only_one_poll_is_on_the_screen(room, facilitator):
    first, second = (
        services.poll_create(room=room, kind=PollKind.SCALE, question=question, options=[], scale="0-10", by=None)
        for question in ("How safe?", "How green?")
    )
    services.poll_show(poll=first, shown=True, by=facilitator)
    services.poll_show(poll=second, shown=True, by=facilitator)

    assert list(Poll.objects.filter(on_screen=True).values_list("question", flat=True)) == ["How green?"]
    assert second.scale_range == range(0, 11)


def test_a_ranking_without_options_orders_the_workshops_outcomes_most_voted_first(room, facilitator):
    poll = services.poll_create(room=room, kind=PollKind.RANKING, question="What matters most?", options=[],
                                by=facilitator)  # fmt: skip
    services.poll_open(poll=poll, by=facilitator)
    benches, shade, courtyards = poll.options.all()
    answer(poll, 1, choices=[shade.pk, benches.pk, courtyards.pk])
    answer(poll, 2, choices=[shade.pk, courtyards.pk])

    assert benches.text == "Benches that invite a chat"
    assert poll_results(poll=poll)["ranking"] == [
        {"label": "Shade in every schoolyard", "points": 4},
        {"label": "Benches that invite a chat", "points": 1},
        {"label": "Open courtyards", "points": 1},
    ]


def test_results_split_delegates_from_citizens(room, facilitator, citizen):
    delegate = DelegateFactory(user__email="mayor.arnhem@example.org").user
    poll = services.poll_create(room=room, kind=PollKind.SCALE, question="How safe?", options=[], scale="1-5", by=None)
    services.poll_open(poll=poll, by=facilitator)
    for n, (user, value) in enumerate([(delegate, 5), (citizen, 1), (None, 2)]):
        services.poll_answer(poll=poll, voter=voter(n), user=user, language="en", choices=[], value=value, text="")

    audiences = {part["audience"]: part for part in poll_results(poll=poll)["audiences"]}

    assert audiences["Delegates"]["count"] == 1 and audiences["Delegates"]["mean"] == 5
    assert audiences["Citizens"]["count"] == 2 and audiences["Citizens"]["mean"] == 1.5


def test_open_answers_wait_for_a_moderator_and_a_changed_one_waits_again(room, facilitator):
    poll = services.poll_create(room=room, kind=PollKind.TEXT, question="What should change?", options=[], by=None)
    services.poll_open(poll=poll, by=facilitator)
    given = answer(poll, 1, text="Quiet streets at night")
    assert poll_results(poll=poll)["texts"] == []

    services.answer_review(answer=given, to=AnswerReview.SHOWN, by=facilitator)
    assert poll_results(poll=poll)["texts"] == ["Quiet streets at night"]
    answer(poll, 1, text="Quiet streets, and buses at night")

    assert poll_results(poll=poll)["texts"] == []
    with pytest.raises(InvalidTransition):
        services.answer_review(answer=given, to=AnswerReview.WAITING, by=facilitator)


def test_a_poll_that_was_opened_cannot_be_deleted(room, facilitator):
    poll = services.poll_create(room=room, kind=PollKind.WORDS, question="A word?", options=[], by=None)
    services.poll_open(poll=poll, by=facilitator)

    with pytest.raises(ValueError, match="never opened"):
        services.poll_delete(poll=poll, by=facilitator)
    assert Poll.objects.filter(pk=poll.pk).exists()


def test_a_template_is_copied_once_into_every_other_workshop_of_the_topic(room, workshop, facilitator):
    sibling = WorkshopFactory(topic=workshop.topic)
    WorkshopFactory()  # another topic's
    poll = services.poll_create(room=room, kind=PollKind.MULTIPLE, question="Which tools?", options=["Maps", "Apps"],
                                by=facilitator)  # fmt: skip

    assert services.poll_copy(poll=poll, by=facilitator) == 1
    assert services.poll_copy(poll=poll, by=facilitator) == 0  # already there
    copy = Poll.objects.get(room__key=room_key(sibling))
    assert (copy.question, copy.status, list(copy.options.values_list("text", flat=True))) == (
        "Which tools?", "draft", ["Maps", "Apps"]
    )  # fmt: skip


def test_event_rooms_polls_stay_out_of_the_exhibition(facilitator):
    event = EventFactory()
    room = services.room_ensure(key=event.room_key)
    poll = services.poll_create(room=room, kind=PollKind.WORDS, question="A word?", options=[], by=None)
    services.poll_open(poll=poll, by=facilitator)
    services.poll_close(poll=poll, by=facilitator)

    assert polls_for_exhibition() == {}
    assert event.room_code == room.code
