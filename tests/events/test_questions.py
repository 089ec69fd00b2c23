"""Live questions: phones join the room with the code on its screen (a pass the server signs), ask, like once per
pass or account, report abuse; the moderators (organisers, or the people named on the event) shortlist, put one on
the screen and mark answered, in a queue that brings itself up to date."""

import datetime
import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from events.models import Question
from summit.polled import version_get
from tests.factories import EventFactory, OrganiserFactory, UserFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def event(db):
    return EventFactory(capacity=100, questions_open=True)


def phone(event, client=None) -> Client:
    """A phone in the room: it has scanned the QR code on the room's screen, which gives it its pass."""
    client = client or Client()
    client.get(f"/join/{event.room_code}/")
    return client


def ask(client, event, question, name=""):
    return client.post(f"/programme/{event.item_id}/ask/", {"text": question, "asked_by": name}, follow=True)


def vote(client, question, kind="like"):
    return client.post(f"/programme/{question.event.item_id}/ask/{question.pk}/vote/", {"kind": kind}, follow=True)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_phone_asks_without_an_account_once_a_minute(event):
    first_phone, second_phone = phone(event), phone(event)

    asked = ask(first_phone, event, "Will schoolyards open in summer?", name="Ada")
    again = ask(first_phone, event, "And on Sundays?")
    other = ask(second_phone, event, "Who pays for the caretakers?")

    assert "Thank you: your question is on the list." in text(asked)
    assert "Will schoolyards open in summer?" in text(asked) and "Ada" in text(asked)
    assert "One question a minute, please" in text(again)
    assert sorted(Question.objects.values_list("text", flat=True)) == [
        "Who pays for the caretakers?", "Will schoolyards open in summer?",
    ]  # fmt: skip
    assert "Who pays for the caretakers?" in text(other)


def test_a_phone_joins_by_typing_the_code_in_any_case_or_by_the_qr_code(event):
    spoken = f" {event.room_code.lower()[:3]} {event.room_code.lower()[3:]} "  # typed as read out, in two halves
    typed = Client().get("/join/", {"code": spoken}, follow=True)
    scanned = Client().get(f"/join/{event.room_code}/", follow=True)
    wrong = Client().get("/join/", {"code": "ZZZZZZ"}, follow=True)
    malformed = Client().get("/join/", {"code": "abc"})

    for joined in (typed, scanned):
        assert joined.redirect_chain[-1][0] == f"/programme/{event.item_id}/ask/"
        assert "You are in the room" in text(joined) and 'name="text"' in text(joined)
    assert wrong.status_code == 404 and "No room has the code ZZZZZZ" in text(wrong)
    assert malformed.status_code == 400 and "has 6 letters and digits" in text(malformed)


def test_without_a_pass_from_the_server_a_phone_is_asked_to_join_and_cannot_act(event):
    question = Question.objects.create(event=event, text="Shade?", asker="pass:x")
    made_up = Client()
    made_up.cookies["phone"] = "anything"
    made_up.cookies[f"room-programme-{event.item_id}"] = "forged:value"
    other = EventFactory(questions_open=True)
    elsewhere = phone(other)  # its pass for another room, under this room's name
    elsewhere.cookies[f"room-programme-{event.item_id}"] = elsewhere.cookies[f"room-programme-{other.item_id}"].value

    for client in (Client(), made_up, elsewhere):
        page = client.get(f"/programme/{event.item_id}/ask/")
        asked = ask(client, event, "Hello?")
        liked = vote(client, question)
        assert "Join the room to ask" in text(page) and 'name="text"' not in text(page)
        assert "Join the room first: type the code shown on the room" in text(asked)
        assert "Join the room first" in text(liked)
    question.refresh_from_db()
    assert not Question.objects.exclude(pk=question.pk).exists() and question.likes == 0


def test_questions_closed_are_refused_with_a_reason(event):
    event.questions_open = False
    event.save()

    response = ask(phone(event), event, "Too early?")

    assert "Questions are not open for this event." in text(response)
    assert not Question.objects.exists()


def test_likes_count_once_per_phone_and_a_second_like_takes_it_back(event):
    question = Question.objects.create(event=event, text="Shade?", asker="phone:x")
    first, second = phone(event), phone(event)

    vote(first, question)
    vote(second, question)
    vote(second, question)
    page = first.get(f"/programme/{event.item_id}/ask/?part=list")

    question.refresh_from_db()
    assert question.likes == 1
    assert 'aria-pressed="true"' in page.content.decode() and "Like · 1" in text(page)
    assert "<html" not in page.content.decode()  # the polled part only


