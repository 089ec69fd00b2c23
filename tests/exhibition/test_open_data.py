"""Each edition as open data: JSON, and CSV files with a README; nothing personal beyond a public name."""

import csv
import io
import json
import zipfile

import pytest

from discussion.models import Comment, CommentStatus, Thread
from discussion.services import comment_post
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition(sources, publish, citizen):
    thread = Thread.objects.get_or_create(key="topic:healthy-cities", defaults={"title": "Healthy Cities"})[0]
    comment_post(thread=thread, user=citizen, body="=1+1 shade for every schoolyard")
    Comment.objects.create(thread=thread, guest_name="Gustav Hidden", body="A guest's thought",
                           body_html="<p>A guest's thought</p>", status=CommentStatus.PUBLISHED)  # fmt: skip
    UserFactory(email="secret.person@example.org", name="Sam Secret")
    return publish()


def test_the_json_holds_outcomes_practices_and_comments_under_the_licence(client, edition):
    response = client.get(f"/exhibition/editions/{edition.number}/data.json")

    data = response.json()
    assert response["Content-Type"] == "application/json" and "immutable" in response["Cache-Control"]
    assert data["licence"] == "CC BY 4.0" and data["edition"] == edition.number
    assert {"topic": "healthy-cities", "workshop": "Workshop: Healthy Cities", "kind": "solution",
            "text": "Healthy Cities solution", "city": "", "dot_votes": 7} in data["outcomes"]  # fmt: skip
    assert {practice["title"] for practice in data["practices"]} == {
        "Healthy Cities practice",
        "Inclusive Cities practice",
    }
    authors = {comment["text"]: comment["author"] for comment in data["comments"]}
    assert authors == {"=1+1 shade for every schoolyard": "Chris Citizen", "A guest's thought": ""}


def test_the_csv_files_parse_describe_their_columns_and_hold_nothing_personal(client, edition, settings):
    settings.OPEN_DATA_LICENCE = "CC BY-SA 4.0"
    response = client.get(f"/exhibition/editions/{edition.number}/data.zip")

    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == [
        "README.txt",
        "comments.csv",
        "opinion_groups.csv",
        "outcomes.csv",
        "polls.csv",
        "practices.csv",
        "themes.csv",
        "votes.csv",
    ]
    tables = {
        name: list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
        for name in (
            "comments.csv",
            "opinion_groups.csv",
            "outcomes.csv",
            "polls.csv",
            "practices.csv",
            "themes.csv",
            "votes.csv",
        )
    }
    readme = archive.read("README.txt").decode()
    for name, rows in tables.items():
        header = next(csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
        assert rows or name in ("themes.csv", "polls.csv", "votes.csv", "opinion_groups.csv"), f"{name} is empty"
        for column in header:
            assert f"  {column} " in readme, f"{name}: {column} is not described"
    assert "Licence: CC BY-SA 4.0" in readme
    assert tables["comments.csv"][0]["text"] == "'=1+1 shade for every schoolyard"  # not a formula
    everything = b"".join(archive.read(name) for name in archive.namelist()) + response.content
    everything += client.get(f"/exhibition/editions/{edition.number}/data.json").content
    for personal in (b"@example.org", b"Gustav Hidden", b"Sam Secret"):
        assert personal not in everything


def test_open_data_of_an_edition_that_does_not_exist_is_a_404(client, db):
    assert client.get("/exhibition/editions/9/data.json").status_code == 404
    assert client.get("/exhibition/editions/1/data.xml").status_code == 404


def test_the_edition_page_links_its_open_data(client, edition):
    page = client.get(f"/exhibition/editions/{edition.number}/").content.decode()

    assert f"/exhibition/editions/{edition.number}/data.zip" in page and "Open data" in page
    assert json.loads(client.get(f"/exhibition/editions/{edition.number}/data.json").content)["outcomes"]
