import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, SERIOUS


def test_a_reader_opens_the_declaration_on_a_phone_and_copies_a_clause_link(open_page, demo):
    page = open_page(PHONE, permissions=["clipboard-read", "clipboard-write"])
    page.goto("/")
    page.get_by_text("Menu", exact=True).click()
    page.get_by_role("link", name="Declarations", exact=True).click()
    page.get_by_role("link", name="Düsseldorf Declaration on Living Together").click()

    expect(page.get_by_role("heading", level=2, name="35 signatory cities")).to_be_visible()
    expect(page.locator("#clause-2")).to_contain_text("exchanging models of coexistence")
    page.get_by_role("link", name="Link to clause 2").click()

    expect(page.get_by_text("Address copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()").endswith("/declarations/duesseldorf-2019/#clause-2")
    assert page.url.endswith("#clause-2")
    assert page.locator(".site-main, main").first.evaluate("(main) => main.scrollWidth <= window.innerWidth")


def test_declaration_pages_have_no_serious_accessibility_violations(open_page, demo):
    axe = Axe()
    for viewport in (PHONE, DESKTOP):
        page = open_page(viewport)
        for path in ("/declarations/", "/declarations/duesseldorf-2019/", "/declarations/montreal-2015/?lang=fr"):
            page.goto(path)
            violations = [
                f"{violation['id']}: {violation['help']}"
                for violation in axe.run(page).response["violations"]
                if violation["impact"] in SERIOUS
            ]
            assert violations == [], f"{path} at {viewport['width']}px"
    assert re.search(r"signed on paper", page.content()) is None  # the reference text lists no signatures
