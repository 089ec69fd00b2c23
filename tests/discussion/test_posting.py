"""Posting to a discussion: who publishes at once and who waits, what is refused and why, official answers, changing and
deleting one's own comment, blocks and CSRF."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from discussion.models import Block, Comment, CommentStatus, Thread
from discussion.services import (
    author_block,
    comment_moderate,
    comment_post,
)
from tests.discussion.helpers import URL, post, text
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_verified_citizen_publishes_at_once(client, thread, citizen):
    client.force_login(citizen)

    response = post(client, thread, body="We need **more trees** on Königsallee.")

    comment = Comment.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"#comment-{comment.pk}")
    assert comment.status == CommentStatus.PUBLISHED and comment.author == citizen
    page = text(client.get(URL))
    assert "<strong>more trees</strong>" in page
    assert "Chris Citizen" in page


def test_unverified_account_cannot_post(client, thread):
    user = UserFactory()
    EmailAddress.objects.filter(user=user).update(verified=False)
    client.force_login(user)

    response = post(client, thread)

    assert response.status_code == 302
    assert not Comment.objects.exists()
    assert "Confirm your email address" in text(client.get(URL))


def test_guest_comment_waits_for_moderation_and_needs_a_name(client, thread):
    nameless = post(client, thread)
    named = post(client, thread, guest_name="Ada")

    assert nameless.status_code == 302 and Comment.objects.count() == 1
    comment = Comment.objects.get()
    assert comment.status == CommentStatus.PENDING and comment.guest_name == "Ada"
    page = text(client.get(URL))
    assert "Shade matters." not in page
    assert named.status_code == 302


def test_honeypot_filled_in_is_refused(client, thread):
    post(client, thread, guest_name="Bot", website="http://spam.example")

    assert not Comment.objects.exists()


def test_posting_is_rate_limited_per_address(client, thread, settings):
    settings.COMMENT_RATE = "2/10m"

    answers = [post(client, thread, guest_name=f"Guest {n}", body=f"Thought <{n}>") for n in range(3)]

    assert [answer.status_code for answer in answers] == [302, 302, 429]
    assert Comment.objects.count() == 2
    # The refused text comes back, escaped, to be copied and sent later.
    assert "Thought &lt;2&gt;</textarea>" in answers[2].content.decode()


def test_comment_text_is_escaped_and_links_get_nofollow(client, thread, citizen):
    client.force_login(citizen)

    post(client, thread, body='<script>alert("x")</script> [site](https://example.org) <img src=x onerror=alert(1)>')

    page = client.get(URL).content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert 'href="https://example.org" rel="nofollow ugc noopener"' in page


def test_body_over_2000_characters_is_refused(client, thread, citizen):
    client.force_login(citizen)

    post(client, thread, body="x" * 2001)

    assert not Comment.objects.exists()


def test_delegate_reply_is_an_official_answer_pinned_under_the_comment(client, thread, citizen, mayor):
    question = comment_post(thread=thread, user=citizen, body="What does Düsseldorf do about heat?")
    comment_post(thread=thread, user=citizen, body="Me too!", parent=question)
    client.force_login(mayor)

    post(client, thread, body="We plant 1,000 trees a year.", parent=question.pk)

    answer = Comment.objects.get(body="We plant 1,000 trees a year.")
    assert answer.is_official and answer.official_label == "Mayor of Düsseldorf"
    page = text(client.get(URL))
    assert "Official answer — Mayor of Düsseldorf" in page
    assert page.index("We plant 1,000 trees") < page.index("Me too!")
    assert "Offizielle Antwort \N{EN DASH} Bürgermeister/in von Düsseldorf" in text(client.get(f"{URL}?lang=de"))
    assert "Réponse officielle — Maire de Düsseldorf" in text(client.get(f"{URL}?lang=fr"))


def test_mayor_of_another_city_cannot_answer_officially_on_a_citys_thread(thread, citizen, other_city_mayor, city):
    practice_thread = Thread.objects.create(key="practice:999", title="A practice of Düsseldorf", city=city)
    question = comment_post(thread=practice_thread, user=citizen, body="How much did it cost?")

    reply = comment_post(thread=practice_thread, user=other_city_mayor, body="I think it was cheap.", parent=question)

    assert not reply.is_official


def test_author_changes_a_comment_within_the_window_but_not_after(client, thread, citizen):
    comment = comment_post(thread=thread, user=citizen, body="Typo hre")
    client.force_login(citizen)

    client.post(f"/exhibition/comments/{comment.pk}/edit/", {"body": "Typo here"})
    comment.refresh_from_db()
    assert comment.body == "Typo here" and comment.edited_at
    Comment.objects.filter(pk=comment.pk).update(created_at=comment.created_at - datetime.timedelta(minutes=16))
    late = client.post(f"/exhibition/comments/{comment.pk}/edit/", {"body": "Changed much later"}, follow=True)

    comment.refresh_from_db()
    assert comment.body == "Typo here"
    assert "Comments can be changed for 15 minutes after posting." in text(late)


def test_nobody_else_can_change_or_delete_a_comment(client, thread, citizen, mayor):
    comment = comment_post(thread=thread, user=citizen, body="Mine")
    client.force_login(mayor)

    assert client.post(f"/exhibition/comments/{comment.pk}/edit/", {"body": "Hijacked"}).status_code == 404
    assert client.post(f"/exhibition/comments/{comment.pk}/delete/").status_code == 404
    comment.refresh_from_db()
    assert comment.body == "Mine"


def test_deleted_comment_with_replies_leaves_a_placeholder(client, thread, citizen, mayor):
    question = comment_post(thread=thread, user=citizen, body="My question")
    comment_post(thread=thread, user=mayor, body="Our answer", parent=question)
    lonely = comment_post(thread=thread, user=citizen, body="Nobody answered")
    client.force_login(citizen)

    confirmation = client.get(f"/exhibition/comments/{question.pk}/delete/")
    client.post(f"/exhibition/comments/{question.pk}/delete/")
    client.post(f"/exhibition/comments/{lonely.pk}/delete/")

    page = text(client.get(URL))
    assert "Delete your comment?" in text(confirmation)
    assert "This comment was deleted by its author." in page
    assert "My question" not in page and "Our answer" in page
    assert not Comment.objects.filter(pk=lonely.pk).exists()


def test_signed_in_posts_need_the_csrf_token_guest_posts_do_not(thread, citizen):
    guest = Client(enforce_csrf_checks=True)
    member = Client(enforce_csrf_checks=True)
    member.force_login(citizen)

    guest_response = guest.post(f"/exhibition/threads/{thread.pk}/comments/", {"body": "Hi", "guest_name": "Ada"})
    member_response = member.post(f"/exhibition/threads/{thread.pk}/comments/", {"body": "Forged"})

    assert guest_response.status_code == 302
    assert member_response.status_code == 403
    assert list(Comment.objects.values_list("body", flat=True)) == ["Hi"]


def test_organiser_blocks_an_author_who_can_then_read_but_not_write(client, thread, citizen, organiser):
    comment = comment_post(thread=thread, user=citizen, body="Abusive words")
    client.force_login(organiser)

    client.post("/admin/discussion/comment/", {"action": "block_authors", "_selected_action": [comment.pk]})
    client.force_login(citizen)
    page = client.get(URL)
    post(client, thread, body="Trying again")

    citizen.refresh_from_db()
    comment.refresh_from_db()
    assert Block.objects.filter(user=citizen, scope="").exists()
    assert comment.status == CommentStatus.HIDDEN
    assert page.status_code == 200
    assert not Comment.objects.filter(body="Trying again").exists()
    assert "blocked your account from writing" in text(client.get(URL))


def test_organiser_lifts_a_block_by_deleting_it(client, thread, citizen, organiser):
    author_block(comment=comment_post(thread=thread, user=citizen, body="Rude"), by=organiser)
    block = Block.objects.get(user=citizen)
    client.force_login(organiser)

    listing = text(client.get("/admin/discussion/block/"))
    client.post(f"/admin/discussion/block/{block.pk}/delete/", {"post": "yes"})

    assert ("everywhere" in listing and "citizen@example.org" in listing.lower()) or "Chris Citizen" in listing
    assert comment_post(thread=thread, user=citizen, body="Calmer now").status == CommentStatus.PUBLISHED


def test_comments_without_an_author_show_no_change_or_delete_links(client, thread, organiser):
    guest = comment_post(thread=thread, user=AnonymousUser(), body="A guest's view", guest_name="Gus")
    comment_moderate(comment=guest, by=organiser, status=CommentStatus.PUBLISHED)

    page = text(client.get(URL))

    assert "A guest&#x27;s view" in page or "A guest's view" in page
    assert f"/exhibition/comments/{guest.pk}/edit/" not in page
    assert f"/exhibition/comments/{guest.pk}/delete/" not in page
