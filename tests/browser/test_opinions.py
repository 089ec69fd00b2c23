"""A showing's kiosk in the browser: visitors weigh statements with big buttons, and after a minute without a
touch the kiosk starts afresh for the next person; the opinion pages hold no serious accessibility problem."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import expect

from opinions.models import Vote
from tests.browser.conftest import PHONE, SERIOUS, TABLET

KIOSK = "/exhibition/cities/montreal/topics/healthy-cities/statements/?kiosk=1"


@pytest.fixture
def compiled(demo):
    call_command("compile_exhibition")


def test_a_kiosk_takes_votes_with_big_buttons_and_starts_afresh_after_a_minute(open_page, compiled):
    page = open_page(TABLET, has_touch=True)
    page.clock.install()
    page.goto(KIOSK)
    agree = page.get_by_role("button", name="Agree", exact=True)
    assert agree.bounding_box()["height"] >= 90  # big enough for anyone passing
    expect(page.get_by_text("Statement 1 of")).to_be_visible()
    before = Vote.objects.filter(scope="showing:montreal").count()

    agree.tap()
    expect(page.get_by_text("Statement 2 of")).to_be_visible()
    page.get_by_role("button", name="Pass").tap()
    expect(page.get_by_text("Statement 3 of")).to_be_visible()
    assert Vote.objects.filter(scope="showing:montreal").count() == before + 2

    page.clock.run_for(61_000)  # a minute without a touch: the next person starts at the first statement
    expect(page.get_by_text("Statement 1 of")).to_be_visible()


def test_opinion_pages_have_no_serious_accessibility_violations(open_page, compiled):
    axe = Axe()
    page = open_page(PHONE)
    for path in ("/exhibition/opinions/", "/exhibition/topics/healthy-cities/statements/", KIOSK):
        page.goto(path)
        violations = [
            f"{violation['id']}: {violation['help']}"
            for violation in axe.run(page).response["violations"]
            if violation["impact"] in SERIOUS
        ]
        assert violations == [], f"{path}: {violations}"
