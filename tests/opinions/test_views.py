"""Weighing the statements as visitors do: one at a time, on a phone or a kiosk, at the summit's exhibition or a
city's showing; the statements each edition brings; the groups on /exhibition/opinions/; the open data."""

import csv
import io
import re
import threading
import zipfile

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import URLResolver, get_resolver

from opinions.models import Statement, Vote
from opinions.services import opinions_compute, vote_cast
from summit.services import user_delete
from tests.factories import CityFactory, ShowingFactory, vote_on
from workshops.models import Outcome

pytestmark = pytest.mark.django_db

STATEMENTS = "/exhibition/topics/healthy-cities/statements/"


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def edition(sources, publish):
    return publish()


def vote(client, url, statement, choice):
    return client.post(url, {"statement": statement.pk, "choice": choice}, follow=True)


def test_each_edition_brings_its_commitments_and_top_outcomes_as_statements_kept_while_unchanged(sources, publish):
    publish()
    first = dict(Statement.objects.values_list("text", "pk"))
    Outcome.objects.filter(text="Healthy Cities solution").update(text="Healthy Cities solution, reworded")
    publish()

    assert {"Healthy Cities commitment", "Healthy Cities solution", "Inclusive Cities solution"} <= set(first)
    statements = {s.text: s for s in Statement.objects.all()}
    assert statements["Healthy Cities commitment"].pk == first["Healthy Cities commitment"]  # the same one
    assert statements["Healthy Cities solution"].status == "retired"
    assert statements["Healthy Cities solution, reworded"].status == "shown"


def test_a_visitor_weighs_one_statement_at_a_time_and_sees_what_people_think(edition):
    phone = Client()
    first = text(phone.get(STATEMENTS))
    shown = list(Statement.objects.filter(topic__slug="healthy-cities", status="shown").order_by("id"))

    after_one = vote(phone, STATEMENTS, shown[0], 1)
    after_all = vote(phone, STATEMENTS, shown[1], -1)

    assert "Statement 1 of 2" in first and shown[0].text in first
    assert "Statement 2 of 2" in text(after_one)
    assert "You have weighed every statement of this topic" in text(after_all)
    assert "100 % agree (1 agree, 0 disagree, 0 pass)" in text(after_all)
    assert Vote.objects.count() == 2 and Vote.objects.first().voter.startswith("pass:")


def test_changing_a_vote_replaces_it(edition, citizen):
    client = Client()
    client.force_login(citizen)
    statement = Statement.objects.filter(status="shown").first()

    vote(client, STATEMENTS, statement, 1)
    vote(client, STATEMENTS, statement, -1)

    assert list(Vote.objects.values_list("voter", "choice")) == [(f"user:{citizen.pk}", -1)]


def test_votes_at_a_showing_count_for_its_city_and_in_all_cities(edition):
    ShowingFactory(city=CityFactory(name="Arnhem", slug="arnhem"))
    at_arnhem = "/exhibition/cities/arnhem/topics/healthy-cities/statements/"
    statement = Statement.objects.filter(topic__slug="healthy-cities", status="shown").first()

    page = vote(Client(), at_arnhem, statement, 1)

    assert Vote.objects.get().scope == "showing:arnhem"
    assert "In all cities" in text(page)
    assert Client().get("/exhibition/cities/nowhere/topics/healthy-cities/statements/").status_code == 404


def test_the_kiosk_starts_afresh_for_the_next_person(edition):
    kiosk = Client()
    statement = Statement.objects.filter(topic__slug="healthy-cities", status="shown").first()
    vote(kiosk, STATEMENTS + "?kiosk=1", statement, 1)
    assert "Statement 2 of 2" in text(kiosk.get(STATEMENTS + "?kiosk=1"))

    kiosk.get(STATEMENTS + "?kiosk=1&next=person", follow=True)
    fresh = text(kiosk.get(STATEMENTS + "?kiosk=1"))

    assert "Statement 1 of 2" in fresh and 'data-idle-seconds="60"' in fresh
    assert "What people think" not in fresh  # the kiosk shows the statement, big, and nothing else


@pytest.mark.parametrize("number", ["other topic", "retired", "12345678901234567890", "-1", ""])
def test_a_vote_on_a_statement_the_topic_does_not_show_is_a_404(edition, number):
    other = Statement.objects.filter(topic__slug="inclusive-cities", status="shown").first()
    retired = Statement.objects.filter(topic__slug="healthy-cities", status="shown").first()
    Statement.objects.filter(pk=retired.pk).update(status="retired")
    posted = {"other topic": other.pk, "retired": retired.pk}.get(number, number)

    response = Client().post(STATEMENTS, {"statement": posted, "choice": 1})

    assert response.status_code == 404
    assert not Vote.objects.exists()


@pytest.mark.parametrize("choice", ["2", "yes", ""])
def test_a_vote_that_is_not_one_is_a_400_that_says_why(edition, choice):
    statement = Statement.objects.filter(status="shown").first()

    response = Client().post(STATEMENTS, {"statement": statement.pk, "choice": choice})

    assert response.status_code == 400 and "Agree, disagree or pass" in text(response)
    assert not Vote.objects.exists()


