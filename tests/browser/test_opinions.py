"""Opinions in the browser: a showing's kiosk takes votes with big buttons and starts afresh after a minute without
a touch; a citizen proposes a statement on a phone and an organiser shows it; a showing's moderator types in the
voting wall on a tablet and the shares count it; the opinion pages hold no serious accessibility problem."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import expect

from opinions.models import PaperTally, Statement, Vote
from tests.browser.conftest import DESKTOP, PHONE, SERIOUS, TABLET

KIOSK = "/exhibition/cities/montreal/topics/healthy-cities/statements/?kiosk=1"
STATEMENTS = "/exhibition/topics/healthy-cities/statements/"


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


def test_a_citizen_proposes_a_statement_on_a_phone_and_an_organiser_shows_it(open_page, compiled, sign_in):
    wording = "Every school street should be closed to cars when the school day starts."
    citizen = open_page(PHONE)
    sign_in(citizen, "citizen@example.org")
    citizen.goto(STATEMENTS)
    citizen.get_by_label("Your statement").fill(wording)
    citizen.get_by_role("button", name="Propose the statement").click()
    expect(citizen.get_by_text("The organisers read your statement before others can weigh it.")).to_be_visible()
    expect(citizen.locator(".proposal-list")).to_contain_text(wording)

    organiser = open_page(DESKTOP)
    sign_in(organiser, "organiser@example.org")
    organiser.goto("/admin/opinions/statement/?source__exact=citizen")
    organiser.locator("input[name=_selected_action]").first.check()
    organiser.get_by_label("Action:").select_option(label="Show the selected statements (a proposal too)")
    organiser.get_by_role("button", name="Go").click()
    expect(organiser.get_by_text("1 statements shown.")).to_be_visible()

    assert Statement.objects.get(text=wording).status == "shown"
    citizen.goto(STATEMENTS)
    expect(citizen.locator(".proposal-list")).to_contain_text("Shown")


def test_a_moderator_types_in_the_voting_wall_on_a_tablet(open_page, compiled, sign_in):
    page = open_page(TABLET)
    sign_in(page, "moderator.montreal@example.org")
    page.goto("/exhibition/cities/montreal/")
    page.get_by_role("link", name="Type in the voting wall's counts").click()
    expect(page.get_by_role("heading", name=re.compile("The voting wall"))).to_be_visible()
    first = page.locator(".tally-table tbody tr").first
    first.locator("input").nth(0).fill("14")
    first.locator("input").nth(1).fill("-2")
    page.get_by_role("button", name="Save the wall's counts").click()
    expect(page.get_by_role("alert")).to_contain_text("Counts are whole numbers, 0 or more")
    assert not PaperTally.objects.exists()

    first = page.locator(".tally-table tbody tr").first
    first.locator("input").nth(1).fill("6")
    page.get_by_role("button", name="Save the wall's counts").click()
    expect(page.get_by_text("1 statement carries paper votes")).to_be_visible()
    tally = PaperTally.objects.get()
    assert (tally.scope, tally.agree, tally.disagree) == ("showing:montreal", 14, 6)

    page.get_by_role("link", name="What do you think?").click()
    expect(page.get_by_text("20 on paper").first).to_be_visible()


def test_opinion_pages_have_no_serious_accessibility_violations(open_page, compiled):
    axe = Axe()
    page = open_page(PHONE)
    for path in ("/exhibition/opinions/", STATEMENTS, KIOSK):
        page.goto(path)
        violations = [
            f"{violation['id']}: {violation['help']}"
            for violation in axe.run(page).response["violations"]
            if violation["impact"] in SERIOUS
        ]
        assert violations == [], f"{path}: {violations}"
