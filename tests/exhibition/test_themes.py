"""Themes: outcomes that say similar things are grouped, in any of the summit's languages; the label is always one
of the group's own outcomes; the same outcomes always give the same themes."""

import re

import pytest

from exhibition.themes import related_of, themes_of
from tests.factories import OutcomeFactory
from workshops.models import Workshop

CORPUS = {
    "trees": ["More trees in school yards", "Plant more trees in schoolyards", "More shade trees for school yards"],
    "bäume": ["Mehr Bäume auf Schulhöfen pflanzen", "Mehr Bäume für die Schulhöfe"],
    "arbres": ["Plus d'arbres dans les cours d'école", "Planter plus d'arbres dans les cours d'écoles"],
    "centres": ["Open neighbourhood centres in the evening", "Neighbourhood centres should stay open in the evenings"],
}
UNRELATED = ["Publish noise data street by street", "Bürgerhaushalt für jeden Stadtteil",
             "Un guichet unique pour les nouveaux arrivants"]  # fmt: skip


def corpus(order=1) -> list[dict]:
    texts = [text for group in CORPUS.values() for text in group] + UNRELATED
    return [
        {"id": f"{index:03d}", "text": text, "city": "Arnhem" if index % 2 else "", "votes": index % 4,
         "workshop": index % 3}
        for index, text in enumerate(texts)
    ][::order]  # fmt: skip


def test_near_duplicates_in_three_languages_share_a_theme_and_unrelated_outcomes_do_not():
    themes = themes_of(corpus())

    groups = sorted(sorted(outcome["text"] for outcome in theme["outcomes"]) for theme in themes)
    assert groups == sorted(sorted(group) for group in CORPUS.values())
    themed = {outcome["text"] for theme in themes for outcome in theme["outcomes"]}
    assert not themed & set(UNRELATED)


def test_a_themes_label_is_one_of_its_own_outcomes_and_its_figures_add_up():
    for theme in themes_of(corpus()):
        assert theme["label"] in theme["outcomes"]
        assert theme["votes"] == sum(outcome["votes"] for outcome in theme["outcomes"])
        assert theme["workshops"] == len({outcome["workshop"] for outcome in theme["outcomes"]})


def test_the_same_outcomes_give_the_same_themes_in_any_order():
    assert themes_of(corpus()) == themes_of(corpus(order=-1)) == themes_of(corpus())


@pytest.mark.django_db
def test_the_topic_exhibit_shows_its_themes(client, sources, publish):
    workshop = Workshop.objects.get(topic__slug="healthy-cities")
    for text in CORPUS["trees"]:
        OutcomeFactory(workshop=workshop, kind="solution", text=text, votes=2)
    publish()

    page = re.sub(r"\s+", " ", client.get("/exhibition/topics/healthy-cities/").content.decode())

    assert "Themes across the workshops" in page
    assert "3 outcomes · 1 workshop" in page and "6 dot-votes" in page


def test_related_practices_are_similar_ones_from_other_cities_closest_first():
    practices = [
        {"id": 1, "city": "Arnhem", "title": "Shade trees for every schoolyard", "summary": "Trees in schoolyards."},
        {
            "id": 2,
            "city": "Vienna",
            "title": "Schoolyard trees against the heat",
            "summary": "Trees shade schoolyards.",
        },
        {"id": 3, "city": "Arnhem", "title": "More shade trees in schoolyards", "summary": "Trees in schoolyards."},
        {"id": 4, "city": "Lyon", "title": "A citizens' budget per district", "summary": "Residents decide the money."},
    ]

    related = related_of(practices)

    assert [other["id"] for other in related[1]] == [2]  # not Arnhem's own, not the budget
    assert [other["id"] for other in related[2]] == [1, 3] or [other["id"] for other in related[2]] == [3, 1]
    assert related[4] == []
    assert related_of(list(reversed(practices))) == related