def test_the_opinion_groups_show_as_a_map_with_a_table_and_too_few_people_show_counts_only(edition):
    statements = list(Statement.objects.filter(status="shown"))
    extra = [Statement.objects.create(topic=statements[0].topic, text=f"Statement {n}", fingerprint=str(n))
             for n in range(8)]  # fmt: skip
    for person in range(30):
        for n, statement in enumerate(statements + extra):
            choice = 1 if (n % 2 == 0) == (person < 18) else -1
            vote_on(statement, f"pass:{person}", choice=choice)
    vote_on(extra[0], "pass:arnhem", scope="showing:arnhem")
    ShowingFactory(city=CityFactory(name="Arnhem", slug="arnhem"))
    opinions_compute()

    page = text(Client().get("/exhibition/opinions/"))

    assert "Group 1: 18 people; Group 2: 12 people" in page  # the map's text alternative
    assert "<svg" in page and "<table" in page
    assert "1 person voted here: too few for opinion groups" in page


def test_open_data_has_votes_and_groups_as_counts_and_nothing_per_person(sources, publish, citizen, client):
    publish()
    statement = Statement.objects.filter(status="shown").first()
    vote_on(statement, f"user:{citizen.pk}", scope="showing:arnhem", user=citizen)
    vote_on(statement, "pass:abc", choice=-1)
    opinions_compute()
    Outcome.objects.update(votes=99)  # a change, so that a new edition is made
    edition = publish()

    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/exhibition/editions/{edition.number}/data.zip").content))
    rows = list(csv.DictReader(io.StringIO(archive.read("votes.csv").decode("utf-8-sig"))))

    assert [(row["showing"], row["agree"], row["disagree"]) for row in rows] == [("", "0", "1"), ("arnhem", "1", "0")]
    everything = b"".join(archive.read(name) for name in archive.namelist())
    assert b"pass:abc" not in everything and f"user:{citizen.pk}".encode() not in everything


def test_a_deleted_accounts_votes_leave_the_next_computation(edition, citizen):
    statement = Statement.objects.filter(status="shown").first()
    vote_on(statement, f"user:{citizen.pk}", user=citizen)

    user_delete(user=citizen)

    assert not Vote.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_one_vote_per_person_under_concurrent_posts(sources, publish, settings):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every write; the race needs PostgreSQL")
    publish()
    shown = Statement.objects.filter(status="shown", topic__slug="healthy-cities").order_by("id")
    statement = shown.first()
    phone = Client()
    vote(phone, STATEMENTS, shown.last(), 0)  # the phone has its pass
    assert Vote.objects.count() == 1
    start = threading.Barrier(8)

    def tap(choice):
        start.wait()
        try:
            phone.post(STATEMENTS, {"statement": statement.pk, "choice": choice})
        finally:
            connection.close()

    threads = [threading.Thread(target=tap, args=(1 if n % 2 else -1,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Vote.objects.filter(statement=statement).count() == 1


@pytest.fixture
def shown_on_postgresql(sources, publish):
    """A statement the published edition shows, for what only PostgreSQL does with a vote."""
    if connection.vendor != "postgresql":
        pytest.skip("The vote's commit setting and its prepared statement are PostgreSQL's")
    publish()
    return Statement.objects.filter(status="shown", topic__slug="healthy-cities").first()


def cast(statement, voter: str) -> bool:
    return vote_cast(statement_id=statement.pk, topic_slug="healthy-cities", voter=voter, user=None, scope="", choice=1)


@pytest.mark.django_db(transaction=True)
def test_a_vote_commits_without_waiting_for_the_disk_and_nothing_after_it_does(shown_on_postgresql):
    def waits_for_the_disk() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            return cursor.fetchone()[0]

    with transaction.atomic():
        assert cast(shown_on_postgresql, "pass:kiosk")
        assert waits_for_the_disk() == "off"
    assert waits_for_the_disk() == "on"
    assert Vote.objects.get(voter="pass:kiosk").choice == 1


def test_a_votes_address_is_found_before_any_other_pattern_is_tried():
    first = get_resolver().url_patterns[0]

    assert isinstance(first, URLResolver) and first.urlconf_name.__name__ == "opinions.urls"


def test_a_vote_is_one_statement_to_the_database(edition, django_assert_num_queries):
    statements = list(Statement.objects.filter(status="shown", topic__slug="healthy-cities"))
    phone = Client()
    phone.get(STATEMENTS)
    assert len(statements) >= 2
    for statement in statements:  # the first issues the phone's pass, the others use it
        with django_assert_num_queries(1):
            assert phone.post(STATEMENTS, {"statement": statement.pk, "choice": 1}).status_code == 302
    assert Vote.objects.count() == len(statements)


@pytest.mark.django_db(transaction=True)
def test_postgresql_plans_the_vote_once_per_connection(shown_on_postgresql):
    for number in range(6):
        assert cast(shown_on_postgresql, f"pass:{number}")

    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any("INSERT INTO opinions_vote" in statement for statement in prepared), prepared
    assert Vote.objects.filter(statement=shown_on_postgresql).count() == 6
