"""One search across everything public: what it finds, in which language, and what it never shows."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.utils import timezone

from discussion.models import Thread
from discussion.services import comment_moderate, comment_post, reaction_toggle
from events.models import PressRelease
from hubs.models import SearchEntry
from tests.factories import (
    BestPracticeFactory,
    CityFactory,
    OutcomeFactory,
    ProgrammeItemFactory,
    approved_practice,
)
from workshops.models import Outcome

pytestmark = pytest.mark.django_db


def found(client, query: str, **filters) -> str:
    response = client.get("/search/", {"q": query, **filters})
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def german_practice(**kwargs):
    return approved_practice(
        title="Günstige Wohnungen für junge Familien", language="de",
        summary="Die Stadt baut mit Genossenschaften.",
        body="Seit 2015 entstehen jedes Jahr dreihundert Wohnungen mit gedeckelter Miete.",
        city=CityFactory(name="Wien", slug="wien"), **kwargs,
    )  # fmt: skip


def test_a_practice_written_in_german_is_found_by_another_form_of_its_words_and_without_accents(
    client, sources, live_index
):
    practice = live_index(lambda: german_practice(topic=sources["inclusive"]))

    singular = found(client, "Wohnung")
    unaccented = found(client, "gunstige")

    for page in (singular, unaccented):
        assert f'href="/practices/{practice.pk}/"' in page
        assert "Best practice · Wien · Inclusive Cities" in page
    assert "<mark>Wohnungen</mark>" in singular
    assert "<mark>Günstige</mark>" in unaccented


def test_each_result_says_what_it_is_where_it_belongs_and_marks_the_words_in_a_snippet(client, sources, live_index):
    live_index(lambda: approved_practice(
        topic=sources["healthy"], title="Shade for schoolyards", city=CityFactory(name="Málaga", slug="malaga"),
        body="Every schoolyard gets trees and water fountains before the summer heat.",
    ))  # fmt: skip

    page = found(client, "fountains")

    assert "Best practice · Málaga · Healthy Cities" in page
    assert "water <mark>fountains</mark> before" in page
    assert "1 result" in page


def test_titles_weigh_more_than_the_text(client, sources, live_index):
    live_index(lambda: approved_practice(topic=sources["healthy"], title="Bicycles for everyone", body="Lanes."))
    live_index(lambda: approved_practice(topic=sources["healthy"], title="Lanes", body="Bicycles park here."))

    page = found(client, "bicycles")

    assert page.index("<mark>Bicycles</mark> for everyone") < page.index("Bicycles</mark> park here")


def test_filters_by_kind_topic_and_city_narrow_the_results(client, sources, live_index, publish):
    live_index(lambda: approved_practice(topic=sources["healthy"], title="Healthy lunch", city=CityFactory(slug="a")))
    live_index(lambda: approved_practice(topic=sources["inclusive"], title="Inclusive lunch"))

    by_topic = found(client, "lunch", topic="healthy-cities")
    by_city = found(client, "lunch", city="a")
    by_kind = found(client, "lunch", kind="pledge")

    assert "Healthy <mark>lunch</mark>" in by_topic and "Inclusive <mark>lunch" not in by_topic
    assert "Healthy <mark>lunch</mark>" in by_city and "Inclusive <mark>lunch" not in by_city
    assert "Nothing found for “lunch”" in by_kind


def test_many_results_come_in_pages(client, sources, live_index):
    for number in range(23):
        live_index(lambda n=number: approved_practice(topic=sources["healthy"], title=f"Garden {n}"))

    first = found(client, "garden")
    second = found(client, "garden", page=2)

    assert "23 results" in first and "Page 1 of 2" in first
    assert first.count('<li class="search-result') == 20 and second.count('<li class="search-result') == 3


def test_a_typo_in_a_name_still_finds_it_on_postgresql(client, sources, live_index, db):
    from django.db import connection  # noqa: PLC0415 — the typo fallback is PostgreSQL's (trigrams)

    if connection.vendor != "postgresql":
        pytest.skip("The typo fallback uses PostgreSQL's trigrams; SQLite's search has none (README).")
    live_index(lambda: approved_practice(topic=sources["healthy"], city=CityFactory(name="Vienna", slug="vienna")))

    page = found(client, "Viena")

    assert "Nothing has exactly “Viena”; these come close." in page
    assert "Best practice · Vienna" in page


def test_without_words_the_page_invites_a_search_and_an_over_long_query_is_refused_with_a_reason(client, db):
    empty = found(client, "")
    too_long = client.get("/search/", {"q": "x" * 201})

    assert "Type a word or two" in empty
    assert too_long.status_code == 400
    assert "at most 200 characters" in too_long.content.decode()


def test_with_htmx_only_the_results_are_sent(client, sources, live_index):
    live_index(lambda: approved_practice(topic=sources["healthy"], title="Rooftop gardens"))

    response = client.get("/search/", {"q": "rooftop"}, headers={"HX-Request": "true"})

    text = response.content.decode()
    assert text.lstrip().startswith('<div id="search-results"')
    assert "<mark>Rooftop</mark> gardens" in text and "<header" not in text


# The matrix: each thing hidden from the pages is hidden from search, and shows in both once it is public.
def _draft(w):
    practice = BestPracticeFactory(topic=w["healthy"], title="Quokkaword draft")
    return f"/practices/{practice.pk}/", lambda: practice_approve(practice)


def practice_approve(practice):
    from workshops.services import practice_approve_imported  # noqa: PLC0415

    practice.status = "submitted"
    practice.save()
    practice_approve_imported(practice=practice, reason="Test.")


def _delegates_only(w):
    item = ProgrammeItemFactory(title="Quokkaword dinner", is_public=False, summit=w["summit"])

    def open_it():
        item.is_public = True
        item.save()

    return f"/programme/{item.pk}/", open_it


def _embargoed(w):
    release = PressRelease.objects.create(
        title="Quokkaword release", body="Text.", publish_at=timezone.now() + datetime.timedelta(hours=2)
    )

    def lift():
        release.publish_at = timezone.now() - datetime.timedelta(minutes=1)
        release.save()

    return f"/press/releases/{release.pk}/", lift


def _guest_comment(w):
    comment = comment_post(thread=w["thread"], user=AnonymousUser(), body="Quokkaword guest", guest_name="G")
    return "/exhibition/topics/healthy-cities/", lambda: comment_moderate(
        comment=comment, by=w["organiser"], status="published"
    )


def _hidden_outcome(w):
    outcome = Outcome.objects.filter(workshop__topic=w["healthy"]).first()
    outcome.text = "Quokkaword outcome"
    outcome.hidden = True
    outcome.save()
    w["publish"]()

    def show():
        Outcome.objects.filter(pk=outcome.pk).update(hidden=False)
        w["publish"]()

    return f"/exhibition/workshops/{outcome.workshop_id}/", show


HIDDEN = {
    "draft practice": _draft,
    "delegates-only programme item": _delegates_only,
    "embargoed press release": _embargoed,
    "comment awaiting moderation": _guest_comment,
    "hidden outcome": _hidden_outcome,
}


@pytest.mark.parametrize("case", list(HIDDEN), ids=list(HIDDEN))
def test_what_the_pages_do_not_show_search_does_not_show_until_it_is_public(
    client, summit, sources, publish, organiser, live_index, case
):
    publish()
    world = {**sources, "summit": summit, "publish": publish, "organiser": organiser,
             "thread": Thread.objects.get(key="topic:healthy-cities")}  # fmt: skip
    page, make_public = live_index(lambda: HIDDEN[case](world))

    hidden_page = client.get(page).content.decode()
    hidden_search = found(client, "quokkaword")
    live_index(make_public)
    public_page = client.get(page).content.decode()
    public_search = found(client, "quokkaword")

    assert "Quokkaword" not in hidden_page and "Nothing found" in hidden_search
    assert "Quokkaword" in public_page and f'href="{page}' in public_search


def test_a_comment_hidden_by_a_moderator_leaves_search_with_the_same_commit(
    client, sources, publish, citizen, organiser, live_index
):
    publish()
    thread = Thread.objects.get(key="topic:healthy-cities")
    comment = live_index(lambda: comment_post(thread=thread, user=citizen, body="Quokkaword opinion"))
    before = found(client, "quokkaword")

    live_index(lambda: comment_moderate(comment=comment, by=organiser, status="hidden"))

    assert f"#comment-{comment.pk}" in before
    assert "Nothing found" in found(client, "quokkaword")


def test_the_rebuild_command_indexes_what_was_written_without_signals_and_drops_what_is_no_longer_public(
    sources, publish, capsys
):
    publish()
    OutcomeFactory(workshop=Outcome.objects.first().workshop, text="Quokkaword late")
    SearchEntry.objects.create(
        key="practice:999999", kind="practice", texts={"en": ["Gone", ""]}, url="/practices/999999/",
        date=timezone.now(), visible_from=timezone.now(), changed_at=timezone.now(),
    )  # fmt: skip

    call_command("search_index")

    kinds = set(SearchEntry.objects.values_list("kind", flat=True))
    assert {"practice", "outcome", "programme"} <= kinds
    assert not SearchEntry.objects.filter(key="practice:999999").exists()
    assert "Search index:" in capsys.readouterr().out


@pytest.mark.parametrize("practices", [1, 20])
def test_a_page_of_results_costs_the_same_queries_whatever_its_size(
    client, sources, live_index, django_assert_num_queries, practices
):
    for number in range(practices):
        live_index(lambda n=number: approved_practice(topic=sources["healthy"], title=f"Orchard {n}"))

    # the topics and cities to filter by; the entries found (PostgreSQL: whether any, how many, the page; SQLite:
    # the entries allowed, how many, the page's rows)
    with django_assert_num_queries(5):
        page = found(client, "orchard")

    assert f"{practices} result" in page


def test_the_comments_of_a_withdrawn_practice_leave_search_with_it(client, sources, citizen, mayor, live_index):
    from workshops.services import practice_withdraw  # noqa: PLC0415

    practice = live_index(lambda: approved_practice(topic=sources["healthy"], city=mayor.delegations.first().city))
    thread = Thread.objects.create(key=f"practice:{practice.pk}", title=practice.title, city=practice.city)
    comment = live_index(lambda: comment_post(thread=thread, user=citizen, body="Quokkaword on a practice"))
    before = found(client, "quokkaword")

    live_index(lambda: practice_withdraw(practice=practice, by=mayor))

    assert f"#comment-{comment.pk}" in before
    assert "Nothing found" in found(client, "quokkaword")


def test_a_reaction_leaves_the_search_index_alone(
    client, sources, publish, citizen, live_index, django_assert_num_queries
):
    publish()
    comment = live_index(lambda: comment_post(thread=Thread.objects.get(key="topic:healthy-cities"), user=citizen,
                                              body="Quokkaword opinion"))  # fmt: skip

    with django_assert_num_queries(7):  # the comment's lock, the reaction's delete and insert, its count and update
        live_index(lambda: reaction_toggle(comment=comment, user=citizen, kind="helpful"))

    assert f"#comment-{comment.pk}" in found(client, "quokkaword")
