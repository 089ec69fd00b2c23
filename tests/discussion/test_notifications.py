"""What reaches people outside the page: the delegates' dashboard and digests, official answers by email and turning
emails off, the posters' counts, a citizen's data and account."""

import re

import pytest
from django.core import mail

from discussion.services import (
    comment_post,
    digests_send,
)
from exhibition.services.editions import compile_inline
from tests.discussion.helpers import URL, text
from tests.exhibition.pdf_tools import pdf_text
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


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


@pytest.mark.pdf
def test_next_editions_poster_shows_answered_counts(thread, citizen, mayor):
    question = comment_post(thread=thread, user=citizen, body="A question")
    comment_post(thread=thread, user=citizen, body="A remark")
    comment_post(thread=thread, user=mayor, body="An answer", parent=question)

    edition = compile_inline().edition

    poster = edition.exhibits.get(key="topic:healthy-cities").poster
    text_of_poster = pdf_text(poster.path, layout=False)
    assert "2 questions and comments online · 1 answered by the mayors" in " ".join(text_of_poster.split())


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


def test_privacy_page_says_what_is_stored(client, db):
    page = text(client.get("/privacy/"))

    assert "What we store and why" in page
    assert 'href="/accounts/data/"' in page
