import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from declarations.models import DeclarationStatus, Pledge
from declarations.services.pledges import pledge_create
from declarations.services.signing import signature_record_on_paper
from declarations.services.texts import declaration_load
from discussion.models import Thread
from discussion.services import comment_post
from tests.factories import CityFactory, DelegateFactory, TopicFactory, UserFactory, jpeg_bytes

pytestmark = pytest.mark.django_db

NEW = "/declarations/duesseldorf-2019/pledges/new/"


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def declaration(db):
    return declaration_load(
        slug="duesseldorf-2019", title="Düsseldorf Declaration", place="Düsseldorf",
        status=DeclarationStatus.OPEN, adopted_on=datetime.date(2019, 8, 31), note="", clauses=["Act locally."],
    )  # fmt: skip


@pytest.fixture
def arnhem(declaration):
    city = CityFactory(name="Arnhem", slug="arnhem", country="NL")
    signature_record_on_paper(declaration=declaration, city=city, signed_on=datetime.date(2019, 8, 31))
    return city


@pytest.fixture
def healthy(db):
    return TopicFactory(name="Healthy Cities", slug="healthy-cities")


@pytest.fixture
def thought_leader(arnhem):
    return DelegateFactory(city=arnhem, title="thought_leader").user


def pledge_of(declaration, city, by, topic, **changes):
    data = {
        "topic": topic,
        "title": "Shade on every schoolyard",
        "description": "Trees and **shade sails** on every schoolyard.",
        "target_date": datetime.date(2030, 9, 1),
        **changes,
    }
    return pledge_create(declaration=declaration, city=city, by=by, data=data)


def test_a_delegate_of_a_signatory_city_publishes_a_pledge(client, declaration, arnhem, healthy, thought_leader):
    client.force_login(thought_leader)
    form = {
        "city": arnhem.pk, "topic": healthy.pk, "title": "Shade on every schoolyard",
        "description": "Trees and **shade sails**.", "target_date": "2030-09-01",
    }  # fmt: skip

    refused = client.post(NEW, {**form, "target_date": ""})
    response = client.post(NEW, form, follow=True)

    assert refused.status_code == 400
    pledge = Pledge.objects.get()
    assert (pledge.city, pledge.topic, pledge.created_by) == (arnhem, healthy, thought_leader)
    page = text(response)
    assert "Your pledge is published." in page and "<strong>shade sails</strong>" in page and "Planned" in page
    assert Thread.objects.get(key=f"pledge:{pledge.pk}").city == arnhem


@pytest.mark.parametrize("who", ["citizen", "mayor of a city that did not sign", "anonymous"])
def test_nobody_else_makes_a_pledge_for_the_declaration(client, declaration, arnhem, who):
    users = {
        "citizen": UserFactory(),
        "mayor of a city that did not sign": DelegateFactory(city=CityFactory(name="Vienna", slug="vienna")).user,
        "anonymous": None,
    }
    if users[who]:
        client.force_login(users[who])

    response = client.get(NEW)

    assert response.status_code == (302 if who == "anonymous" else 404)


def test_the_pledging_city_reports_progress_and_changes_the_status(
    client, declaration, arnhem, healthy, thought_leader
):
    pledge = pledge_of(declaration, arnhem, thought_leader, healthy)
    mayor = DelegateFactory(city=arnhem, title="mayor").user
    client.force_login(mayor)
    base = f"/declarations/duesseldorf-2019/pledges/{pledge.pk}"

    client.post(f"{base}/updates/", {"text": "Ten schoolyards done <b>so far</b>.", "posted_on": "2030-03-01"})
    client.post(f"{base}/status/", {"status": "in_progress", "reason": "Work started."})
    impossible = client.post(f"{base}/status/", {"status": "planned"}, follow=True)
    page = text(client.get(f"{base}/"))

    assert "Ten schoolyards done &lt;b&gt;so far&lt;/b&gt;." in page and "1 March 2030" in page
    assert "In progress" in page
    assert "That change of status is not possible now." in text(impossible)
    steps = list(pledge.transitions.values_list("from_status", "to_status", "by", "reason"))
    assert steps == [("planned", "in_progress", mayor.pk, "Work started.")]
    client.force_login(DelegateFactory(city=CityFactory(name="Vienna", slug="vienna")).user)
    assert client.post(f"{base}/updates/", {"text": "Hijack", "posted_on": "2030-03-02"}).status_code == 404
    assert pledge.updates.count() == 1


