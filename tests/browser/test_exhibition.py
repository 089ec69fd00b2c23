import re
import uuid

from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from summit.models import User
from tests.browser.conftest import PHONE, TABLET
from workshops.models import Workshop


def test_citizen_walks_from_home_to_a_topic_exhibit_and_its_poster(open_page, demo):
    call_command("compile_exhibition")
    page = open_page(PHONE)
    page.goto("/")

    page.get_by_role("link", name="Visit the exhibition").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Exhibition")
    expect(page.get_by_role("img", name="Workshop outcomes per topic")).to_be_visible()
    page.get_by_role("link", name="Healthy Cities").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Healthy Cities")
    top = page.locator(".exhibit-outcomes")  # the most-voted outcomes (the themes below name them again)
    expect(top.get_by_text("Try a car-free street for one summer month")).to_be_visible()

    with page.expect_response(lambda response: response.url.endswith(".pdf")) as poster:
        page.get_by_role("link", name="Poster (PDF)").click()
    assert poster.value.status == 200
    assert poster.value.headers["content-type"] == "application/pdf"
    assert poster.value.url.endswith("/exhibition/editions/1/posters/healthy-cities.pdf")

    page.go_back()
    page.get_by_role("link", name="Workshop: Healthy Cities").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Workshop: Healthy Cities")
    expect(page.get_by_role("heading", name="Solution", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Discussion")).to_be_visible()


def test_exhibition_pages_have_no_serious_accessibility_violations(open_page, demo):
    call_command("compile_exhibition")
    workshop = Workshop.objects.order_by("pk").first()
    paths = [
        "/exhibition/",
        "/exhibition/topics/healthy-cities/",
        f"/exhibition/workshops/{workshop.pk}/",
        "/exhibition/editions/",
        "/exhibition/cities/montreal/",
        "/exhibition/cities/montreal/topics/healthy-cities/",
        "/",
    ]
    axe = Axe()
    for viewport in (PHONE, TABLET):
        page = open_page(viewport)
        for path in paths:
            page.goto(path)
            violations = [
                f"{violation['id']}: {violation['help']}"
                for violation in axe.run(page).response["violations"]
                if violation["impact"] in {"serious", "critical"}
            ]
            assert violations == [], f"{path} at {viewport['width']}px"


def test_citizen_from_the_qr_code_signs_up_comments_and_a_mayor_answers(open_page, demo, sign_in):
    call_command("compile_exhibition")
    citizen = open_page(PHONE)
    citizen.goto("/exhibition/topics/healthy-cities/")
    citizen.get_by_text("Menu", exact=True).click()
    citizen.get_by_role("link", name="Sign in", exact=True).click()
    citizen.get_by_role("link", name=re.compile("sign up", re.IGNORECASE)).click()
    citizen.get_by_label("Your name").fill("Ada Citizen")
    citizen.get_by_label("Email").fill("ada@example.org")
    citizen.get_by_label(re.compile(r"^Password:?$")).fill("citizens-password-2019")
    citizen.get_by_label("Password (again)").fill("citizens-password-2019")
    citizen.get_by_role("button", name=re.compile("Sign up", re.IGNORECASE)).click()
    link = re.search(r"(/accounts/confirm-email/\S+/)", mail.outbox[-1].body).group(1)
    citizen.goto(link)
    citizen.get_by_role("button", name="Confirm").click()
    citizen.goto("/exhibition/topics/healthy-cities/")
    citizen.get_by_label("Your comment").fill("Could Düsseldorf open schoolyards in summer?")
    expect(citizen.get_by_text("44 / 2000")).to_be_visible()
    citizen.evaluate("window.stayedOnPage = true")
    citizen.get_by_role("button", name="Post comment").click()
    expect(citizen.get_by_text("Your comment is published.")).to_be_visible()
    expect(citizen.locator(".comment", has_text="Could Düsseldorf open schoolyards")).to_have_count(1)
    # htmx swapped the discussion in place: no page load happened.
    assert citizen.evaluate("window.stayedOnPage === true")

    mayor = open_page(TABLET)
    sign_in(mayor, "mayor.duesseldorf@example.org")
    mayor.goto("/exhibition/topics/healthy-cities/")
    question = mayor.locator(".comment", has_text="Could Düsseldorf open schoolyards")
    question.get_by_text("Reply", exact=True).click()
    question.get_by_label("Your reply").fill("Yes: twelve schoolyards open this summer.")
    question.get_by_role("button", name="Post reply").click()
    expect(mayor.get_by_text("Official answer — Mayor of Düsseldorf")).to_be_visible()

    citizen.reload()
    expect(citizen.get_by_text("Official answer — Mayor of Düsseldorf")).to_be_visible()
    expect(citizen.get_by_text("Yes: twelve schoolyards open this summer.")).to_be_visible()


def test_guest_comments_at_a_showing_and_its_moderator_publishes_it(open_page, demo, sign_in):
    call_command("compile_exhibition")
    guest = open_page(PHONE)
    guest.goto("/exhibition/cities/montreal/")
    expect(guest.get_by_role("heading", level=1)).to_have_text("Vivre ensemble à Montréal (démo)")
    guest.get_by_role("link", name="Healthy Cities").click()
    guest.get_by_label("Your name").fill("Camille")
    guest.get_by_label("Your comment").fill("Des ruelles vertes dans Rosemont, comme à Düsseldorf ?")
    guest.get_by_role("button", name="Post comment").click()
    expect(guest.get_by_text("will appear once a moderator has read it")).to_be_visible()

    moderator = open_page(TABLET)
    sign_in(moderator, "moderator.montreal@example.org")
    moderator.goto("/admin/discussion/comment/?status__exact=pending")
    row = moderator.get_by_role("row").filter(has_text="Des ruelles vertes")
    row.get_by_role("checkbox").check()
    moderator.get_by_label("Action:").select_option(label="Publish selected comments")
    moderator.get_by_role("button", name="Go").click()
    expect(moderator.get_by_text("1 comments published.")).to_be_visible()

    guest.goto("/exhibition/cities/montreal/topics/healthy-cities/")
    expect(guest.get_by_text("Des ruelles vertes dans Rosemont, comme à Düsseldorf ?")).to_be_visible()
    guest.goto("/exhibition/topics/healthy-cities/")
    expect(guest.get_by_text("Des ruelles vertes dans Rosemont")).to_have_count(0)


def test_city_downloads_its_poster_kit_once_it_is_prepared(open_page, demo):
    call_command("compile_exhibition")
    page = open_page(TABLET)
    page.goto("/exhibition/cities/montreal/")

    page.get_by_role("link", name="Download the poster kit (ZIP)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Poster kit")
    # The progress follows the build by itself and turns into the download link.
    ready = page.get_by_role("link", name="Download the poster kit (ZIP)")
    expect(ready).to_be_visible(timeout=60_000)
    with page.expect_download() as download:
        ready.click()
    assert download.value.suggested_filename == "poster-kit-montreal-edition-1.zip"


def test_organiser_sets_up_a_citys_showing_in_the_admin(open_page, demo, sign_in):
    call_command("compile_exhibition")
    organiser = open_page(TABLET)
    sign_in(organiser, "organiser@example.org")
    organiser.goto("/admin/exhibition/showing/add/")

    organiser.locator("#id_city + .select2").click()
    organiser.locator(".select2-container--open .select2-search__field").fill("Glasg")
    organiser.get_by_role("option", name="Glasgow").click()
    organiser.get_by_label("Title:").fill("Living Together in Glasgow")
    organiser.get_by_label("Opens:").fill("2019-09-01")
    organiser.get_by_label("Closes:").fill("2019-09-30")
    organiser.get_by_label("Venue:").fill("The Lighthouse, 11 Mitchell Lane")
    organiser.locator("#id_moderators + .select2 .select2-search__field").fill("citizen@")
    organiser.get_by_role("option", name="Chris Citizen").click()
    organiser.get_by_role("button", name="Save", exact=True).click()
    expect(organiser.get_by_text("was added successfully")).to_be_visible()
    assert User.objects.get(email="citizen@example.org").is_staff

    public = open_page(PHONE)
    public.goto("/cities/glasgow/")
    public.get_by_role("link", name="Living Together in Glasgow").click()
    expect(public.get_by_role("heading", level=1)).to_have_text("Living Together in Glasgow")
    expect(public.get_by_text("The Lighthouse, 11 Mitchell Lane")).to_be_visible()


def test_a_new_outcome_is_marked_new_on_the_topic_exhibit_after_the_next_compile(open_page, demo):
    call_command("compile_exhibition")
    workshop = Workshop.objects.get(topic__slug="healthy-cities")
    workshop.outcomes.create(uuid=uuid.uuid4(), kind="commitment", text="Vienna plants 500 street trees", order=99)
    call_command("compile_exhibition")
    page = open_page(PHONE)

    page.goto("/exhibition/topics/healthy-cities/")

    entry = page.get_by_role("listitem").filter(has_text="Vienna plants 500 street trees")
    expect(entry.locator(".badge-new")).to_have_text("New in edition 2")
    page.goto("/exhibition/editions/2/")
    page.get_by_role("link", name="What is new since edition 1").click()
    expect(page.get_by_text("Vienna plants 500 street trees")).to_be_visible()
    violations = [v["id"] for v in Axe().run(page).response["violations"] if v["impact"] in {"serious", "critical"}]
    assert violations == []
