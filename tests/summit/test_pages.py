import datetime
import re

import pytest
from django.utils import timezone
from icalendar import Calendar

from summit.models import ProgrammeKind
from tests.factories import BERLIN, CityFactory, DelegateFactory, ProgrammeItemFactory, TopicFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_home_shows_summit_topics_and_what_is_on_today(client, summit, topic):
    now = timezone.now().astimezone(BERLIN)
    ProgrammeItemFactory(summit=summit, title="Public talk today", starts_at=now, topic=topic)
    yesterday_noon = (now - datetime.timedelta(days=1)).replace(hour=12, minute=0, second=0, microsecond=0)
    ProgrammeItemFactory(summit=summit, title="Talk yesterday", starts_at=yesterday_noon)

    page = text(client.get("/"))

    assert "Second Mayors Summit on Living Together" in page
    assert "Live Close - Feel Free" in page
    assert 'href="/topics/healthy-cities/"' in page
    assert "Public talk today" in page
    assert "Talk yesterday" not in page


def test_home_today_uses_the_summit_time_zone(client, summit):
    # 23:30 in Berlin is already tomorrow in Tokyo and still today in New York: Berlin decides.
    now = timezone.now().astimezone(BERLIN)
    late = now.replace(hour=23, minute=30, second=0, microsecond=0)
    ProgrammeItemFactory(
        summit=summit, title="Late concert", starts_at=late, ends_at=late + datetime.timedelta(minutes=20)
    )

    assert "Late concert" in text(client.get("/"))


def test_home_without_anything_today_says_so(client, summit):
    ProgrammeItemFactory(summit=summit)

    assert "Nothing is on today. The summit runs from 30 August to 1 September 2019." in text(client.get("/"))


def test_home_without_a_summit_explains(client, db):
    assert "No summit has been set up yet" in text(client.get("/"))


def test_programme_hides_delegates_only_items_from_the_public(client, summit, mayor, citizen):
    ProgrammeItemFactory(summit=summit, title="Open debate")
    ProgrammeItemFactory(summit=summit, title="Mayors dinner", is_public=False)

    anonymous = text(client.get("/programme/"))
    client.force_login(citizen)
    as_citizen = text(client.get("/programme/"))
    client.force_login(mayor)
    as_mayor = text(client.get("/programme/"))

    assert "Open debate" in anonymous
    assert "Mayors dinner" not in anonymous
    assert "Mayors dinner" not in as_citizen
    assert "Mayors dinner" in as_mayor
    assert "Delegates only" in as_mayor


def test_programme_groups_items_by_day_in_summit_time(client, summit):
    # 23:30 UTC on 30 August is 01:30 on 31 August in Düsseldorf.
    ProgrammeItemFactory(
        summit=summit,
        title="Night walk",
        starts_at=datetime.datetime(2019, 8, 30, 23, 30, tzinfo=datetime.UTC),
    )

    page = text(client.get("/programme/"))

    assert "Saturday, 31 August 2019" in page
    assert "Friday, 30 August 2019" not in page
    assert "01:30" in page


def test_programme_filters_by_kind_and_topic(client, summit, topic):
    other = TopicFactory(name="Inclusive Cities", slug="inclusive-cities")
    ProgrammeItemFactory(summit=summit, title="Healthy workshop", kind=ProgrammeKind.WORKSHOP, topic=topic)
    ProgrammeItemFactory(summit=summit, title="Inclusive workshop", kind=ProgrammeKind.WORKSHOP, topic=other)
    ProgrammeItemFactory(summit=summit, title="Press talk", kind=ProgrammeKind.PRESS_MEETING)

    by_kind = text(client.get("/programme/?kind=workshop"))
    by_both = text(client.get("/programme/?kind=workshop&topic=healthy-cities"))
    nothing = text(client.get("/programme/?kind=ceremony"))

    assert "Healthy workshop" in by_kind and "Inclusive workshop" in by_kind
    assert "Press talk" not in by_kind
    assert "Healthy workshop" in by_both
    assert "Inclusive workshop" not in by_both
    assert "Nothing in the programme matches these filters." in nothing


