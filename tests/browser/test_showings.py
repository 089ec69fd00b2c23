"""A city runs its showing: the mayor sets it up, a moderator types in a paper comment, the screen at the venue
advances, and the kit's offline copy opens from a folder with no network."""

import io
import zipfile

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from playwright.sync_api import expect

from discussion.models import Thread
from discussion.services import comment_post
from exhibition.hosting import showing_scope
from exhibition.models import Showing
from exhibition.services.showings import showing_kit_start
from tests.browser.conftest import DESKTOP, PHONE, SERIOUS
from tests.factories import UserFactory, jpeg_bytes
from workshops.models import BestPractice


def test_the_mayor_sets_up_the_showing_and_a_moderator_types_in_a_paper_comment(open_page, demo, sign_in):
    call_command("compile_exhibition")
    page = open_page(PHONE)
    sign_in(page, "mayor.montreal@example.org")

    page.goto("/me/")
    page.get_by_role("link", name="Edit the showing").click()
    page.get_by_label("Address").fill("275 rue Notre-Dame Est, Montréal")
    page.get_by_label("Saturday, opens").fill("10:00")
    page.get_by_label("Saturday, closes").fill("16:00")
    page.get_by_role("button", name="Save changes").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Vivre ensemble à Montréal (démo)")
    expect(page.get_by_role("row", name="Saturday 10:00\u201316:00")).to_be_visible()
    assert Showing.objects.get(city__slug="montreal").opening_hours["5"] == ["10:00", "16:00"]

    moderator = open_page(PHONE)
    sign_in(moderator, "moderator.montreal@example.org")
    moderator.goto("/exhibition/cities/montreal/")
    moderator.get_by_role("link", name="Type in comments written on paper").click()
    moderator.get_by_label("What they wrote").fill("Des bancs à l'ombre, s'il vous plaît !")
    moderator.get_by_label("First name").fill("Lucie")
    moderator.get_by_role("button", name="Publish the comment").click()
    expect(moderator.get_by_text("The comment is published.")).to_be_visible()
    moderator.locator(".paper-list a").first.click()
    expect(moderator.get_by_text("Des bancs à l'ombre, s'il vous plaît !")).to_be_visible()
    expect(moderator.get_by_text("written on paper at the exhibition in Montréal")).to_be_visible()
    for viewport in (PHONE, DESKTOP):
        for browser_page, path in ((page, "/me/showing/"), (page, "/exhibition/cities/montreal/"),
                                   (moderator, "/exhibition/cities/montreal/paper/")):  # fmt: skip
            browser_page.set_viewport_size(viewport)
            browser_page.goto(path)
            violations = Axe().run(browser_page).response["violations"]
            assert not [v["id"] for v in violations if v["impact"] in SERIOUS], (path, viewport)


def test_the_screen_at_the_venue_advances_by_itself(open_page, demo):
    call_command("compile_exhibition")
    page = open_page({"width": 1920, "height": 1080})

    page.goto("/exhibition/cities/montreal/screen/?seconds=3")

    slides = page.locator(".slide")
    expect(slides.nth(0)).to_be_visible()
    first = slides.nth(0).get_by_role("heading", level=1).inner_text()
    expect(slides.nth(1)).to_be_visible(timeout=6000)
    expect(slides.nth(0)).to_be_hidden()
    # A topic takes up to three slides, each fitting the screen: summary and figures, outcomes, practices.
    assert slides.nth(0).locator(".figures").count() == 1 and slides.nth(0).locator("li").count() == 0
    assert slides.nth(1).get_by_role("heading", level=1).inner_text() == first
    assert slides.nth(1).locator("ol li").count() > 0 and slides.nth(2).locator("ul li").count() > 0
    assert slides.nth(3).get_by_role("heading", level=1).inner_text() != first
    assert page.locator(".slide-qr svg").first.count() == 1
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.slide li')).fontSize)")
    assert size >= 32  # read from a few metres on a 1920x1080 screen
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        violations = Axe().run(page).response["violations"]
        assert not [v["id"] for v in violations if v["impact"] in SERIOUS], viewport


@pytest.mark.parametrize("language", ["en", "de", "fr"])
def test_the_screen_fits_1920_by_1080_without_scrolling_with_long_texts_and_the_newest_comments(
    open_page, demo, language
):
    call_command("compile_exhibition")
    showing = Showing.objects.get(city__slug="montreal")
    showing.language = language
    showing.save()
    thread = Thread.objects.get(key="topic:healthy-cities")
    long = "Stadtteilgesundheitszentren und Bürgerbeteiligungsverfahren für alle Generationen " * 8
    for number in range(6):
        comment_post(thread=thread, user=UserFactory(), body=f"{number}: {long}", scope=showing_scope(showing))
    page = open_page({"width": 1920, "height": 1080})

    page.goto("/exhibition/cities/montreal/screen/?seconds=3")

    expect(page.locator(".comments li").first).to_contain_text("5: Stadtteil")  # the newest first
    for number in range(3):
        current = page.locator(".slide").nth(number)
        expect(current).to_be_visible(timeout=6000)
        box = current.bounding_box()
        comments = page.locator(".comments").bounding_box()
        assert page.evaluate("document.documentElement.scrollHeight") <= 1080
        assert box["y"] + box["height"] <= comments["y"] + 1  # the slide ends where the comments begin
        assert comments["y"] + comments["height"] <= 1080  # and the comments are whole on the screen
        assert current.locator(".slide-qr svg").bounding_box()["height"] > 150  # scannable from a few metres
        text = current.locator(".slide-text")
        assert not text.evaluate("text => text.scrollHeight > text.clientHeight")  # nothing clipped


def test_the_offline_copy_opens_from_a_folder_without_any_network(
    open_page, demo, tmp_path, django_capture_on_commit_callbacks
):
    stored = default_storage.save("practices/shade.jpg", ContentFile(jpeg_bytes()))
    practice = BestPractice.objects.filter(topic__slug="healthy-cities", public_title__gt="").first()
    practice.public_cover = practice.images.create(original=stored, alt_text="Trees over a schoolyard",
                                                   card=stored, poster=stored, thumbnail=stored)  # fmt: skip
    practice.save()
    call_command("compile_exhibition")
    showing = Showing.objects.get(city__slug="montreal")
    with django_capture_on_commit_callbacks(execute=True):
        showing_kit_start(showing=showing)
    showing.refresh_from_db()
    with showing.kit.open("rb") as stored:
        zipfile.ZipFile(io.BytesIO(stored.read())).extractall(tmp_path)
    page = open_page(DESKTOP)
    requests = []
    page.on("request", lambda request: requests.append(request.url))

    page.goto((tmp_path / "offline" / "index.html").as_uri())
    page.get_by_role("link", name="Villes en bonne santé").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Villes en bonne santé")
    expect(page.get_by_role("img", name="Trees over a schoolyard")).to_be_visible()
    assert page.evaluate("Array.from(document.images).every(image => image.complete && image.naturalWidth > 0)")
    background = page.evaluate("getComputedStyle(document.querySelector('.topic-band')).backgroundColor")
    assert background not in ("", "rgba(0, 0, 0, 0)")  # the topic's colour: its CSS came along
    page.goto((tmp_path / "offline" / "screen.html").as_uri())
    expect(page.locator(".slide").first).to_be_visible()
    assert requests and all(url.startswith("file://") for url in requests), [u for u in requests if "file" not in u]
