import re

import pytest

from exhibition.models import Edition
from exhibition.services.editions import compile_inline
from tests.exhibition.pdf_tools import pdf_text
from tests.factories import OutcomeFactory
from workshops.models import Outcome, Workshop

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_exhibition_before_the_first_edition_explains(client, summit):
    assert "The first edition of the exhibition appears after the first summit night" in text(
        client.get("/exhibition/")
    )
    assert client.get("/exhibition/topics/healthy-cities/").status_code == 404


def test_current_edition_overview_topic_exhibit_and_pdfs(client, sources):
    edition = compile_inline().edition

    home = text(client.get("/exhibition/"))
    topic = text(client.get("/exhibition/topics/healthy-cities/"))
    catalogue = client.get(f"/exhibition/editions/{edition.number}/catalogue.pdf")
    poster = client.get(f"/exhibition/editions/{edition.number}/posters/healthy-cities.pdf")

    assert "Edition 1" in home and "Healthy Cities" in home and "Inclusive Cities" in home
    assert '<svg viewBox="0 0 420' in home and "Healthy Cities: 2; Inclusive Cities: 2" in home
    assert "Healthy Cities solution" in topic and "Healthy Cities commitment" in topic
    assert "Healthy Cities practice" in topic
    assert catalogue["Content-Type"] == "application/pdf" and b"".join(catalogue.streaming_content)[:5] == b"%PDF-"
    assert poster["Content-Type"] == "application/pdf"
    assert "immutable" in poster["Cache-Control"]
    # Reading the stream to its end closes the file the way the test client expects (not response.close()).
    assert b"".join(poster.streaming_content)[:5] == b"%PDF-"


def test_every_published_edition_stays_readable(client, sources):
    first = compile_inline().edition
    Outcome.objects.filter(text="Healthy Cities solution").update(text="Second night's wording")
    second = compile_inline().edition

    old = text(client.get(f"/exhibition/editions/{first.number}/"))
    listing = text(client.get("/exhibition/editions/"))
    current = text(client.get("/exhibition/topics/healthy-cities/"))

    assert "see the current edition" in old
    assert "Edition 1" in listing and "Edition 2" in listing
    assert "Second night&#x27;s wording" in current
    old_poster = client.get(f"/exhibition/editions/{first.number}/posters/healthy-cities.pdf")
    assert b"".join(old_poster.streaming_content)[:5] == b"%PDF-"
    assert client.get(f"/exhibition/editions/{second.number + 1}/").status_code == 404


def test_user_text_is_escaped_on_exhibit_pages_and_feed(client, sources, publish):
    Outcome.objects.filter(text="Healthy Cities solution").update(text='<script>alert("x")</script>')
    publish()

    page = client.get("/exhibition/topics/healthy-cities/").content.decode()
    feed = client.get("/exhibition/feed/")

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert "<title>Edition 1</title>" in feed.content.decode()


@pytest.mark.parametrize("extra", [0, 30])
def test_exhibition_pages_use_a_constant_number_of_queries(client, sources, publish, extra, django_assert_num_queries):
    workshop = Workshop.objects.first()
    for _ in range(extra):
        OutcomeFactory(workshop=workshop)
    edition = publish()

    # edition, its exhibits (and on the current page: the cities' showings)
    with django_assert_num_queries(3):
        client.get("/exhibition/")
    with django_assert_num_queries(2):
        client.get(f"/exhibition/editions/{edition.number}/")


def test_organiser_starts_a_compile_from_the_admin_and_sees_its_result(
    client, organiser, sources, django_capture_on_commit_callbacks
):
    client.force_login(organiser)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/exhibition/edition/compile/", follow=True)

    # The queued task ran when the request's transaction committed; the list now shows its result.
    page = client.get("/admin/exhibition/edition/").content.decode()
    edition = Edition.objects.get()
    assert "The compile has been queued." in response.content.decode()
    assert edition.status == "published"
    assert edition.exhibits_done == edition.exhibits_total == 7
    assert "7 / 7" in page


@pytest.mark.parametrize("language", ["de", "fr"])
def test_chart_numbers_stay_plain_in_german_and_french(client, sources, publish, language):
    publish()

    page = client.get(f"/exhibition/?lang={language}").content.decode()

    svg = page[page.index("<svg") : page.index("</svg>")]
    numbers = re.findall(r'\b(?:x|y|width|height)="([^"]*)"', svg)
    assert len(numbers) >= 8
    assert all(re.fullmatch(r"\d+(\.\d+)?%?", number) for number in numbers), numbers


def test_exhibits_show_the_organisers_translations_and_english_where_there_is_none(client, sources, tmp_path):
    edition = compile_inline().edition

    german = text(client.get("/exhibition/topics/healthy-cities/?lang=de"))
    french_home = text(client.get("/exhibition/?lang=fr"))
    english = text(client.get("/exhibition/topics/healthy-cities/?lang=en"))
    poster = tmp_path / "poster.pdf"
    poster.write_bytes(
        b"".join(client.get(f"/exhibition/editions/{edition.number}/posters/healthy-cities.pdf").streaming_content)
    )

    assert "<h1>Gesunde Städte</h1>" in german and "Grüne Mobilität." in german
    assert "Villes en bonne santé" in french_home
    assert "Inclusive Cities" in french_home  # not translated: English
    assert "<h1>Healthy Cities</h1>" in english and "Green mobility." in english
    assert "Healthy Cities" in pdf_text(poster, layout=False)  # the summit's own posters are in English
