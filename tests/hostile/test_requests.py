"""Requests that come the wrong way: a method a form does not take, a sign-in that would send people elsewhere."""

import uuid

import pytest
from django.test import Client

from tests.factories import PASSWORD
from tests.hostile.world import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.breadth]


# Addresses that take only a form's POST: any other method gets the 405 page saying so. (Withdrawing a practice
# answers a GET with its confirmation page, and a workshop's status with the capture page.)
POST_ONLY = {
    "practice submit": ("mayor", lambda w: f"/me/practices/{w.practice.pk}/submit/"),
    "outcome vote": ("facilitator", lambda w: f"/workshops/{w.workshop.pk}/outcomes/{uuid.uuid4()}/vote/"),
    "outcome hide": ("facilitator", lambda w: f"/workshops/{w.workshop.pk}/outcomes/{uuid.uuid4()}/hide/"),
    "outcome move": ("facilitator", lambda w: f"/workshops/{w.workshop.pk}/outcomes/{uuid.uuid4()}/move/"),
    "flipchart photo": ("facilitator", lambda w: f"/workshops/{w.workshop.pk}/photos/"),
    "workshop summary": ("facilitator", lambda w: f"/workshops/{w.workshop.pk}/summary/"),
    "comment": ("citizen", lambda w: f"/exhibition/threads/{w.thread.pk}/comments/"),
    "reaction": ("citizen", lambda w: f"/exhibition/comments/{w.comment.pk}/react/"),
    "report": ("other_citizen", lambda w: f"/exhibition/comments/{w.comment.pk}/flag/"),
    "pledge update": ("mayor", lambda w: f"/declarations/duesseldorf-2019/pledges/{w.pledge.pk}/updates/"),
    "pledge status": ("mayor", lambda w: f"/declarations/duesseldorf-2019/pledges/{w.pledge.pk}/status/"),
    "compile": ("organiser", lambda w: "/admin/exhibition/edition/compile/"),
    "poll step": ("facilitator", lambda w: f"/rooms/{w.words_poll.room.code}/polls/{w.words_poll.pk}/close/"),
    "open answer review": ("organiser", lambda w: f"/rooms/{w.text_poll.room.code}/answers/1/"),
}


@pytest.mark.parametrize("endpoint", list(POST_ONLY))
@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_the_wrong_method_is_refused_with_a_page_that_says_so(world, endpoint, method):
    who, url = POST_ONLY[endpoint]
    client = client_for(world, who)

    response = client.generic(method, url(world))

    if endpoint == "compile":  # the admin's own view sends other methods back to the list
        assert response.status_code == 302 and response.url == "/admin/exhibition/edition/"
        return
    assert response.status_code == 405
    assert "Not possible this way" in response.content.decode()
    assert "POST" in response["Allow"]


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)", "https:evil.example"],
)
def test_sign_in_never_sends_people_to_another_site(world, target):
    client = Client()

    response = client.post(f"/accounts/login/?next={target}", {"login": world.citizen.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response.url.startswith("/") and not response.url.startswith(("//", "/\\"))
    assert "evil.example" not in response.url and "javascript" not in response.url
