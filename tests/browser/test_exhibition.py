from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, TABLET


def test_citizen_walks_from_home_to_a_topic_exhibit_and_its_poster(open_page, demo):
    call_command("compile_exhibition")
    page = open_page(PHONE)
    page.goto("/")

    page.get_by_role("link", name="Visit the exhibition").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Exhibition")
    expect(page.get_by_role("img", name="Workshop outcomes per topic")).to_be_visible()
    page.get_by_role("link", name="Healthy Cities").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Healthy Cities")
    expect(page.get_by_text("Try a car-free street for one summer month")).to_be_visible()

    with page.expect_response(lambda response: response.url.endswith(".pdf")) as poster:
        page.get_by_role("link", name="Poster (PDF)").click()
    assert poster.value.status == 200
    assert poster.value.headers["content-type"] == "application/pdf"
    assert poster.value.url.endswith("/exhibition/editions/1/posters/healthy-cities.pdf")


def test_exhibition_pages_have_no_serious_accessibility_violations(open_page, demo):
    call_command("compile_exhibition")
    axe = Axe()
    for viewport in (PHONE, TABLET):
        page = open_page(viewport)
        for path in ("/exhibition/", "/exhibition/topics/healthy-cities/", "/exhibition/editions/", "/"):
            page.goto(path)
            violations = [
                f"{violation['id']}: {violation['help']}"
                for violation in axe.run(page).response["violations"]
                if violation["impact"] in {"serious", "critical"}
            ]
            assert violations == [], f"{path} at {viewport['width']}px"
