"""A room as people meet it: a phone joins by the code and answers each kind of poll with a plain form, sees that
its answer counted and changes it; the screen shows the poll on it; the console is the facilitators' alone; the
polled parts cost nothing while the room is quiet."""

import re
import threading

import pytest
from django.db import connection
from django.test import Client

from rooms import services
from rooms.models import Poll, PollKind
from tests.factories import EventFactory, FacilitatorFactory, WorkshopFactory
from tests.rooms.conftest import phone, signed_in

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def opened(room, kind, question="Where first?", options=(), scale="", by=None):
    poll = services.poll_create(room=room, kind=kind, question=question, options=list(options), scale=scale, by=by)
    return services.poll_open(poll=poll, by=by)


def send(client, room, poll, **data):
    return client.post(f"/rooms/{room.code}/", {"poll": poll.pk, **data}, follow=True)


def test_a_phone_joins_a_workshops_room_by_the_qr_code_or_by_typing_it(room):
    by_qr = Client().get(f"/join/{room.code}/", follow=True)
    typed = Client().get("/join/", {"code": f" {room.code.lower()} "}, follow=True)

    assert by_qr.redirect_chain[-1][0] == f"/rooms/{room.code}/"
    assert typed.redirect_chain[-1][0] == f"/rooms/{room.code}/"
    assert "You are in the room" in text(by_qr)
    assert "No poll is open right now" in text(by_qr)


def test_a_code_that_opens_no_room_says_so(db):
    response = Client().get("/join/ABCDEF/")

    assert response.status_code == 404
    assert "No room has the code ABCDEF" in text(response)


@pytest.mark.parametrize(
    ("kind", "options", "data", "shown"),
    [
        (PollKind.SINGLE, ["Schoolyards", "Squares"], lambda o: {"choice": o[1]}, "Squares: 1"),
        (PollKind.MULTIPLE, ["Maps", "Apps", "Walks"], lambda o: {"choices": [o[0], o[2]]}, "Walks: 1"),
        (PollKind.SCALE, [], lambda o: {"value": 4}, "4: 1"),
        (PollKind.WORDS, [], lambda o: {"text": "Shade, trees!"}, "trees: 1"),
        (
            PollKind.RANKING,
            ["Trees", "Benches"],
            lambda o: {f"rank_{o[0]}": 2, f"rank_{o[1]}": 1},
            'Benches <span class="muted">· 1 point',
        ),
    ],
    ids=["single", "multiple", "scale", "words", "ranking"],
)
def test_a_phone_answers_each_kind_of_poll_and_the_screen_shows_it(room, kind, options, data, shown, facilitator):
    poll = opened(room, kind, options=options, scale="1-5" if kind == PollKind.SCALE else "")
    services.poll_show(poll=poll, shown=True, by=facilitator)
    client = phone(room)

    answered = send(client, room, poll, **data(list(poll.options.values_list("pk", flat=True))))

    assert "Your answer counts. You can change it while the poll is open." in text(answered)
    assert "Change my answer" in text(answered)
    assert poll.answers.count() == 1
    assert shown in text(Client().get(f"/rooms/{room.code}/screen/"))


def test_a_phone_changes_its_answer_and_it_counts_once(room):
    poll = opened(room, PollKind.SINGLE, options=["Schoolyards", "Squares"])
    first, second = poll.options.values_list("pk", flat=True)
    client = phone(room)

    send(client, room, poll, choice=first)
    page = send(client, room, poll, choice=second)

    assert list(poll.answers.values_list("choices", flat=True)) == [[second]]
    assert re.search(rf'value="{second}"[^>]*checked', page.content.decode())  # the phone sees its own answer


def test_without_a_pass_a_phone_is_asked_to_join_and_its_answer_is_not_taken(room):
    poll = opened(room, PollKind.WORDS)

    response = send(Client(), room, poll, text="Shade")

    assert "Join the room first" in text(response)
    assert poll.answers.count() == 0


