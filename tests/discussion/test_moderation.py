"""Moderation: the queue, who may moderate, the reasons and the history, and what the author is told."""

import pytest
from django.core import mail

from discussion.models import Comment, CommentStatus
from discussion.services import (
    comment_delete,
    comment_flag,
    comment_moderate,
    comment_post,
)
from summit.transitions import InvalidTransition
from tests.discussion.helpers import URL, post

pytestmark = pytest.mark.django_db


def test_organiser_publishes_a_guest_comment_from_the_moderation_queue(client, thread, organiser):
    post(client, thread, guest_name="Ada", body="A view from a guest")
    comment = Comment.objects.get()
    client.force_login(organiser)

    queue = client.get("/admin/discussion/comment/?status__exact=pending").content.decode()
    client.post("/admin/discussion/comment/", {"action": "publish", "_selected_action": [comment.pk]})

    assert "A view from a guest" in queue
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
    assert "A view from a guest" in client.get(URL).content.decode()
    history = client.get(f"/admin/discussion/comment/{comment.pk}/history/").content.decode()
    assert "published" in history


def test_only_organisers_moderate(client, thread, citizen, mayor):
    comment = comment_post(thread=thread, user=citizen, body="Fine words")
    client.force_login(mayor)

    client.post("/admin/discussion/comment/", {"action": "hide", "_selected_action": [comment.pk]})

    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED


def test_moderation_is_emailed_to_the_author(thread, citizen, organiser, django_capture_on_commit_callbacks):
    comment = comment_post(thread=thread, user=citizen, body="Heated words")
    with django_capture_on_commit_callbacks(execute=True):
        comment_moderate(comment=comment, by=organiser, status=CommentStatus.HIDDEN, reason="Please stay polite.")

    assert "has been hidden by a moderator" in mail.outbox[-1].body
    assert "Please stay polite." in mail.outbox[-1].body


def test_moderator_hides_with_a_reason_of_their_own_and_the_author_is_told(
    client, thread, citizen, organiser, django_capture_on_commit_callbacks
):
    comment = comment_post(thread=thread, user=citizen, body="Off topic")
    client.force_login(organiser)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/admin/discussion/comment/{comment.pk}/change/",
            {
                "status": "hidden",
                "moderation_reason": "Please keep to the topic of healthy cities.",
                "flags-TOTAL_FORMS": "0",
                "flags-INITIAL_FORMS": "0",
                "transitions-TOTAL_FORMS": "0",
                "transitions-INITIAL_FORMS": "0",
            },
        )

    comment.refresh_from_db()
    assert comment.status == CommentStatus.HIDDEN
    assert "Please keep to the topic of healthy cities." in mail.outbox[-1].body


def test_moderation_keeps_a_history_and_refuses_impossible_steps(thread, citizen, organiser, settings):
    settings.COMMENT_FLAG_THRESHOLD = 1
    comment = comment_post(thread=thread, user=citizen, body="Heated words")
    comment_flag(comment=comment, user=organiser, reason="Insulting")
    comment_moderate(comment=comment, by=organiser, status=CommentStatus.PUBLISHED)
    comment_moderate(comment=comment, by=organiser, status=CommentStatus.REMOVED, reason="Insults")
    reply_to = comment_post(thread=thread, user=citizen, body="Will be deleted")
    comment_post(thread=thread, user=organiser, body="A reply", parent=reply_to)
    comment_delete(comment=reply_to, by=citizen)

    steps = list(comment.transitions.order_by("at", "id").values_list("from_status", "to_status", "by", "reason"))
    assert steps == [
        ("published", "hidden", None, "Hidden after several reports; a moderator will review it."),
        ("hidden", "published", organiser.pk, ""),
        ("published", "removed", organiser.pk, "Insults"),
    ]
    with pytest.raises(InvalidTransition):
        comment_moderate(comment=reply_to, by=organiser, status=CommentStatus.PUBLISHED)
    reply_to.refresh_from_db()
    assert reply_to.status == CommentStatus.DELETED
