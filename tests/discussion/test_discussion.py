import datetime
import re
import threading

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.db import connection
from django.test import Client

from discussion.models import Block, Comment, CommentStatus, Thread
from discussion.services import (
    author_block,
    comment_delete,
    comment_flag,
    comment_moderate,
    comment_post,
    digests_send,
    reaction_toggle,
)
from exhibition.services.editions import compile_inline
from summit.transitions import InvalidTransition
from tests.exhibition.pdf_tools import pdf_text
from tests.factories import PASSWORD, UserFactory, WorkshopFactory, approved_practice
from workshops.models import Outcome, Workshop

pytestmark = pytest.mark.django_db

URL = "/exhibition/topics/healthy-cities/"


@pytest.fixture
def thread(sources, publish):
    publish()
    return Thread.objects.get(key="topic:healthy-cities")


def post(client, thread, **data):
    return client.post(f"/exhibition/threads/{thread.pk}/comments/", {"body": "Shade matters.", **data})


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


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


def test_comments_survive_a_new_edition(client, thread, citizen, publish):
    comment_post(thread=thread, user=citizen, body="Said on night one")
    Outcome.objects.filter(text="Healthy Cities solution").update(text="Changed on night two")
    second = publish()

    page = text(client.get(URL))
    assert second.number == 2
    assert "Said on night one" in page and "Changed on night two" in page


def test_thread_pages_and_sorts(client, thread, citizen):
    for number in range(25):
        comment_post(thread=thread, user=citizen, body=f"Comment number {number}")
    liked = Comment.objects.get(body="Comment number 3")
    Comment.objects.filter(pk=liked.pk).update(reaction_count=9)

    first = text(client.get(URL))
    second = text(client.get(URL + "?page=2"))
    by_likes = text(client.get(URL + "?sort=liked"))

    assert "Comment number 24" in first and "Comment number 0" not in first
    assert "Comment number 0" in second
    assert "Page 1 of 2" in first
    assert by_likes.index("Comment number 3") < by_likes.index("Comment number 24")


@pytest.mark.parametrize("size", [1, 200])
def test_topic_exhibit_with_its_thread_uses_a_constant_number_of_queries(
    client, thread, citizen, size, django_assert_num_queries
):
    comments = Comment.objects.bulk_create(
        [Comment(thread=thread, author=citizen, body=f"c{n}", body_html=f"<p>c{n}</p>", status="published")
         for n in range(size)]
    )  # fmt: skip
    Comment.objects.bulk_create(
        [Comment(thread=thread, parent=comment, author=citizen, body="r", body_html="<p>r</p>", status="published")
         for comment in comments]
    )  # fmt: skip

    # edition, exhibit, thread, comment count, the page of comments with authors, their replies with authors
    with django_assert_num_queries(6):
        response = client.get(URL)

    # each comment on the page with its one reply
    assert response.content.decode().count('class="comment"') == 2 * min(size, 20)


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


def test_dashboard_lists_questions_until_they_have_an_official_answer(client, thread, citizen, mayor):
    question = comment_post(thread=thread, user=citizen, body="Will the schoolyards open in summer?")
    client.force_login(mayor)

    waiting = text(client.get("/me/"))
    comment_post(thread=thread, user=mayor, body="Yes, twelve of them.", parent=question)
    answered = text(client.get("/me/"))

    assert "Will the schoolyards open in summer?" in waiting
    assert f'href="/exhibition/topics/healthy-cities/#comment-{question.pk}"' in waiting
    assert "Will the schoolyards open in summer?" not in answered
    assert "No open questions" in answered


def test_next_editions_poster_shows_answered_counts(thread, citizen, mayor):
    question = comment_post(thread=thread, user=citizen, body="A question")
    comment_post(thread=thread, user=citizen, body="A remark")
    comment_post(thread=thread, user=mayor, body="An answer", parent=question)

    edition = compile_inline().edition

    poster = edition.exhibits.get(key="topic:healthy-cities").poster
    text_of_poster = pdf_text(poster.path, layout=False)
    assert "2 questions and comments online · 1 answered by the mayors" in " ".join(text_of_poster.split())


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


def test_author_is_emailed_an_official_answer_and_can_turn_emails_off(
    client, thread, citizen, mayor, django_capture_on_commit_callbacks
):
    question = comment_post(thread=thread, user=citizen, body="What about shade?")
    with django_capture_on_commit_callbacks(execute=True):
        comment_post(thread=thread, user=mayor, body="Trees.", parent=question)

    email = mail.outbox[-1]
    assert email.to == ["citizen@example.org"]
    assert "official answer from the Mayor of Düsseldorf" in " ".join(email.body.split())
    off = re.search(r"http://127\.0\.0\.1:8000(/emails/off/\S+/)", email.body).group(1)
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    asked = client.get(off)
    citizen.refresh_from_db()
    assert citizen.emails_enabled and "Turn these emails off" in text(asked)
    client.post(off)
    citizen.refresh_from_db()
    assert not citizen.emails_enabled
    assert client.get("/emails/off/forged-token/").status_code == 404

    second = comment_post(thread=thread, user=citizen, body="And benches?")
    with django_capture_on_commit_callbacks(execute=True):
        comment_post(thread=thread, user=mayor, body="Yes.", parent=second)
    assert len(mail.outbox) == 1


