"""Following a topic, a city, a pledge, a declaration or a thread: the buttons, the list, the daily digest in
batches, the answer that comes at once, and the links that stop it."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from discussion.models import Thread
from discussion.services import comment_post
from hubs import following
from hubs.models import Follow
from summit.models import OutboxTask
from tests.factories import CityFactory, UserFactory, approved_practice

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"


@pytest.fixture
def thread(sources, publish):
    publish()
    return Thread.objects.get(key="topic:healthy-cities")


def follow_button(client, page: str) -> str:
    return " ".join(client.get(page).content.decode().split())


def test_a_citizen_follows_a_topic_from_its_page_sees_it_listed_and_stops(client, citizen, sources):
    client.force_login(citizen)

    before = follow_button(client, "/topics/healthy-cities/")
    response = client.post(
        "/me/following/", {"key": "topic:healthy-cities", "action": "follow", "next": "/topics/healthy-cities/"}
    )
    after = follow_button(client, "/topics/healthy-cities/")
    listed = follow_button(client, "/me/following/")
    client.post("/me/following/", {"key": "topic:healthy-cities", "action": "unfollow"})

    assert '<button type="submit" class="button button-secondary small">Follow</button>' in before
    assert response.status_code == 302 and response.url == "/topics/healthy-cities/"
    assert "✓ You follow this" in after and "Stop following" in after
    assert '<a href="/topics/healthy-cities/">Healthy Cities</a>' in listed
    assert not Follow.objects.filter(user=citizen).exists()
    assert "You follow nothing yet" in follow_button(client, "/me/following/")


def test_each_reader_sees_their_own_follow_button_on_a_page_kept_for_every_signed_in_reader(
    client, citizen, sources, thread
):
    other = UserFactory(email="other@example.org")
    following.follow_add(user=citizen, key="thread:topic:healthy-cities")

    client.force_login(citizen)
    mine = follow_button(client, "/exhibition/topics/healthy-cities/")
    client.force_login(other)
    theirs = follow_button(client, "/exhibition/topics/healthy-cities/")

    assert "✓ You follow this" in mine
    assert "✓ You follow this" not in theirs and ">Follow this discussion</button>" in theirs


def test_with_htmx_the_button_is_answered_with_the_button_alone(client, citizen, sources):
    client.force_login(citizen)

    response = client.post(
        "/me/following/", {"key": "city:" + CityFactory(slug="arnhem").slug, "action": "follow"},
        headers={"HX-Request": "true"},
    )  # fmt: skip

    text = response.content.decode()
    assert text.lstrip().startswith("<form") and "✓ You follow this" in text
    assert 'role="status">You follow this now.' in text


def test_what_does_not_exist_cannot_be_followed_and_people_must_sign_in(client, citizen, db):
    anonymous = client.post("/me/following/", {"key": "topic:nope", "action": "follow"})
    client.force_login(citizen)
    unknown = client.post("/me/following/", {"key": "topic:nope", "action": "follow"}, follow=True)
    forged = client.post("/me/following/", {"key": "admin:everything", "action": "follow"}, follow=True)

    assert anonymous.status_code == 302 and anonymous.url.startswith("/accounts/login/")
    assert "There is nothing to follow here." in unknown.content.decode()
    assert "There is nothing to follow here." in forged.content.decode()
    assert not Follow.objects.exists()


def test_anonymous_readers_are_asked_to_sign_in_to_follow(client, sources):
    page = follow_button(client, "/topics/healthy-cities/")

    assert "Sign in to follow this" in page and "follow-form" in page


def test_the_daily_digest_lists_what_changed_in_what_each_person_follows_with_a_link_to_stop(
    citizen, sources, live_index, django_capture_on_commit_callbacks
):
    following.follow_add(user=citizen, key="topic:healthy-cities")
    quiet = UserFactory(email="quiet@example.org")
    following.follow_add(user=quiet, key="topic:inclusive-cities")
    practice = live_index(lambda: approved_practice(topic=sources["healthy"], title="Shade for schoolyards"))

    with django_capture_on_commit_callbacks(execute=True):
        queued = following.digests_queue(until=timezone.now() + datetime.timedelta(seconds=1))

    assert queued == 1
    assert [email.to for email in mail.outbox] == [["citizen@example.org"]]
    body = mail.outbox[0].body
    assert "Healthy Cities\n- Best practice (City" in body and "): Shade for schoolyards" in body
    assert f"{SITE}/practices/{practice.pk}/" in body
    assert mail.outbox[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    stop = re.search(rf"Stop following this: {SITE}(/following/off/\S+/)", body).group(1)
    assert stop


def test_nothing_new_means_no_digest_and_turned_off_emails_get_none(citizen, sources, live_index):
    following.follow_add(user=citizen, key="topic:healthy-cities")
    citizen.emails_enabled = False
    citizen.save()
    live_index(lambda: approved_practice(topic=sources["healthy"]))

    assert following.digests_queue(until=timezone.now() + datetime.timedelta(seconds=1)) == 0
    assert following.digests_queue(until=timezone.now() + datetime.timedelta(days=3)) == 0
    assert mail.outbox == []


def test_digests_for_many_followers_go_in_batches_each_over_one_task(
    sources, live_index, django_capture_on_commit_callbacks
):
    users = UserFactory.create_batch(following.BATCH + 3)
    Follow.objects.bulk_create([Follow(user=user, key="topic:healthy-cities") for user in users])
    live_index(lambda: approved_practice(topic=sources["healthy"]))
    tasks_before = OutboxTask.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        queued = following.digests_queue(until=timezone.now() + datetime.timedelta(seconds=1))

    assert queued == 2
    assert OutboxTask.objects.count() - tasks_before == 2
    assert len(mail.outbox) == following.BATCH + 3


def test_the_link_in_an_email_asks_once_then_stops_following_that_one_thing(client, citizen, sources):
    topic = following.follow_add(user=citizen, key="topic:healthy-cities")
    following.follow_add(user=citizen, key="topic:inclusive-cities")
    path = following.unfollow_url(topic.pk).removeprefix(SITE)

    asked = client.get(path)
    done = client.post(path)
    again = client.get(path)

    assert "Stop emails to citizen@example.org about Healthy Cities?" in asked.content.decode()
    assert "Done: you no longer follow Healthy Cities." in done.content.decode()
    assert again.status_code == 404
    assert list(Follow.objects.filter(user=citizen).values_list("key", flat=True)) == ["topic:inclusive-cities"]
    assert client.get("/following/off/forged:token/").status_code == 404


def test_an_official_answer_reaches_the_threads_followers_at_once(
    citizen, mayor, thread, django_capture_on_commit_callbacks
):
    follower = UserFactory(email="follower@example.org")
    following.follow_add(user=follower, key="thread:topic:healthy-cities")
    following.follow_add(user=citizen, key="thread:topic:healthy-cities")
    question = comment_post(thread=thread, user=citizen, body="Will the schoolyards open in summer?")

    with django_capture_on_commit_callbacks(execute=True):
        comment_post(thread=thread, user=mayor, body="Yes, twelve of them.", parent=question)

    by_address = {email.to[0]: email for email in mail.outbox}
    assert set(by_address) == {"citizen@example.org", "follower@example.org"}  # the asker once, not twice
    answer = by_address["follower@example.org"]
    assert answer.subject.endswith("A mayor answered in a discussion you follow")
    assert "Mayor of Düsseldorf answered in the discussion" in " ".join(answer.body.split())
    assert "Yes, twelve of them." in answer.body
    assert "Stop following this discussion: http://127.0.0.1:8000/following/off/" in answer.body


def test_what_one_follows_is_in_their_data_download_and_leaves_with_their_account(client, citizen, sources):
    following.follow_add(user=citizen, key="topic:healthy-cities")
    client.force_login(citizen)

    download = client.get("/accounts/data/", {"download": 1}).json()
    citizen.delete()

    assert download["following"][0]["followed"] == "Healthy Cities"
    assert download["following"][0]["key"] == "topic:healthy-cities"
    assert not Follow.objects.exists()