def test_an_answer_to_a_closed_poll_is_refused_with_a_reason(room):
    poll = opened(room, PollKind.WORDS)
    client = phone(room)
    services.poll_close(poll=poll, by=None)

    response = send(client, room, poll, text="Shade")

    assert "This poll is closed" in text(response)
    assert poll.answers.count() == 0


@pytest.mark.parametrize(
    ("kind", "data", "reason"),
    [
        (PollKind.RANKING, lambda o: {f"rank_{o[0]}": 1, f"rank_{o[1]}": 1}, "Each place goes to one option only."),
        (PollKind.RANKING, lambda o: {f"rank_{o[0]}": 1}, "Give a place to at least two options."),
        (PollKind.SINGLE, lambda o: {"choice": 999999}, "Select a valid choice."),
        (PollKind.SINGLE, lambda o: {}, "Pick one answer."),
    ],
)
def test_an_answer_that_cannot_be_one_is_a_400_that_says_why(room, kind, data, reason):
    poll = opened(room, kind, options=["Trees", "Benches"])
    client = phone(room)

    response = client.post(
        f"/rooms/{room.code}/", {"poll": poll.pk, **data(list(poll.options.values_list("pk", flat=True)))}
    )

    assert response.status_code == 400
    assert reason in text(response)
    assert poll.answers.count() == 0


def test_the_console_is_for_the_workshops_facilitators_and_organisers_only(room, facilitator, organiser, citizen):
    other = FacilitatorFactory(email="other.facilitator@example.org")
    WorkshopFactory().facilitators.add(other)
    poll = services.poll_create(room=room, kind=PollKind.WORDS, question="A word?", options=[], by=None)

    assert signed_in(facilitator).get(f"/rooms/{room.code}/console/").status_code == 200
    assert signed_in(organiser).get(f"/rooms/{room.code}/console/").status_code == 200
    for stranger in (other, citizen):
        assert signed_in(stranger).get(f"/rooms/{room.code}/console/").status_code == 404
        assert signed_in(stranger).post(f"/rooms/{room.code}/polls/{poll.pk}/open/").status_code == 404
        assert (
            signed_in(stranger).post(f"/rooms/{room.code}/console/", {"question": "Mine?", "kind": "words"}).status_code
            == 404
        )
    assert Client().get(f"/rooms/{room.code}/console/").status_code == 302  # to sign in
    poll.refresh_from_db()
    assert poll.status == "draft" and Poll.objects.count() == 1


def test_an_events_moderators_run_its_rooms_polls(organiser):
    event = EventFactory()
    moderator = FacilitatorFactory(email="moderator@example.org")
    event.moderators.add(moderator)

    assert signed_in(moderator).get(f"/rooms/{event.room_code}/console/").status_code == 200
    assert (
        Client().get(f"/join/{event.room_code}/", follow=True).redirect_chain[-1][0]
        == f"/programme/{event.item_id}/ask/"
    )


def test_a_facilitator_prepares_runs_and_shows_a_poll_from_the_console(room, facilitator):
    console = signed_in(facilitator)
    url = f"/rooms/{room.code}/console/"

    refused = console.post(url, {"question": "Which first?", "kind": "single", "options": "Only one"})
    prepared = console.post(
        url, {"question": "Which first?", "kind": "single", "options": "Trees\nBenches\n"}, follow=True
    )
    poll = Poll.objects.get()
    console.post(f"/rooms/{room.code}/polls/{poll.pk}/open/")
    console.post(f"/rooms/{room.code}/polls/{poll.pk}/show/")

    assert refused.status_code == 400 and "Give between 2 and 12 options" in text(refused)
    assert "The poll is prepared" in text(prepared)
    poll.refresh_from_db()
    assert (poll.status, poll.on_screen, list(poll.options.values_list("text", flat=True))) == (
        "open",
        True,
        ["Trees", "Benches"],
    )
    assert "Which first?" in text(Client().get(f"/rooms/{room.code}/screen/?part=state"))