def test_moderation_is_emailed_to_the_author(thread, citizen, organiser, django_capture_on_commit_callbacks):
    comment = comment_post(thread=thread, user=citizen, body="Heated words")
    with django_capture_on_commit_callbacks(execute=True):
        comment_moderate(comment=comment, by=organiser, status=CommentStatus.HIDDEN, reason="Please stay polite.")

    assert "has been hidden by a moderator" in mail.outbox[-1].body
    assert "Please stay polite." in mail.outbox[-1].body


def test_delegates_get_one_daily_digest_not_one_email_per_comment(
    thread, citizen, mayor, django_capture_on_commit_callbacks
):
    for number in range(3):
        comment_post(thread=thread, user=citizen, body=f"Question {number}?")
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        sent = digests_send()

    assert sent == 1
    (digest,) = mail.outbox
    assert digest.to == ["mayor@example.org"]
    assert "3 new comments" in digest.body and "Question 2?" in digest.body


def test_citizen_downloads_their_comments_and_deletes_the_account(client, thread, citizen):
    comment_post(thread=thread, user=citizen, body="My thoughts on shade")
    client.force_login(citizen)

    download = client.get("/accounts/data/?download=1")
    wrong = client.post("/accounts/data/delete/", {"password": "not it"})
    client.post("/accounts/data/delete/", {"password": PASSWORD})

    data = download.json()
    assert download["Content-Disposition"].startswith("attachment")
    assert data["account"]["email"] == "citizen@example.org"
    assert data["comments"][0]["body"] == "My thoughts on shade"
    assert wrong.status_code == 400 and "That is not your password." in text(wrong)
    assert not type(citizen).objects.filter(pk=citizen.pk).exists()
    page = text(client.get(URL))
    assert "My thoughts on shade" in page and "former participant" in page and "Chris Citizen" not in page


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


def test_privacy_page_says_what_is_stored(client, db):
    page = text(client.get("/privacy/"))

    assert "What we store and why" in page
    assert 'href="/accounts/data/"' in page


def test_anonymous_readers_get_a_cached_page_signed_in_people_a_fresh_one(
    client, thread, citizen, django_assert_num_queries
):
    comment = comment_post(thread=thread, user=citizen, body="Posted a moment ago")
    client.get(URL)
    reaction_toggle(comment=comment, user=citizen, kind="agree")

    with django_assert_num_queries(0):
        cached = client.get(URL)
    client.force_login(citizen)
    fresh = client.get(URL)

    assert "0 reactions" in text(cached)
    assert "1 reaction" in text(fresh)


def test_new_comments_and_moderation_show_at_once_to_anonymous_readers(
    client, thread, citizen, organiser, django_capture_on_commit_callbacks
):
    client.get(URL)
    with django_capture_on_commit_callbacks(execute=True):
        comment = comment_post(thread=thread, user=citizen, body="Posted a moment ago")
    after_post = text(client.get(URL))
    with django_capture_on_commit_callbacks(execute=True):
        comment_moderate(comment=comment, by=organiser, status=CommentStatus.HIDDEN, reason="Off topic")
    after_hiding = text(client.get(URL))

    assert "Posted a moment ago" in after_post
    assert "Posted a moment ago" not in after_hiding


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


def test_practice_pages_carry_a_discussion_where_only_its_city_answers_officially(
    client, thread, sources, publish, citizen, mayor, other_city_mayor, city
):
    practice = approved_practice(city=city, topic=sources["healthy"], title="Neighbourhood living rooms")
    before = text(client.get(f"/practices/{practice.pk}/"))
    publish()
    practice_thread = Thread.objects.get(key=f"practice:{practice.pk}")
    question = comment_post(thread=practice_thread, user=citizen, body="Who pays the rent?")
    client.force_login(other_city_mayor)
    post(client, practice_thread, body="In Vienna, the city.", parent=question.pk)
    client.force_login(mayor)
    response = post(client, practice_thread, body="The city pays, the association runs it.", parent=question.pk)

    assert "opens with the next edition" in before
    assert response.url.startswith(f"/practices/{practice.pk}/#comment-")
    assert practice_thread.city == city
    assert not Comment.objects.get(body="In Vienna, the city.").is_official
    assert Comment.objects.get(body="The city pays, the association runs it.").is_official
    assert "Official answer — Mayor of Düsseldorf" in text(client.get(f"/practices/{practice.pk}/"))


