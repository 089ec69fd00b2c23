"""Live questions: the room asks from phones without an account, likes once per phone, reports abuse; the
moderators (organisers, or the people named on the event) shortlist, put one on the screen and mark answered."""

import datetime
import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from events.models import Question
from tests.factories import EventFactory, OrganiserFactory, UserFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def event(db):
    return EventFactory(capacity=100, questions_open=True)


def phone(event) -> Client:
    """A phone in the room: it has opened the ask page, which gives it its cookie."""
    client = Client()
    client.get(f"/programme/{event.item_id}/ask/")
    return client


def ask(client, event, question, name=""):
    return client.post(f"/programme/{event.item_id}/ask/", {"text": question, "asked_by": name}, follow=True)


def vote(client, question, kind="like"):
    return client.post(f"/programme/{question.event.item_id}/ask/{question.pk}/vote/", {"kind": kind}, follow=True)


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


def test_a_phone_without_the_cookie_is_told_why_it_cannot_ask(event):
    response = Client().post(f"/programme/{event.item_id}/ask/", {"text": "Hello?"}, follow=True)

    assert "must keep this site" in text(response)
    assert not Question.objects.exists()


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


def test_three_reports_hide_a_question_from_the_room(event):
    question = Question.objects.create(event=event, text="Something abusive", asker="phone:x")

    for _phone in range(3):
        vote(phone(event), question, "report")

    question.refresh_from_db()
    assert question.status == "hidden" and question.reports == 3
    assert "Something abusive" not in text(phone(event).get(f"/programme/{event.item_id}/ask/"))


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


def test_the_screen_shows_how_to_ask_in_large_type(client, event):
    page = client.get(f"/programme/{event.item_id}/screen/")

    assert page.status_code == 200
    assert f"/programme/{event.item_id}/ask/" in text(page) and "<svg" in page.content.decode()
    assert "Questions from the room will appear here." in text(page)


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


@pytest.mark.parametrize("part", ["ask/?part=list", "screen/?part=state"])
def test_polling_answers_304_without_a_query_until_something_changes(
    event, part, django_assert_num_queries, django_capture_on_commit_callbacks
):
    question = Question.objects.create(event=event, text="Shade?", asker="phone:x")
    room = phone(event)
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
