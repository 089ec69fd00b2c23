"""Reactions (once per person, a second click takes it back, counts that cannot drift) and reports."""

import threading

import pytest
from django.db import connection

from discussion.models import CommentStatus, Thread
from discussion.services import (
    comment_post,
    reaction_toggle,
)
from tests.discussion.helpers import URL, text
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_flags_hide_a_comment_at_the_threshold(client, thread, citizen, settings):
    settings.COMMENT_FLAG_THRESHOLD = 2
    comment = comment_post(thread=thread, user=citizen, body="Something rude")
    for reporter in (UserFactory(), UserFactory()):
        client.force_login(reporter)
        client.post(f"/exhibition/comments/{comment.pk}/flag/", {"reason": "Insulting"})
        client.post(f"/exhibition/comments/{comment.pk}/flag/", {"reason": "Again"})

    comment.refresh_from_db()
    assert comment.flag_count == 2
    assert comment.status == CommentStatus.HIDDEN
    assert "Something rude" not in text(client.get(URL))


def test_reactions_count_once_per_person_and_toggle(client, thread, citizen):
    comment = comment_post(thread=thread, user=citizen, body="Good idea")
    reader = UserFactory()
    client.force_login(reader)

    for _ in range(2):
        client.post(f"/exhibition/comments/{comment.pk}/react/", {"kind": "helpful"})
    client.post(f"/exhibition/comments/{comment.pk}/react/", {"kind": "agree"})

    comment.refresh_from_db()
    assert comment.reaction_count == 1
    assert comment.reactions.get().kind == "agree"


def test_anonymous_cannot_react_or_flag(client, thread, citizen):
    comment = comment_post(thread=thread, user=citizen, body="Good idea")

    react = client.post(f"/exhibition/comments/{comment.pk}/react/", {"kind": "helpful"})
    flag = client.post(f"/exhibition/comments/{comment.pk}/flag/", {"reason": "x"})

    assert react.url.startswith("/accounts/login/") and flag.url.startswith("/accounts/login/")
    comment.refresh_from_db()
    assert (comment.reaction_count, comment.flag_count) == (0, 0)


def test_deleting_an_account_keeps_its_reactions_in_the_counts(client, thread, citizen, mayor):
    comment = comment_post(thread=thread, user=mayor, body="Shade for every school yard")
    reaction_toggle(comment=comment, user=citizen, kind="agree")
    reaction_toggle(comment=comment, user=mayor, kind="agree")
    client.force_login(citizen)

    client.post("/accounts/data/delete/", {"password": PASSWORD})

    comment.refresh_from_db()
    assert comment.reaction_count == comment.reactions.count() == 2
    assert "2 reactions" in text(client.get(URL))
    reaction_toggle(comment=comment, user=mayor, kind="agree")
    comment.refresh_from_db()
    assert comment.reaction_count == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_reactions_by_one_person_leave_a_count_that_matches_the_rows(sources, publish):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every write; the race needs PostgreSQL")
    publish()
    thread = Thread.objects.get(key="topic:healthy-cities")
    comment = comment_post(thread=thread, user=UserFactory(), body="Good idea")
    reader = UserFactory()
    start = threading.Barrier(20)
    errors = []

    def react():
        start.wait()
        try:
            reaction_toggle(comment=comment, user=reader, kind="helpful")
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=react) for _ in range(20)]
    for each in threads:
        each.start()
    for each in threads:
        each.join(timeout=30)

    comment.refresh_from_db()
    assert errors == []
    assert comment.reaction_count == comment.reactions.count() == 0  # twenty toggles: taken back as often as given
