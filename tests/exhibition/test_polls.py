"""A workshop's closed polls in the next edition: its exhibit page shows each question and result (bars, a word
cloud drawn on the server with its words as text, a ranking), and so do the catalogue and the open data."""

import csv
import datetime
import io
import zipfile

import pytest

from exhibition.services.editions import compile_inline
from rooms import services
from rooms.models import PollKind
from rooms.passes import Voter
from tests.exhibition.pdf_tools import pdf_text
from workshops.hosting import room_key
from workshops.models import Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def polls(sources, facilitator):
    """The healthy-cities workshop's room ran a word cloud, then a single choice (opening it closed the cloud), and
    has one still open."""
    room = services.room_ensure(key=room_key(Workshop.objects.get(topic=sources["healthy"])))
    voters = [Voter(key=f"pass:{n}", since=datetime.datetime(2019, 8, 29, tzinfo=datetime.UTC), account=False)
              for n in range(3)]  # fmt: skip
    words = services.poll_create(room=room, kind=PollKind.WORDS, question="One word for your street?", options=[],
                                 by=facilitator)  # fmt: skip
    services.poll_open(poll=words, by=facilitator)
    for voter, said in zip(voters, ["Shade", "shade and trees", "Bäume"], strict=True):
        services.poll_answer(poll=words, voter=voter, user=None, language="en", choices=[], value=None, text=said)
    choice = services.poll_create(room=room, kind=PollKind.SINGLE, question="Where first?",
                                  options=["Schoolyards", "Squares"], by=facilitator)  # fmt: skip
    services.poll_open(poll=choice, by=facilitator)
    services.poll_answer(poll=choice, voter=voters[0], user=None, language="en", choices=[choice.options.first().pk],
                         value=None, text="")  # fmt: skip
    services.poll_close(poll=choice, by=facilitator)
    still_open = services.poll_create(room=room, kind=PollKind.WORDS, question="Still asking?", options=[], by=None)
    services.poll_open(poll=still_open, by=facilitator)
    return room


def test_closed_polls_join_the_workshops_exhibit_in_the_next_edition(client, polls, publish):
    edition = publish()
    workshop = Workshop.objects.get(topic__slug="healthy-cities")

    page = client.get(f"/exhibition/workshops/{workshop.pk}/").content.decode()

    assert edition.exhibits.get(key=f"workshop:{workshop.pk}").payload["polls"][1]["question"] == "Where first?"
    assert "Where first?" in page and "Schoolyards: 1; Squares: 0" in page  # the chart's text alternative
    assert "One word for your street?" in page
    assert "shade: 2; Bäume: 1; trees: 1" in page  # the cloud's words as text, the most said first
    assert "<svg" in page and "Still asking?" not in page


def test_polls_csv_has_each_option_with_its_count_and_nobody_who_answered(client, polls, publish):
    edition = publish()

    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/exhibition/editions/{edition.number}/data.zip").content))
    rows = list(csv.DictReader(io.StringIO(archive.read("polls.csv").decode("utf-8-sig"))))

    assert [(row["question"], row["option"], row["count"]) for row in rows] == [
        ("One word for your street?", "shade", "2"), ("One word for your street?", "Bäume", "1"),
        ("One word for your street?", "trees", "1"),
        ("Where first?", "Schoolyards", "1"), ("Where first?", "Squares", "0"),
    ]  # fmt: skip
    assert b"pass:" not in archive.read("polls.csv")


@pytest.mark.pdf
def test_the_catalogue_prints_the_workshops_polls(polls, settings):
    edition = compile_inline().edition

    printed = " ".join(pdf_text(edition.catalogue.path).split())

    assert "The room's polls" in printed
    assert "Where first?" in printed and "Schoolyards" in printed
    assert "One word for your street?" in printed and "shade" in printed