def test_a_thread_of_10000_comments_pages_with_the_same_queries_as_a_short_one(
    client, thread, citizen, django_assert_num_queries
):
    Comment.objects.bulk_create(
        [Comment(thread=thread, author=citizen, body=f"c{n}", body_html=f"<p>c{n}</p>", status="published")
         for n in range(10_000)]
    )  # fmt: skip
    client.force_login(citizen)
    client.get(URL)  # the user is verified once, then kept with the session (summit.caching.viewer)

    # A page not seen before, so rendered: edition, exhibit, thread, count, page, replies
    with django_assert_num_queries(6):
        last = client.get(URL + "?page=500")

    page = text(last)
    assert "Page 500 of 500" in page
    assert "<p>c0</p>" in page and "<p>c20</p>" not in page


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


def test_workshop_exhibit_has_its_own_page_and_discussion(client, thread, citizen, other_city_mayor):
    workshop = Workshop.objects.get(topic__slug="healthy-cities")
    workshop_url = f"/exhibition/workshops/{workshop.pk}/"
    workshop_thread = Thread.objects.get(key=f"workshop:{workshop.pk}")
    question = comment_post(thread=workshop_thread, user=citizen, body="Which solution came first?")
    client.force_login(other_city_mayor)

    response = post(client, workshop_thread, body="Shade, by eleven votes.", parent=question.pk)

    assert response.url.startswith(f"{workshop_url}#comment-")
    page = text(client.get(workshop_url))
    assert "Workshop: Healthy Cities" in page
    assert '<h2 id="kind-1">Solution</h2>' in page and "Healthy Cities solution" in page
    assert "Which solution came first?" in page
    assert "Official answer — Mayor of Vienna" in page
    assert f'href="{workshop_url}"' in text(client.get(URL))
    assert "Which solution came first?" not in text(client.get(URL))


def test_workshop_not_in_the_current_edition_has_no_exhibit_page(client, thread):
    draft = WorkshopFactory(ready_for_exhibition=False)

    assert client.get(f"/exhibition/workshops/{draft.pk}/").status_code == 404


@pytest.mark.parametrize("size", [1, 200])
def test_workshop_exhibit_with_its_thread_uses_a_constant_number_of_queries(
    client, thread, citizen, size, django_assert_num_queries
):
    workshop_thread = Thread.objects.filter(key__startswith="workshop:").first()
    Comment.objects.bulk_create(
        [Comment(thread=workshop_thread, author=citizen, body=f"c{n}", body_html=f"<p>c{n}</p>", status="published")
         for n in range(size)]
    )  # fmt: skip

    # edition, exhibit, thread, comment count, the page of comments with authors, their replies with authors
    with django_assert_num_queries(6):
        response = client.get(workshop_thread.get_absolute_url())

    assert response.content.decode().count('class="comment"') == min(size, 20)


def test_discussion_feed_lists_published_comments_with_their_text_escaped(client, thread, citizen, mayor, organiser):
    question = comment_post(
        thread=thread,
        user=citizen,
        body='<script>alert("x")</script> Will **shade** come? <img src=x onerror=alert(1)>',
    )
    comment_post(thread=thread, user=mayor, body="Yes, in June.", parent=question)
    guest = comment_post(thread=thread, user=AnonymousUser(), body="From a guest", guest_name="<b>Bold</b> guest")
    comment_post(thread=thread, user=AnonymousUser(), body="Still waiting", guest_name="Ada")
    comment_moderate(comment=guest, by=organiser, status=CommentStatus.PUBLISHED)

    response = client.get(f"/exhibition/threads/{thread.pk}/feed/")

    feed = response.content.decode()
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "<title>Discussion: Healthy Cities</title>" in feed
    assert "<script>" not in feed and "<img" not in feed and "onerror" not in feed and "<b>" not in feed
    assert "&lt;strong&gt;shade&lt;/strong&gt;" in feed
    assert "&lt;b&gt;Bold&lt;/b&gt; guest" in feed
    assert "Official answer — Mayor of Düsseldorf" in feed
    assert f"{URL}#comment-{question.pk}" in feed
    assert "Still waiting" not in feed
    assert f'href="/exhibition/threads/{thread.pk}/feed/"' in client.get(URL).content.decode()


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


def test_organiser_lifts_a_block_by_deleting_it(client, thread, citizen, organiser):
    author_block(comment=comment_post(thread=thread, user=citizen, body="Rude"), by=organiser)
    block = Block.objects.get(user=citizen)
    client.force_login(organiser)

    listing = text(client.get("/admin/discussion/block/"))
    client.post(f"/admin/discussion/block/{block.pk}/delete/", {"post": "yes"})

    assert ("everywhere" in listing and "citizen@example.org" in listing.lower()) or "Chris Citizen" in listing
    assert comment_post(thread=thread, user=citizen, body="Calmer now").status == CommentStatus.PUBLISHED


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


def test_comments_without_an_author_show_no_change_or_delete_links(client, thread, organiser):
    guest = comment_post(thread=thread, user=AnonymousUser(), body="A guest's view", guest_name="Gus")
    comment_moderate(comment=guest, by=organiser, status=CommentStatus.PUBLISHED)

    page = text(client.get(URL))

    assert "A guest&#x27;s view" in page or "A guest's view" in page
    assert f"/exhibition/comments/{guest.pk}/edit/" not in page
    assert f"/exhibition/comments/{guest.pk}/delete/" not in page