def test_reports_from_six_passes_or_three_accounts_older_than_the_question_hide_it(event):
    passes = [phone(event) for _ in range(6)]
    accounts = [phone(event, logged_in(UserFactory())) for _ in range(3)]
    by_passes = Question.objects.create(event=event, text="Something abusive", asker="pass:x")
    by_accounts = Question.objects.create(event=event, text="Something else abusive", asker="pass:y")

    for client in passes[:5]:
        vote(client, by_passes, "report")
    by_passes.refresh_from_db()
    assert by_passes.status == "waiting" and by_passes.reports == 5  # five passes weigh 5 of 6
    vote(passes[5], by_passes, "report")
    for client in accounts:
        vote(client, by_accounts, "report")

    for question in (by_passes, by_accounts):
        question.refresh_from_db()
        assert question.status == "hidden"
        (hidden,) = question.transitions.all()
        assert (hidden.to_status, hidden.by, hidden.reason) == ("hidden", None, "Reports from the room (weight 6).")
        assert question.text not in text(phone(event).get(f"/programme/{event.item_id}/ask/"))


def test_reports_from_passes_made_after_the_question_do_not_hide_it(event):
    question = Question.objects.create(event=event, text="An unpopular opinion", asker="pass:x")

    for _ in range(10):  # one person scanning the code again and again to pile reports on it
        vote(phone(event), question, "report")

    question.refresh_from_db()
    assert question.status == "waiting" and question.reports == 10
    assert "An unpopular opinion" in text(phone(event).get(f"/programme/{event.item_id}/ask/"))


def test_a_question_a_moderator_shows_again_is_not_hidden_by_reports_again(client, event, organiser):
    reporters = [phone(event, logged_in(UserFactory())) for _ in range(6)]
    question = Question.objects.create(event=event, text="Hard but fair", asker="pass:x")
    for reporter in reporters[:3]:
        vote(reporter, question, "report")
    client.force_login(organiser)

    client.post(f"/programme/{event.item_id}/questions/", {"question": question.pk, "to": "waiting"})
    for reporter in reporters[3:]:
        vote(reporter, question, "report")

    question.refresh_from_db()
    assert question.status == "waiting" and question.kept and question.reports == 6


def test_moderators_shortlist_put_on_screen_and_mark_answered(client, event):
    first = Question.objects.create(event=event, text="Will schoolyards open?", asker="phone:a")
    second = Question.objects.create(event=event, text="Who pays?", asker="phone:b")
    moderator = UserFactory(email="moderator@example.org")
    event.moderators.add(moderator)
    client.force_login(moderator)
    queue = f"/programme/{event.item_id}/questions/"

    client.post(queue, {"question": first.pk, "to": "shortlisted"})
    client.post(queue, {"question": first.pk, "to": "live"})
    screen = client.get(f"/programme/{event.item_id}/screen/?part=state")
    client.post(queue, {"question": second.pk, "to": "live"})
    client.post(queue, {"question": second.pk, "to": "answered", "answered_by": "Mayor of Arnhem"})

    assert "Being answered now" in text(screen) and "Will schoolyards open?" in text(screen)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "answered"  # another went on the screen
    assert list(first.transitions.order_by("id").values_list("to_status", "by", "reason")) == [
        ("shortlisted", moderator.pk, ""),
        ("live", moderator.pk, ""),
        ("answered", moderator.pk, "Another question went on the screen."),
    ]
    assert (second.status, second.answered_by) == ("answered", "Mayor of Arnhem")
    room = text(Client().get(f"/programme/{event.item_id}/ask/"))
    assert "Answered — Mayor of Arnhem" in room


def test_only_organisers_and_the_events_moderators_run_its_questions(client, event):
    question = Question.objects.create(event=event, text="Shade?", asker="phone:x")
    elsewhere = EventFactory()
    outsider = UserFactory(email="outsider@example.org")
    elsewhere.moderators.add(outsider)
    client.force_login(outsider)

    refused = client.post(f"/programme/{event.item_id}/questions/", {"question": question.pk, "to": "hidden"})

    assert refused.status_code == 403
    question.refresh_from_db()
    assert question.status == "waiting"
    client.force_login(OrganiserFactory())
    assert client.get(f"/programme/{event.item_id}/questions/").status_code == 200
    bad = client.post(f"/programme/{event.item_id}/questions/", {"question": question.pk, "to": "deleted"})
    assert bad.status_code == 400 and "That is not a step a question can take." in text(bad)


def test_the_screen_shows_how_to_join_in_large_type(client, event):
    page = client.get(f"/programme/{event.item_id}/screen/")

    assert page.status_code == 200
    assert "scan the code, or go to<br><strong>127.0.0.1:8000/join/</strong><br>and type" in text(page)
    assert f'<strong class="screen-code">{event.room_code}</strong>' in text(page) and "<svg" in text(page)
    assert "Questions from the room will appear here." in text(page)


def test_passes_are_limited_per_address_and_a_new_pass_needs_the_code_again(event, settings):
    settings.ROOM_JOIN_RATE = "3/10m"
    question = Question.objects.create(event=event, text="Shade?", asker="pass:x")
    person = Client()

    for _ in range(3):  # one person throwing their cookies away between clicks
        person.cookies.clear()
        phone(event, person)
        vote(person, question)
    person.cookies.clear()
    refused = person.get(f"/join/{event.room_code}/")
    asked = ask(person, event, "Without a pass?")

    question.refresh_from_db()
    assert question.likes == 3
    assert refused.status_code == 429 and "Too many requests" in text(refused)
    assert "Join the room first" in text(asked)


