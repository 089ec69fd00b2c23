import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.factories import BestPracticeFactory, CityFactory, TopicFactory, approved_practice, jpeg_bytes
from workshops.models import BestPractice, PracticeImage, PracticeStatus
from workshops.services import practice_approve, practice_submit

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def form_data(practice, **changes):
    data = {
        "topic": practice.topic.pk,
        "title": practice.title,
        "summary": practice.summary,
        "body": practice.body,
        "results": practice.results,
        "links": "\n".join(practice.links),
        "language": practice.language,
        "version": practice.version,
    }
    return {**data, **changes}


def photo(name="photo.jpg", data=None):
    return SimpleUploadedFile(name, data if data is not None else jpeg_bytes(), content_type="image/jpeg")


def test_dashboard_lists_own_city_practices_with_status(client, mayor, draft, other_mayor):
    BestPracticeFactory(city=other_mayor.delegations.get().city, title="Vienna's secret draft")
    client.force_login(mayor)

    page = text(client.get("/me/"))

    assert "Neighbourhood living rooms" in page
    assert "Draft" in page
    assert "Vienna&#x27;s secret draft" not in page and "Vienna's secret draft" not in page


def test_dashboard_explains_itself_to_citizens_and_sends_anonymous_to_sign_in(client, citizen):
    anonymous = client.get("/me/")
    client.force_login(citizen)
    as_citizen = client.get("/me/")

    assert anonymous.status_code == 302 and anonymous.url.startswith("/accounts/login/")
    assert as_citizen.status_code == 403
    assert "ask the summit organisers for an invitation" in text(as_citizen)


def test_delegate_creates_a_draft(client, mayor, city, topic):
    client.force_login(mayor)

    response = client.post(
        "/me/practices/new/",
        {
            "topic": topic.pk,
            "title": "School streets",
            "summary": "Streets outside schools close to cars.",
            "body": "Barriers at **drop-off** time.",
            "results": "",
            "links": "https://example.org/school-streets",
            "language": "en",
        },
    )

    practice = BestPractice.objects.get()
    assert response.status_code == 302 and response.url == f"/me/practices/{practice.pk}/"
    assert practice.city == city
    assert practice.author == mayor
    assert practice.status == PracticeStatus.DRAFT
    assert practice.links == ["https://example.org/school-streets"]
    assert not practice.is_public


def test_create_form_errors_are_shown_and_nothing_is_saved(client, mayor, topic):
    client.force_login(mayor)

    response = client.post(
        "/me/practices/new/",
        {"topic": topic.pk, "title": "", "summary": "x" * 301, "body": "b", "links": "javascript:alert(1)"},
    )

    page = text(response)
    assert response.status_code == 400
    assert "This field is required." in page
    assert "Ensure this value has at most 300 characters (it has 301)." in page
    assert "is not a web address starting with https://" in page
    assert not BestPractice.objects.exists()


def test_citizen_cannot_create_a_practice(client, citizen, topic):
    client.force_login(citizen)

    response = client.post("/me/practices/new/", {"topic": topic.pk, "title": "T", "summary": "S", "body": "B"})

    assert response.status_code == 403
    assert not BestPractice.objects.exists()


EDITOR_URLS = [
    ("get", "/me/practices/{pk}/"),
    ("post", "/me/practices/{pk}/"),
    ("post", "/me/practices/{pk}/submit/"),
    ("get", "/me/practices/{pk}/withdraw/"),
    ("post", "/me/practices/{pk}/withdraw/"),
    ("post", "/me/practices/{pk}/images/"),
    ("get", "/me/practices/{pk}/images/{image}/remove/"),
    ("post", "/me/practices/{pk}/images/{image}/remove/"),
]


@pytest.mark.parametrize(("method", "url"), EDITOR_URLS)
@pytest.mark.parametrize("who", ["other_mayor", "citizen", "organiser", "anonymous"])
def test_nobody_outside_the_city_reaches_a_practice_editor_url(client, draft, method, url, who, request):
    image = PracticeImage.objects.create(practice=draft, original="practices/x.jpg", alt_text="A photo")
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    path = url.format(pk=draft.pk, image=image.pk)

    response = getattr(client, method)(path, form_data(draft, title="Hijacked") if method == "post" else None)

    if who == "anonymous":
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    else:
        assert response.status_code == 404
        assert "Neighbourhood living rooms" not in text(response)
    draft.refresh_from_db()
    assert draft.title == "Neighbourhood living rooms"
    assert draft.status == PracticeStatus.DRAFT
    assert PracticeImage.objects.filter(pk=image.pk).exists()


def test_draft_is_not_on_the_public_pages(client, draft):
    assert client.get(f"/practices/{draft.pk}/").status_code == 404
    assert "Neighbourhood living rooms" not in text(client.get("/practices/"))


