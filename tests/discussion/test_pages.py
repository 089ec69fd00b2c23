"""The discussion on its host pages: paging and sorting, constant queries, the cached pages, the feed, and the threads
of practices and workshop exhibits, which outlive editions."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache

from discussion.models import Comment, CommentStatus, Thread
from discussion.services import (
    comment_moderate,
    comment_post,
    reaction_toggle,
)
from summit.near_pages import near_pages
from tests.discussion.helpers import URL, post, text
from tests.factories import WorkshopFactory, approved_practice
from workshops.models import Outcome, Workshop

pytestmark = pytest.mark.django_db


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

    # edition, exhibit, thread, comment count, the page of comments with authors, their replies with authors; the
    # topic's statements with their online votes and paper tallies ("What visitors think")
    with django_assert_num_queries(9):
        response = client.get(URL)

    # each comment on the page with its one reply
    assert response.content.decode().count('class="comment"') == 2 * min(size, 20)


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


def test_anonymous_readers_see_a_new_comment_when_their_kept_page_expires_and_a_hiding_at_once(
    client, thread, citizen, organiser, django_capture_on_commit_callbacks
):
    client.get(URL)
    with django_capture_on_commit_callbacks(execute=True):
        comment = comment_post(thread=thread, user=citizen, body="Posted a moment ago")
    kept = text(client.get(URL))
    cache.clear()  # the kept page's half minute is over, in Redis and in the process
    near_pages.clear()
    after_post = text(client.get(URL))
    with django_capture_on_commit_callbacks(execute=True):
        comment_moderate(comment=comment, by=organiser, status=CommentStatus.HIDDEN, reason="Off topic")
    after_hiding = text(client.get(URL))

    assert "Posted a moment ago" not in kept
    assert "Posted a moment ago" in after_post
    assert "Posted a moment ago" not in after_hiding


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
    client.get(URL)  # the user is verified once, then kept with the session (summit.viewers.viewer)

    # A page not seen before, so rendered: edition, exhibit, thread, count, page, replies; statements, votes, paper
    with django_assert_num_queries(9):
        last = client.get(URL + "?page=500")

    page = text(last)
    assert "Page 500 of 500" in page
    assert "<p>c0</p>" in page and "<p>c20</p>" not in page


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