def test_an_account_counts_once_however_many_passes_it_holds(event):
    question = Question.objects.create(event=event, text="Shade?", asker="pass:x")
    citizen = UserFactory()
    first, second = phone(event, logged_in(citizen)), phone(event, logged_in(citizen))

    vote(first, question)
    vote(second, question, "report")
    vote(first, question, "report")
    asked = ask(first, event, "Who pays?")
    again = ask(second, event, "And who maintains it?")

    question.refresh_from_db()
    assert (question.likes, question.reports) == (1, 1)
    assert "Thank you: your question is on the list." in text(asked)
    assert "One question a minute, please" in text(again)


def test_five_hundred_phones_behind_one_address_all_join_and_ask(event):
    phones = [phone(event) for _ in range(500)]  # the test client sends every request from 127.0.0.1

    answers = [
        client.post(f"/programme/{event.item_id}/ask/", {"text": f"Question {number}"})
        for number, client in enumerate(phones)
    ]

    assert {answer.status_code for answer in answers} == {302}  # each asked and was sent back to the list
    assert Question.objects.count() == 500


@pytest.mark.parametrize("forged", ["abc", "1e5", "", "-1", "99999999999999999999999"])
def test_a_forged_question_id_in_the_queue_is_a_400_that_says_why(client, event, organiser, forged):
    question = Question.objects.create(event=event, text="Shade?", asker="pass:x")
    client.force_login(organiser)

    response = client.post(f"/programme/{event.item_id}/questions/", {"question": forged, "to": "hidden"})

    assert response.status_code in (400, 404)
    assert "<h1>" in text(response)
    question.refresh_from_db()
    assert question.status == "waiting"


def test_polling_a_room_that_does_not_exist_writes_nothing_to_the_cache(client, event):
    for part in ("screen/?part=state", "ask/?part=list"):
        assert client.get(f"/programme/987654/{part}").status_code == 404
    assert version_get("events:questions:987654") is None
    client.get(f"/programme/{event.item_id}/screen/?part=state")
    assert version_get(f"events:questions:{event.item_id}") is not None


@pytest.mark.django_db(transaction=True)
def test_likes_from_twenty_phones_at_once_are_all_counted(settings):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every write; the race needs PostgreSQL's row locks")
    settings.REACTION_RATE = "1000/1m"
    event = EventFactory(capacity=100, questions_open=True)
    question = Question.objects.create(event=event, text="Shade?", asker="phone:x")
    phones = [phone(event) for _ in range(20)]
    start = threading.Barrier(20)

    def like(client):
        start.wait()
        try:
            vote(client, question)
        finally:
            connection.close()

    threads = [threading.Thread(target=like, args=(client,)) for client in phones]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    question.refresh_from_db()
    assert question.likes == question.votes.count() == 20


def test_answered_questions_join_their_topic_exhibit_in_the_next_edition_once_the_event_is_over(
    client, sources, publish, django_capture_on_commit_callbacks
):
    event = EventFactory(item__topic=sources["healthy"], questions_open=True)
    Question.objects.create(event=event, text="Shade at bus stops?", asker="phone:a", status="answered",
                            answered_by="Mayor of Arnhem")  # fmt: skip
    Question.objects.create(event=event, text="Not answered", asker="phone:b", status="shortlisted")
    publish()
    before = text(client.get("/exhibition/topics/healthy-cities/"))
    event.item.starts_at = timezone.now() - datetime.timedelta(hours=3)
    event.item.ends_at = timezone.now() - datetime.timedelta(hours=1)
    event.item.save()

    with django_capture_on_commit_callbacks(execute=True):  # publishing drops the cached exhibit pages
        edition = publish()

    after = text(client.get("/exhibition/topics/healthy-cities/"))
    assert "Shade at bus stops?" not in before  # the event had not taken place yet
    assert edition.number == 2
    assert "Asked in the room, answered live" in after
    assert "Shade at bus stops?" in after and f"— Mayor of Arnhem, {event.item.title}" in after
    assert "Not answered" not in after


@pytest.mark.parametrize("part", ["ask/?part=list", "screen/?part=state", "questions/?part=queue"])
def test_polling_answers_304_without_a_query_until_something_changes(
    event, part, organiser, django_assert_num_queries, django_capture_on_commit_callbacks
):
    question = Question.objects.create(event=event, text="Shade?", asker="pass:x")
    room = phone(event)
    if part.startswith("questions/"):
        room.force_login(organiser)
        room.get(url := f"/programme/{event.item_id}/{part}")  # the session and the user are kept in the cache
    url = f"/programme/{event.item_id}/{part}"
    first = room.get(url)

    with django_assert_num_queries(0):
        unchanged = room.get(url, headers={"If-None-Match": first["ETag"]})
    with django_capture_on_commit_callbacks(execute=True):
        vote(phone(event), question)
    changed = room.get(url, headers={"If-None-Match": first["ETag"]})

    assert first.status_code == 200 and first["Cache-Control"] == "private, no-cache"
    assert unchanged.status_code == 304 and unchanged["ETag"] == first["ETag"]
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