def test_stale_edit_is_refused_with_both_versions_shown(client, mayor, deputy, draft):
    opened = form_data(draft)
    client.force_login(deputy)
    client.post(f"/me/practices/{draft.pk}/", {**opened, "summary": "The deputy's newer summary."})
    client.force_login(mayor)

    response = client.post(f"/me/practices/{draft.pk}/", {**opened, "summary": "The mayor's older summary."})

    page = text(response)
    assert response.status_code == 409
    assert "This practice changed since you opened it" in page
    assert "The deputy&#x27;s newer summary." in page
    assert "The mayor&#x27;s older summary." in page
    draft.refresh_from_db()
    assert draft.summary == "The deputy's newer summary."

    # Saving again after seeing the difference is a deliberate choice and goes through.
    version = re.search(r'name="version" value="(\d+)"', response.content.decode()).group(1)
    client.post(f"/me/practices/{draft.pk}/", {**opened, "summary": "The mayor's older summary.", "version": version})
    draft.refresh_from_db()
    assert draft.summary == "The mayor's older summary."


def test_withdraw_asks_for_confirmation_first(client, mayor, draft):
    client.force_login(mayor)

    confirmation = client.get(f"/me/practices/{draft.pk}/withdraw/")
    draft.refresh_from_db()
    assert draft.status == PracticeStatus.DRAFT
    assert "Withdraw this practice?" in text(confirmation)

    client.post(f"/me/practices/{draft.pk}/withdraw/")
    draft.refresh_from_db()
    assert draft.status == PracticeStatus.WITHDRAWN


def test_photo_upload_stores_a_clean_image_and_makes_renditions_after_commit(
    client, mayor, draft, django_capture_on_commit_callbacks
):
    client.force_login(mayor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/me/practices/{draft.pk}/images/",
            {"image": photo(data=jpeg_bytes(exif_orientation=6, gps=True)), "alt_text": "Neighbours at a table"},
        )

    image = PracticeImage.objects.get()
    assert response.status_code == 302
    assert (image.width, image.height) == (800, 1200)
    with image.original.open("rb"), Image.open(image.original) as stored:
        assert dict(stored.getexif()) == {}
    assert image.renditions_ready
    with image.thumbnail.open("rb"), Image.open(image.thumbnail) as thumbnail:
        assert max(thumbnail.size) == 320
    # Public media paths cannot be guessed from the row's id.
    for stored in (image.original, image.thumbnail, image.card, image.poster):
        assert re.search(r"/[0-9a-f]{32}(-\w+)?\.jpg$", stored.name), stored.name
        assert f"/{image.pk}-" not in stored.name


def test_photo_shows_a_placeholder_until_renditions_exist(client, mayor, draft, django_capture_on_commit_callbacks):
    client.force_login(mayor)
    with django_capture_on_commit_callbacks(execute=False):
        client.post(f"/me/practices/{draft.pk}/images/", {"image": photo(), "alt_text": "Neighbours at a table"})

    page = text(client.get(f"/me/practices/{draft.pk}/"))

    assert "Being prepared" in page


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("scan.jpg", b"%PDF-1.4 1 0 obj << >> endobj %%EOF", "not an image we can read"),
        ("logo.jpg", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "not an image we can read"),
        ("cut.jpg", jpeg_bytes()[:1500], "damaged or incomplete"),
    ],
    ids=["renamed-pdf", "svg", "truncated"],
)
def test_bad_upload_is_refused_on_the_form_and_nothing_is_saved(client, mayor, draft, name, data, message, settings):
    client.force_login(mayor)

    response = client.post(f"/me/practices/{draft.pk}/images/", {"image": photo(name, data), "alt_text": "Something"})

    assert response.status_code == 400
    assert message in text(response)
    assert not PracticeImage.objects.exists()
    assert not list(Path(settings.MEDIA_ROOT).glob("practices/**/*.*"))


def test_upload_needs_alt_text(client, mayor, draft):
    client.force_login(mayor)

    response = client.post(f"/me/practices/{draft.pk}/images/", {"image": photo(), "alt_text": ""})

    assert response.status_code == 400
    assert not PracticeImage.objects.exists()


def test_at_most_six_photos(client, mayor, draft, django_capture_on_commit_callbacks):
    client.force_login(mayor)
    for _ in range(6):
        client.post(f"/me/practices/{draft.pk}/images/", {"image": photo(), "alt_text": "A photo"})

    response = client.post(f"/me/practices/{draft.pk}/images/", {"image": photo(), "alt_text": "One too many"})

    assert response.status_code == 400
    assert "This practice has the maximum of 6 photos." in text(response)
    assert PracticeImage.objects.count() == 6


