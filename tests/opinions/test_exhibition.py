"""What the cities think, frozen into the nightly edition: once anyone weighed a topic's statements, the edition
gains a "What the cities think" exhibit for it, with an A1 poster (all places and the three with most votes) and a
catalogue section (every place)."""

import re
import zipfile

import pytest
from django.test import Client

from exhibition.services.editions import compile_inline
from exhibition.services.showings import showing_kit_build, showing_kit_start
from opinions.models import PaperTally, Statement
from tests.exhibition.pdf_tools import pdf_text, qr_decode
from tests.factories import CityFactory, ShowingFactory, vote_on

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]


@pytest.fixture
def first_edition(sources, settings):
    settings.SITE_URL = "https://summit.example.org"
    return compile_inline().edition


def weighed(scope_votes: dict[str, list[int]]) -> Statement:
    """The first healthy-cities statement, voted on in each scope with the given choices."""
    statement = Statement.objects.filter(topic__slug="healthy-cities", status="shown").order_by("id").first()
    for scope, choices in scope_votes.items():
        for index, choice in enumerate(choices):
            vote_on(statement, f"pass:{scope}{index}", scope=scope, choice=choice)
    return statement


def test_an_edition_has_no_opinions_exhibit_before_anyone_weighed_the_statements(first_edition):
    assert first_edition.status == "published"
    assert not first_edition.exhibits.filter(kind="opinions").exists()


def test_the_next_edition_prints_what_the_cities_think_on_a_poster_and_in_the_catalogue(first_edition, tmp_path):
    ShowingFactory(city=CityFactory(name="Arnhem", slug="arnhem"))
    statement = weighed({"": [1, 1, 1], "showing:arnhem": [-1]})
    PaperTally.objects.create(statement=statement, scope="showing:arnhem", agree=0, disagree=4, passed=0)

    edition = compile_inline().edition
    exhibit = edition.exhibits.get(kind="opinions")
    poster = re.sub(r"\s+", " ", pdf_text(exhibit.poster.path, layout=False))
    catalogue = re.sub(r"\s+", " ", pdf_text(edition.catalogue.path, layout=False))
    page = Client().get(f"/exhibition/editions/{edition.number}/").content.decode()

    assert edition.number == first_edition.number + 1 and exhibit.slug == "healthy-cities-opinions"
    assert "What the cities think: Healthy Cities" in poster
    assert statement.text in poster
    assert "At the summit" in poster and "Arnhem" in poster
    assert "38 %" in poster and "100 %" in poster and "0 %" in poster  # 3 of 8 in all, the summit, Arnhem
    assert "8 votes" in poster
    assert qr_decode(exhibit.poster.path, tmp_path) == (
        "https://summit.example.org/exhibition/topics/healthy-cities/statements/"
    )
    assert "What the cities think: Healthy Cities" in catalogue
    assert "All places: 38 % agree (8 votes) · Arnhem 0 % · At the summit 100 %" in catalogue
    assert f"/exhibition/editions/{edition.number}/posters/healthy-cities-opinions.pdf" in page
    assert not edition.exhibits.filter(kind="opinions", slug="inclusive-cities-opinions").exists()  # not weighed


def test_a_showings_kit_carries_the_opinions_poster_leading_to_its_own_statements(first_edition, tmp_path):
    showing = ShowingFactory(city=CityFactory(name="Arnhem", slug="arnhem"))
    weighed({"showing:arnhem": [1, 1]})
    compile_inline()

    showing_kit_start(showing=showing)
    kit = zipfile.ZipFile(showing_kit_build(showing_id=showing.pk).kit.path)
    sheet = next(name for name in kit.namelist() if name.startswith("A1/") and "opinions" in name)
    poster = tmp_path / "poster.pdf"
    poster.write_bytes(kit.read(sheet))

    assert "Shown in Arnhem" in pdf_text(poster, layout=False)
    assert qr_decode(poster, tmp_path) == (
        "https://summit.example.org/exhibition/cities/arnhem/topics/healthy-cities/statements/"
    )
    assert "What the cities think: Healthy Cities" in kit.read("README.txt").decode()