def test_deleting_a_prepared_poll_asks_first(room, facilitator):
    poll = services.poll_create(room=room, kind=PollKind.WORDS, question="A word?", options=[], by=None)
    console = signed_in(facilitator)

    asked = console.post(f"/rooms/{room.code}/polls/{poll.pk}/delete/")
    assert "Delete the poll?" in text(asked) and Poll.objects.exists()
    console.post(f"/rooms/{room.code}/polls/{poll.pk}/delete/", {"confirm": "1"})

    assert not Poll.objects.exists()


def test_open_answers_reach_the_screen_once_a_moderator_shows_them(room, facilitator):
    poll = opened(room, PollKind.TEXT, question="What should change?")
    services.poll_show(poll=poll, shown=True, by=facilitator)
    send(phone(room), room, poll, text="Buses at night")
    screen = f"/rooms/{room.code}/screen/?part=state"
    assert "Buses at night" not in text(Client().get(screen))

    console = signed_in(facilitator)
    assert "Buses at night" in text(console.get(f"/rooms/{room.code}/console/"))
    console.post(f"/rooms/{room.code}/answers/{poll.answers.get().pk}/", {"to": "shown"})

    assert "Buses at night" in text(Client().get(screen))
    assert console.post(f"/rooms/{room.code}/answers/{poll.answers.get().pk}/", {"to": "waiting"}).status_code == 400


@pytest.mark.parametrize("part", ["screen/?part=state", "?part=poll"])
def test_polled_parts_answer_304_without_a_query_until_the_room_changes(
    room, part, django_assert_num_queries, django_capture_on_commit_callbacks
):
    poll = opened(room, PollKind.WORDS)
    services.poll_show(poll=poll, shown=True, by=None)
    client = phone(room)
    url = f"/rooms/{room.code}/{part}"
    first = client.get(url)

    with django_assert_num_queries(0):
        unchanged = client.get(url, headers={"If-None-Match": first["ETag"]})
    with django_capture_on_commit_callbacks(execute=True):
        send(phone(room), room, poll, text="Shade")
    changed = client.get(url, headers={"If-None-Match": first["ETag"]})

    assert first.status_code == 200 and first["Cache-Control"] == "private, no-cache"
    assert unchanged.status_code == 304
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_an_events_ask_page_and_screen_show_the_rooms_poll(facilitator):
    event = EventFactory(questions_open=True)
    room = services.room_ensure(key=event.room_key)
    poll = opened(room, PollKind.SCALE, question="How safe do you feel?", scale="1-5")
    services.poll_show(poll=poll, shown=True, by=facilitator)
    client = phone(room)

    asking = text(client.get(f"/programme/{event.item_id}/ask/"))
    screen = text(Client().get(f"/programme/{event.item_id}/screen/?part=state"))

    assert "A poll is open in the room: “How safe do you feel?”" in asking
    assert "How safe do you feel?" in screen and "0 answers" in screen


def test_the_workshops_capture_screen_links_its_rooms_console(client, workshop, room, facilitator):
    client.force_login(facilitator)

    page = text(client.get(f"/workshops/{workshop.pk}/"))

    assert f'href="/rooms/{room.code}/console/"' in page and room.code in page


@pytest.mark.django_db(transaction=True)
def test_one_answer_per_phone_and_every_phone_counted_under_concurrent_posts(facilitator):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every write; the race needs PostgreSQL's row locks")
    room = services.room_ensure(key=f"workshop-{WorkshopFactory().pk}")
    poll = opened(room, PollKind.SINGLE, options=["Trees", "Benches"])
    trees = poll.options.first().pk
    phones = [phone(room) for _ in range(10)]
    sends = [client for client in phones for _twice in range(3)]  # each phone sends its answer three times at once
    start = threading.Barrier(len(sends))

    def answer(client):
        start.wait()
        try:
            send(client, room, poll, choice=trees)
        finally:
            connection.close()

    threads = [threading.Thread(target=answer, args=(client,)) for client in sends]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert poll.answers.count() == 10
    assert len(set(poll.answers.values_list("voter", flat=True))) == 10