@pytest.mark.parametrize("field", ["title", "summary", "body", "results"])
def test_user_text_is_escaped_on_the_public_and_editor_pages(client, mayor, organiser, draft, field):
    client.force_login(mayor)
    client.post(f"/me/practices/{draft.pk}/", form_data(draft, **{field: f"Safe {XSS}"}))
    draft.refresh_from_db()
    practice_submit(practice=draft, by=mayor)
    practice_approve(practice=draft, by=organiser)

    for url in (f"/practices/{draft.pk}/", f"/me/practices/{draft.pk}/", "/practices/", "/topics/healthy-cities/"):
        page = client.get(url).content.decode()
        assert "<script>alert" not in page, url
        assert "<img src=x" not in page, url


def test_image_caption_and_alt_text_are_escaped(client, mayor, organiser, draft, django_capture_on_commit_callbacks):
    client.force_login(mayor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/me/practices/{draft.pk}/images/", {"image": photo(), "alt_text": XSS, "caption": XSS})
    draft.refresh_from_db()
    practice_submit(practice=draft, by=mayor)
    practice_approve(practice=draft, by=organiser)

    for url in (f"/practices/{draft.pk}/", f"/me/practices/{draft.pk}/"):
        page = client.get(url).content.decode()
        assert "<script>alert" not in page
        assert "<img src=x" not in page
        assert "&lt;script&gt;alert" in page


def test_public_list_filters_searches_and_paginates(client, topic):
    healthy_city = CityFactory(name="Glasgow", slug="glasgow")
    other_topic = TopicFactory(name="Inclusive Cities", slug="inclusive-cities")
    approved_practice(city=healthy_city, topic=topic, title="School streets", summary="Cars out at drop-off.")
    approved_practice(topic=other_topic, title="Welcome desk", summary="Newcomers find help in one place.")
    for number in range(13):
        approved_practice(topic=other_topic, title=f"Filler {number}")

    by_topic = text(client.get("/practices/?topic=healthy-cities"))
    by_city = text(client.get("/practices/?city=glasgow"))
    by_words = text(client.get("/practices/?q=newcomers+help"))
    first_page = text(client.get("/practices/?topic=inclusive-cities"))
    second_page = text(client.get("/practices/?topic=inclusive-cities&page=2"))

    assert "School streets" in by_topic and "Welcome desk" not in by_topic
    assert "School streets" in by_city and "Welcome desk" not in by_city
    assert "Welcome desk" in by_words and "School streets" not in by_words
    assert "14 practices" in first_page
    assert "Page 1 of 2" in first_page and 'href="?topic=inclusive-cities&amp;page=2"' in first_page
    assert first_page.count('class="card practice-card') == 12
    assert second_page.count('class="card practice-card') == 2


def test_public_list_htmx_request_gets_only_the_results(client):
    approved_practice(title="School streets")

    body = text(client.get("/practices/?q=school", headers={"HX-Request": "true"}))

    assert body.strip().startswith('<div id="practice-results"')
    assert "School streets" in body and "<html" not in body


@pytest.mark.parametrize("size", [1, 30])
def test_public_list_query_count_is_constant(client, size, django_assert_num_queries):
    city, topic = CityFactory(), TopicFactory()
    for _ in range(size):
        approved_practice(city=city, topic=topic)

    # count, the page of practices with city, topic and cover, topics and cities for the filters
    with django_assert_num_queries(4):
        response = client.get("/practices/")

    assert response.content.decode().count('class="card practice-card') == min(size, 12)


def test_practice_page_has_open_graph_tags_and_demo_mark(client):
    practice = approved_practice(title="School streets", summary="Cars out at drop-off.", is_demo=True)

    page = text(client.get(f"/practices/{practice.pk}/"))

    assert '<meta property="og:title" content="School streets">' in page
    assert '<meta property="og:description" content="Cars out at drop-off.">' in page
    assert f'<meta property="og:url" content="http://127.0.0.1:8000/practices/{practice.pk}/">' in page
    assert "Demo content" in page


def test_topic_and_city_pages_show_their_approved_practices(client, summit, topic, city, draft):
    approved_practice(city=city, topic=topic, title="School streets")

    topic_page = text(client.get("/topics/healthy-cities/"))
    city_page = text(client.get("/cities/dusseldorf/"))

    assert "School streets" in topic_page and "School streets" in city_page
    assert "Neighbourhood living rooms" not in topic_page and "Neighbourhood living rooms" not in city_page


def test_a_practice_page_lists_similar_practices_from_other_cities(client, db):
    shade = approved_practice(title="Shade trees for every schoolyard", summary="Trees for shade in schoolyards.")
    similar = approved_practice(title="Schoolyard trees against the heat", summary="Trees shade the schoolyards.")
    unrelated = approved_practice(title="A citizens' budget per district", summary="Residents decide the money.")
    same_city = approved_practice(
        title="More shade trees in schoolyards", summary="Trees in schoolyards.", city=shade.city
    )

    page = text(client.get(f"/practices/{shade.pk}/"))

    related = re.search(r"Other cities doing something similar(.*?)</section>", page).group(1)
    assert similar.public_title in related
    assert unrelated.public_title not in related and same_city.public_title not in related