def test_programme_unknown_filter_value_is_a_clear_message(client, summit):
    ProgrammeItemFactory(summit=summit, title="Open debate")

    response = client.get("/programme/?topic=no-such-topic&kind=rave")

    assert response.status_code == 200
    assert "That filter is not known; showing the whole programme." in text(response)
    assert "Open debate" in text(response)


def test_programme_htmx_request_gets_only_the_list(client, summit):
    ProgrammeItemFactory(summit=summit, title="Press talk", kind=ProgrammeKind.PRESS_MEETING)

    response = client.get("/programme/?kind=press_meeting", headers={"HX-Request": "true"})

    body = text(response)
    assert body.strip().startswith('<div id="programme-list"')
    assert "Press talk" in body
    assert "<html" not in body


@pytest.mark.parametrize("size", [1, 20])
def test_programme_query_count_is_constant(client, summit, topic, size, django_assert_num_queries):
    ProgrammeItemFactory.create_batch(size, summit=summit, topic=topic)

    # summit, items with venue and topic, topics for the filter form
    with django_assert_num_queries(3):
        response = client.get("/programme/")

    assert response.content.decode().count('class="programme-item') == size


@pytest.mark.parametrize("size", [1, 20])
def test_home_query_count_is_constant(client, summit, size, django_assert_num_queries):
    now = timezone.now().astimezone(BERLIN)
    for _ in range(size):
        topic = TopicFactory()
        CityFactory()
        ProgrammeItemFactory(summit=summit, starts_at=now, topic=topic)

    # summit, today's items, topics, cities, current edition
    with django_assert_num_queries(5):
        response = client.get("/")

    assert response.content.decode().count('class="programme-item') == size


def test_programme_ics_has_public_events_in_the_summit_time_zone(client, summit, topic):
    ProgrammeItemFactory(
        summit=summit,
        title="Welcome reception",
        kind=ProgrammeKind.RECEPTION,
        starts_at=datetime.datetime(2019, 8, 30, 17, 0, tzinfo=BERLIN),
        venue__name="Rathaus Düsseldorf",
    )
    ProgrammeItemFactory(summit=summit, title="Mayors dinner", is_public=False)

    response = client.get("/programme.ics")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")

    assert response["Content-Type"].startswith("text/calendar")
    assert [str(event["SUMMARY"]) for event in events] == ["Welcome reception"]
    start = events[0].decoded("DTSTART")
    assert start == datetime.datetime(2019, 8, 30, 15, 0, tzinfo=datetime.UTC)
    assert str(start.tzinfo) == "Europe/Berlin"
    assert b"DTSTART;TZID=Europe/Berlin:20190830T170000" in response.content
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert "Rathaus Düsseldorf" in str(events[0]["LOCATION"])


def test_topic_page_shows_summary_and_its_sessions(client, summit, topic):
    ProgrammeItemFactory(summit=summit, title="Workshop: Healthy Cities", topic=topic)
    ProgrammeItemFactory(summit=summit, title="Unrelated session")

    page = text(client.get("/topics/healthy-cities/"))

    assert "<h1>Healthy Cities</h1>" in page
    assert "What this topic is about." in page
    assert "Workshop: Healthy Cities" in page
    assert "Unrelated session" not in page


def test_city_page_lists_its_delegation(client, city, mayor):
    DelegateFactory(city=city, title="deputy_mayor", user__name="Dora Deputy")
    DelegateFactory(city=CityFactory(), user__name="Someone Elsewhere")

    page = text(client.get("/cities/dusseldorf/"))

    assert "Mayor Mia" in page and "Dora Deputy" in page
    assert "Deputy mayor" in page
    assert "Someone Elsewhere" not in page
    assert "mayor@example.org" not in page


