"""What citizens think, where it shows and where it comes from beside the online votes: the shares on the topic
exhibits and on a mayor's My city, a showing's voting wall typed in by its moderators, and statements visitors
propose, which wait for the organisers."""

import re

import pytest
from django.test import Client

from opinions.models import PaperTally, Statement
from opinions.services import opinions_compute
from tests.factories import CityFactory, ShowingFactory, UserFactory, vote_on

pytestmark = pytest.mark.django_db

STATEMENTS = "/exhibition/topics/healthy-cities/statements/"
ARNHEM_STATEMENTS = "/exhibition/cities/arnhem/topics/healthy-cities/statements/"
WALL = "/exhibition/cities/arnhem/topics/healthy-cities/statements/paper/"


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def edition(sources, publish):
    return publish()


@pytest.fixture
def arnhem(edition):
    moderator = UserFactory(email="moderator@arnhem.example", name="Mo Moderator")
    showing = ShowingFactory(city=CityFactory(name="Arnhem", slug="arnhem"))
    showing.moderators.add(moderator)
    return {"showing": showing, "moderator": moderator}


def healthy_statements() -> list[Statement]:
    return list(Statement.objects.filter(topic__slug="healthy-cities", status="shown").order_by("id"))


def wall_post(client, counts: dict[Statement, tuple[int, int, int]]):
    data = {}
    for statement, (agree, disagree, passed) in counts.items():
        data |= {f"agree_{statement.pk}": agree, f"disagree_{statement.pk}": disagree,
                 f"passed_{statement.pk}": passed}  # fmt: skip
    return client.post(WALL, data, follow=True)


def test_the_topic_exhibit_shows_the_share_agreeing_here_and_in_all_cities(arnhem):
    first, _second = healthy_statements()
    vote_on(first, "pass:a", scope="showing:arnhem")
    vote_on(first, "pass:b", choice=-1)

    summit_page = text(Client().get("/exhibition/topics/healthy-cities/"))
    arnhem_page = text(Client().get("/exhibition/cities/arnhem/topics/healthy-cities/"))

    assert "What visitors think" in summit_page
    assert "At the summit's exhibition" in summit_page and "0 % agree (0 agree, 1 disagree, 0 pass)" in summit_page
    assert "In Arnhem" in arnhem_page and "100 % agree (1 agree, 0 disagree, 0 pass)" in arnhem_page
    assert "50 % agree (1 agree, 1 disagree, 0 pass)" in arnhem_page  # in all cities


def test_a_showings_moderator_types_in_the_voting_wall_and_it_counts_as_paper(arnhem):
    first, second = healthy_statements()
    vote_on(first, "pass:a", scope="showing:arnhem", choice=-1)
    moderator = Client()
    moderator.force_login(arnhem["moderator"])

    form = text(moderator.get(WALL))
    saved = wall_post(moderator, {first: (9, 0, 0), second: (0, 0, 0)})
    again = wall_post(moderator, {first: (12, 3, 0), second: (0, 0, 0)})  # the wall as it stands later
    page = text(Client().get(ARNHEM_STATEMENTS))

    assert first.text in form and saved.status_code == 200
    assert "1 statement carries paper votes" in text(again)
    assert list(PaperTally.objects.values_list("agree", "disagree", "passed")) == [(12, 3, 0)]  # replaced, not added
    assert "75 % agree (12 agree, 4 disagree, 0 pass) · 15 on paper" in page


def test_the_wall_is_only_for_the_showings_moderators_and_refuses_bad_counts(arnhem, citizen, mayor):
    first, second = healthy_statements()
    stranger = Client()
    stranger.force_login(citizen)
    moderator = Client()
    moderator.force_login(arnhem["moderator"])

    refused = wall_post(stranger, {first: (5, 0, 0)})
    anonymous = Client().get(WALL)
    bad = wall_post(moderator, {first: (5, 0, 0), second: (-3, 0, 0)})

    assert refused.status_code == 404 and anonymous.status_code == 302
    assert bad.status_code == 400 and "Counts are whole numbers, 0 or more" in text(bad)
    assert not PaperTally.objects.exists()  # nothing half-saved


def test_a_visitor_proposes_a_statement_that_waits_for_the_organisers(edition, citizen, organiser):
    visitor = Client()
    visitor.force_login(citizen)

    visitor.post(STATEMENTS + "propose/", {"text": "Every school street should be car-free at school times."})
    waiting = text(visitor.get(STATEMENTS))
    others_before = text(Client().get(STATEMENTS))
    proposal = Statement.objects.get(source="citizen")
    admin = Client()
    admin.force_login(organiser)
    admin.post("/admin/opinions/statement/", {"action": "show_again", "_selected_action": [proposal.pk]})
    others_after = text(Client().get(STATEMENTS))

    assert "Every school street should be car-free" in waiting and "waiting for moderation" in waiting
    assert "Statement 1 of 2" in others_before and "car-free" not in others_before
    assert "Statement 1 of 3" in others_after
    assert Statement.objects.get(pk=proposal.pk).proposed_by == citizen


def test_a_proposal_needs_an_account_and_new_words(edition, citizen):
    visitor = Client()
    visitor.force_login(citizen)
    taken = healthy_statements()[0].text.upper() + "  "

    anonymous = Client().post(STATEMENTS + "propose/", {"text": "A statement from nobody in particular."})
    duplicate = visitor.post(STATEMENTS + "propose/", {"text": taken})
    short = visitor.post(STATEMENTS + "propose/", {"text": "Yes."})

    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert duplicate.status_code == 400 and "already has a statement with these words" in text(duplicate)
    assert short.status_code == 400 and "at least 10 characters" in text(short)
    assert not Statement.objects.filter(source="citizen").exists()


def test_a_mayor_sees_their_own_citys_results_and_groups_on_my_city(edition, mayor, city):
    ShowingFactory(city=city)
    first, second = healthy_statements()
    vote_on(first, "pass:a", scope="showing:dusseldorf")
    vote_on(second, "pass:a", scope="showing:dusseldorf")
    vote_on(second, "pass:b", scope="showing:arnhem", choice=-1)
    vote_on(second, "pass:c", scope="showing:arnhem", choice=-1)
    opinions_compute()
    client = Client()
    client.force_login(mayor)

    page = text(client.get("/me/"))

    assert "What your citizens think" in page and "In Düsseldorf" in page
    # the statement where Düsseldorf differs most from all cities comes first
    assert page.index(second.text) < page.index(first.text, page.index("What your citizens think"))
    assert "33 % agree (1 agree, 2 disagree, 0 pass)" in page
    assert "1 person voted here: too few for opinion groups" in page


def test_my_city_without_votes_says_where_they_come_from(edition, mayor, city):
    ShowingFactory(city=city)
    client = Client()
    client.force_login(mayor)

    page = text(client.get("/me/"))

    assert "No one has weighed the statements at your showing yet" in page
