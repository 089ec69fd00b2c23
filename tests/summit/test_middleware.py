"""The site layer every page passes: the language it is in, and the messages one page leaves for the next."""

import base64
import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage import default_storage
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.test import RequestFactory

from opinions.models import Statement

pytestmark = pytest.mark.django_db

STATEMENTS = "/exhibition/topics/healthy-cities/statements/"
THANKS = "Thank you: your vote counts."


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_a_page_says_its_language_and_that_it_depends_on_the_browsers(client, summit):
    english = client.get("/programme/")
    german = client.get("/programme/", headers={"Accept-Language": "de-AT,de;q=0.9"})

    assert english["Content-Language"] == "en" and "Accept-Language" in english["Vary"]
    assert german["Content-Language"] == "de" and "<h1>Programm</h1>" in text(german)
    assert "lang" not in german.cookies  # the browser's choice is not remembered: it sends it every time


def test_a_language_the_site_does_not_have_is_ignored_and_not_remembered(client, summit):
    page = client.get("/programme/?lang=xx", headers={"Accept-Language": "fr"})

    assert page.status_code == 200
    assert page["Content-Language"] == "fr"
    assert "lang" not in page.cookies


def test_a_chosen_language_wins_over_the_remembered_one_and_replaces_it(client, summit):
    client.get("/programme/?lang=de")
    french = client.get("/programme/?lang=fr")
    then = client.get("/programme/")

    assert french["Content-Language"] == "fr" and french.cookies["lang"].value == "fr"
    assert then["Content-Language"] == "fr"


@pytest.fixture
def statement(sources, publish):
    publish()
    return Statement.objects.filter(topic__slug="healthy-cities", status="shown").order_by("id").first()


def test_a_message_is_kept_in_a_signed_cookie_until_the_next_page_shows_it(client, statement):
    client.post(STATEMENTS, {"statement": statement.pk, "choice": 1})
    shown = client.get(STATEMENTS)
    after = client.get(STATEMENTS)

    assert THANKS in text(shown)
    assert THANKS not in text(after)


def test_a_forged_message_cookie_shows_nothing(client, statement):
    client.post(STATEMENTS, {"statement": statement.pk, "choice": 1})
    payload, signature = client.cookies["messages"].value.split(":", 1)
    forged = base64.urlsafe_b64decode(payload + "==").replace(b"Thank you", b"Pay here")
    client.cookies["messages"] = base64.urlsafe_b64encode(forged).decode().rstrip("=") + ":" + signature

    page = text(client.get(STATEMENTS))

    assert b"Pay here" in forged
    assert "Pay here" not in page and THANKS not in page


def test_a_long_message_is_kept_without_compressing_it():
    """zlib's set-up costs more than it saves on a message (summit/messages.py); Django's storage compresses."""
    storage = default_storage(cookies_of(HttpResponse()))
    storage.add(constants.SUCCESS, "Your comment is posted. " * 20)
    response = HttpResponse()
    storage.update(response)

    assert not response.cookies["messages"].value.startswith(".")  # the mark of a compressed value
    assert [message.message for message in default_storage(cookies_of(response))] == ["Your comment is posted. " * 20]


def cookies_of(response):
    """A request carrying the cookies `response` set (and a session, for what does not fit in them)."""
    request = RequestFactory().get("/")
    request.COOKIES = {name: morsel.value for name, morsel in response.cookies.items()}
    request.session = {}
    return request


def test_a_message_compressed_as_django_compresses_it_is_still_shown(client, summit):
    """Messages left by the release before this one, whose cookies Django's own storage compressed."""
    storage = CookieStorage(RequestFactory().get("/"))
    compressed = storage._encode([Message(constants.SUCCESS, "Your earlier message. " * 20)])
    client.cookies["messages"] = compressed

    page = text(client.get("/programme/"))

    assert compressed.startswith(".")
    assert "Your earlier message" in page