def test_unknown_topic_and_city_are_404_pages(client, summit):
    for url in ("/topics/nope/", "/cities/nope/"):
        response = client.get(url)
        assert response.status_code == 404
        assert "Page not found" in text(response)


def test_user_text_is_escaped(client, summit):
    CityFactory(name="<script>alert(1)</script>", slug="evil")

    page = client.get("/cities/evil/").content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_language_from_query_then_cookie_then_accept_language(client, summit):
    german = client.get("/programme/?lang=de")
    remembered = client.get("/programme/")
    client.cookies.clear()
    french = client.get("/programme/", headers={"Accept-Language": "fr"})

    assert "<h1>Programm</h1>" in text(german)
    assert german.cookies["lang"].value == "de"
    assert "<h1>Programm</h1>" in text(remembered)
    assert "<h1>Programme</h1>" in text(french)
    assert 'lang="fr"' in text(french)
    assert "Tous les types" in text(french)


def test_topic_colours_are_served_as_css(client, topic):
    css = client.get("/topics.css")

    assert css["Content-Type"].startswith("text/css")
    assert ".topic-healthy-cities { --topic-colour: #2da44e; }" in css.content.decode()


def test_pages_send_a_strict_content_security_policy(client, summit):
    policy = client.get("/")["Content-Security-Policy"]

    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_home_and_topic_hub_point_to_the_current_exhibition(client, summit, topic, publish):
    publish()

    home = text(client.get("/"))
    hub = text(client.get("/topics/healthy-cities/"))

    assert "Edition 1, published" in home and 'href="/exhibition/"' in home
    assert "This topic is part of the exhibition (edition 1)." in hub
    assert 'href="/exhibition/topics/healthy-cities/"' in hub


def test_summit_content_in_the_readers_language_with_english_where_untranslated(client, summit, topic):
    summit.name_de, summit.slogan_fr = (
        "Zweiter Bürgermeistergipfel zum Zusammenleben",
        "Vivre proches \N{EN DASH} se sentir libres",
    )
    summit.save()
    topic.name_de, topic.summary_de = "Gesunde Städte", "Grüne Mobilität für alle."
    topic.save()
    ProgrammeItemFactory(
        summit=summit, topic=topic, title="Workshop: Healthy Cities", title_fr="Atelier : Villes en bonne santé"
    )

    german_home = text(client.get("/?lang=de"))
    german_topic = text(client.get("/topics/healthy-cities/?lang=de"))
    french_programme = text(client.get("/programme/?lang=fr"))
    english_programme = text(client.get("/programme/?lang=en"))

    assert "Zweiter Bürgermeistergipfel zum Zusammenleben" in german_home
    assert "Live Close - Feel Free" in german_home  # no German slogan: English
    assert "Gesunde Städte" in german_topic and "Grüne Mobilität für alle." in german_topic
    assert "Atelier : Villes en bonne santé" in french_programme
    assert "Healthy Cities" in french_programme  # the topic's name has no French: English
    assert "Workshop: Healthy Cities" in english_programme


def test_organisers_edit_the_three_languages_side_by_side(client, organiser, topic):
    client.force_login(organiser)

    page = client.get(f"/admin/summit/topic/{topic.pk}/change/").content.decode()
    client.post(
        f"/admin/summit/topic/{topic.pk}/change/",
        {"name_en": "Healthy Cities", "name_de": "Gesunde Städte", "name_fr": "Villes en bonne santé",
         "slug": "healthy-cities", "order": 1, "colour": "#2da44e",
         "summary_en": "", "summary_de": "", "summary_fr": ""},
    )  # fmt: skip

    assert 'name="name_en"' in page and 'name="name_de"' in page and 'name="name_fr"' in page
    topic.refresh_from_db()
    assert (topic.name_de, topic.name_fr) == ("Gesunde Städte", "Villes en bonne santé")
