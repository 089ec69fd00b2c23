"""What is new since the edition before: recorded at the compile, listed by topic, marked on the exhibits."""

import re

import pytest

from discussion.models import Thread
from discussion.services import comment_post
from exhibition.services.editions import compile_inline
from tests.exhibition.pdf_tools import pdf_text
from tests.factories import DelegateFactory, OutcomeFactory, approved_practice
from workshops.models import Outcome, Workshop

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_changes_between_two_editions_are_exactly_the_ones_made_in_between(
    client, sources, publish, citizen, django_capture_on_commit_callbacks
):
    first = publish()
    workshop = Workshop.objects.get(topic__slug="healthy-cities")
    added = OutcomeFactory(workshop=workshop, kind="commitment", text="Arnhem opens two schoolyards", votes=0)
    Outcome.objects.filter(text="Healthy Cities solution").update(text="Healthy Cities solution, reworded")
    approved_practice(topic=sources["inclusive"], title="A new practice")
    thread = Thread.objects.get(key="topic:healthy-cities")
    question = comment_post(thread=thread, user=citizen, body="Who waters the trees?")
    mayor = DelegateFactory(city__name="Arnhem", city__slug="arnhem").user
    comment_post(thread=thread, user=mayor, body="The city does.", parent=question)

    with django_capture_on_commit_callbacks(execute=True):
        second = publish()

    changes = second.changes
    assert second.changes_since == first.number and first.changes == {}
    assert {o["text"]: o["change"] for o in changes["topics"]["healthy-cities"]["outcomes"]} == {
        "Arnhem opens two schoolyards": "new", "Healthy Cities solution, reworded": "changed",
    }  # fmt: skip
    assert [p["title"] for p in changes["topics"]["inclusive-cities"]["practices"]] == ["A new practice"]
    assert changes["topics"]["inclusive-cities"]["outcomes"] == []
    assert changes["answers"] == [{"discussion": thread.title, "city": "Arnhem", "text": "The city does."}]

    page = text(client.get(f"/exhibition/editions/{second.number}/changes/"))
    assert "Arnhem opens two schoolyards" in page and "reworded" in page and "A new practice" in page
    assert "The city does." in page and "Inclusive Cities commitment" not in page
    topic_page = text(client.get("/exhibition/topics/inclusive-cities/"))
    assert re.search(rf"New in edition {second.number}</span> <a href=\"/practices/\d+/\">A new practice", topic_page)
    exhibit = text(client.get(f"/exhibition/workshops/{workshop.pk}/"))
    assert f"New in edition {second.number}</span> Arnhem opens two schoolyards" in exhibit
    assert "New in edition 2</span> Healthy Cities commitment" not in exhibit
    feed = client.get("/exhibition/feed/").content.decode()
    assert f"New since edition {first.number}: 2 outcomes, 1 best practices, 1 official answers." in feed
    assert added.pk


def test_the_first_edition_says_everything_is_new(client, sources, publish):
    edition = publish()

    assert "This is the first edition" in text(client.get(f"/exhibition/editions/{edition.number}/changes/"))


def test_the_poster_says_what_is_new_since_the_edition_before(sources):
    compile_inline()
    workshop = Workshop.objects.get(topic__slug="healthy-cities")
    OutcomeFactory(workshop=workshop, kind="insight", text="Parents park on the school street", votes=3)

    edition = compile_inline().edition

    printed = " ".join(pdf_text(edition.exhibits.get(key="topic:healthy-cities").poster.path).split())
    assert "New since edition 1: 1 outcome · 0 best practices" in printed
    catalogue = " ".join(pdf_text(edition.catalogue.path).split())
    assert "New since edition 1" in catalogue and "Parents park on the school street" in catalogue