def test_pledges_show_on_the_declaration_the_city_and_the_topic_with_overdue_ones_marked(
    client, summit, declaration, arnhem, healthy, thought_leader
):
    pledge_of(declaration, arnhem, thought_leader, healthy)
    pledge_of(declaration, arnhem, thought_leader, healthy, title="Late benches", target_date=datetime.date(2020, 1, 1))

    on_declaration = text(client.get("/declarations/duesseldorf-2019/"))
    on_city = text(client.get("/cities/arnhem/"))
    on_topic = text(client.get("/topics/healthy-cities/"))

    for page in (on_declaration, on_city, on_topic):
        assert "Shade on every schoolyard" in page and "Late benches" in page
        assert page.count(">overdue<") == 1
    assert "Arnhem signed on 31 August 2019:" in on_city


def test_citizens_discuss_a_pledge_and_the_pledging_city_answers_officially(
    client, declaration, arnhem, healthy, thought_leader
):
    pledge = pledge_of(declaration, arnhem, thought_leader, healthy)
    thread = Thread.objects.get(key=f"pledge:{pledge.pk}")
    citizen = UserFactory()
    question = comment_post(thread=thread, user=citizen, body="Which schools first?")
    other_mayor = DelegateFactory(city=CityFactory(name="Vienna", slug="vienna")).user

    answer = comment_post(thread=thread, user=thought_leader, body="The ones without trees.", parent=question)
    aside = comment_post(thread=thread, user=other_mayor, body="In Vienna too.", parent=question)

    assert answer.is_official and answer.official_city == arnhem and not aside.is_official
    page = text(client.get(pledge.get_absolute_url()))
    assert "Which schools first?" in page and "Official answer" in page
    assert thread.get_absolute_url() == pledge.get_absolute_url()


def test_the_pledge_feed_lists_progress_updates_escaped(client, declaration, arnhem, healthy, thought_leader):
    pledge = pledge_of(declaration, arnhem, thought_leader, healthy)
    client.force_login(thought_leader)
    client.post(
        f"/declarations/duesseldorf-2019/pledges/{pledge.pk}/updates/",
        {"text": "<script>x</script> planted", "posted_on": "2030-03-01"},
    )

    feed = client.get("/declarations/duesseldorf-2019/pledges/feed/")

    assert feed["Content-Type"].startswith("application/atom+xml")
    body = feed.content.decode()
    assert "Arnhem: Shade on every schoolyard" in body and "<script>" not in body


def test_a_progress_update_carries_a_cleaned_photo_with_its_description(
    client, declaration, arnhem, healthy, thought_leader, django_capture_on_commit_callbacks
):
    pledge = pledge_of(declaration, arnhem, thought_leader, healthy)
    client.force_login(thought_leader)
    url = f"/declarations/duesseldorf-2019/pledges/{pledge.pk}/updates/"

    def post(**fields):
        upload = SimpleUploadedFile("yard.jpg", jpeg_bytes(gps=True), content_type="image/jpeg")
        return client.post(url, {"text": "Shade sails up.", "posted_on": "2030-03-01", "photo": upload, **fields})

    without_description = post()
    broken = client.post(
        url,
        {"text": "x", "posted_on": "2030-03-01", "photo_alt": "A yard",
         "photo": SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")},
        follow=True,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        post(photo_alt="Shade sails over the schoolyard of De Klimop")

    update = pledge.updates.get()
    assert pledge.updates.count() == 1 and update.card and update.thumbnail
    assert b"GPS" not in update.original.read()
    update.original.close()
    page = text(client.get(pledge.get_absolute_url()))
    assert 'alt="Shade sails over the schoolyard of De Klimop"' in page
    assert "The update could not be saved" in text(broken)
    assert without_description.status_code == 302
