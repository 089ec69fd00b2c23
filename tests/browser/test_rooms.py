"""A workshop's room in the browser: the facilitator prepares polls on a tablet with the keyboard, a phone joins by
typing the code and answers three kinds of poll, and the room's screen follows on its own."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from rooms.services import poll_create, poll_open, poll_show, room_ensure
from tests.browser.conftest import DESKTOP, PHONE, SERIOUS, TABLET
from tests.factories import PASSWORD, FacilitatorFactory, OutcomeFactory, WorkshopFactory
from workshops.hosting import room_key

SCREEN = {"width": 1920, "height": 1080}


@pytest.fixture
def room(transactional_db):
    workshop = WorkshopFactory(programme_item__title="Workshop: Healthy Cities")
    workshop.facilitators.add(FacilitatorFactory(email="facilitator@example.org"))
    for text in ("Shade in every schoolyard", "Benches that invite a chat"):
        OutcomeFactory(workshop=workshop, text=text)
    return room_ensure(key=room_key(workshop))


def prepare(console, question: str, kind: str, options: str = ""):
    """Fill in "Prepare a poll" by keyboard alone: tab between the fields, Enter to send."""
    console.get_by_label("Question").focus()
    console.keyboard.type(question)
    console.keyboard.press("Tab")
    console.get_by_label("Kind").select_option(label=kind)
    if options:
        console.get_by_label("Options").focus()
        console.keyboard.type(options)
    console.get_by_label("Question").press("Enter")
    expect(console.get_by_text("The poll is prepared.")).to_be_visible()


def step(console, question: str, label: str):
    console.locator(".console-poll", has_text=question).get_by_role("button", name=label).click()


def test_a_phone_joins_by_code_answers_three_kinds_of_poll_and_the_screen_follows(open_page, room, sign_in):
    console = open_page(TABLET)
    sign_in(console, "facilitator@example.org", PASSWORD)
    console.goto(f"/rooms/{room.code}/console/")
    prepare(console, "Where should shade come first?", "Single choice", "Schoolyards\nBus stops")
    prepare(console, "How safe do you feel at night?", "Scale")
    prepare(console, "One word for your street?", "Word cloud")
    screen = open_page(SCREEN)
    screen.goto(f"/rooms/{room.code}/screen/")
    expect(screen.locator(".screen-code")).to_have_text(room.code)
    phone = open_page(PHONE)
    phone.goto("/join/")
    phone.get_by_label("The room's code").fill(room.code.lower())
    phone.get_by_role("button", name="Join").click()
    expect(phone.get_by_text("No poll is open right now")).to_be_visible()

    step(console, "Where should shade come first?", "Open")
    step(console, "Where should shade come first?", "Show on the screen")
    phone.get_by_label("Bus stops").check(timeout=5_000)  # the poll appears on the phone by itself
    phone.get_by_role("button", name="Send my answer").click()
    expect(phone.get_by_text("Your answer counts.")).to_be_visible()
    expect(screen.locator(".poll-count")).to_have_text("1 answer", timeout=5_000)
    expect(screen.locator("desc")).to_have_text("Schoolyards: 0; Bus stops: 1")

    step(console, "How safe do you feel at night?", "Open")
    step(console, "How safe do you feel at night?", "Show on the screen")
    phone.get_by_label("4", exact=True).check(timeout=5_000)
    phone.get_by_role("button", name="Send my answer").click()
    expect(screen.locator(".poll-mean")).to_have_text("Average: 4.0", timeout=5_000)

    step(console, "One word for your street?", "Open")
    step(console, "One word for your street?", "Show on the screen")
    console.locator(".console-poll.is-open").get_by_role("button", name="Close").focus()
    phone.get_by_label("One word for your street?").fill("Trees", timeout=5_000)
    phone.get_by_role("button", name="Send my answer").click()
    # The console refreshes with the answer, and a keyboard user's focus stays on the button it was on.
    expect(console.locator(".console-poll.is-open .poll-count")).to_have_text("1 answer", timeout=5_000)
    assert console.evaluate("document.activeElement.textContent") == "Close"
    expect(screen.locator(".word-cloud text")).to_have_text(["Trees"], timeout=5_000)
    # The screen fits 1920 by 1080 without scrolling, and keeps its last state when the network drops.
    assert screen.evaluate("document.scrollingElement.scrollHeight <= window.innerHeight")
    screen.context.set_offline(True)
    screen.wait_for_event("requestfailed", timeout=5_000)
    expect(screen.locator(".word-cloud text")).to_have_text(["Trees"])
    screen.context.set_offline(False)
    phone.context.set_offline(True)  # the phone, too, keeps its poll through a lost network
    phone.wait_for_event("requestfailed", timeout=5_000)
    expect(phone.get_by_label("One word for your street?")).to_have_value("Trees")
    phone.context.set_offline(False)
    # The phone's answer can be changed while the poll is open; the console counts it once.
    phone.get_by_label("One word for your street?").fill("Benches")
    phone.get_by_role("button", name="Change my answer").click()
    expect(console.locator(".console-poll.is-open .poll-count")).to_have_text("1 answer", timeout=5_000)


def test_room_pages_have_no_serious_accessibility_violations(open_page, room, sign_in):
    poll = poll_create(room=room, kind="multiple", question="Which tools?", options=["Maps", "Apps"], by=None)
    poll_show(poll=poll_open(poll=poll, by=None), shown=True, by=None)
    axe = Axe()
    for viewport in (PHONE, DESKTOP):
        page = open_page(viewport)
        sign_in(page, "facilitator@example.org", PASSWORD)
        page.goto(f"/join/{room.code}/")
        for path in ("/join/", f"/rooms/{room.code}/", f"/rooms/{room.code}/screen/", f"/rooms/{room.code}/console/"):
            page.goto(path)
            violations = [
                f"{violation['id']}: {violation['help']}"
                for violation in axe.run(page).response["violations"]
                if violation["impact"] in SERIOUS
            ]
            assert violations == [], f"{path} at {viewport['width']}px: {violations}"
        assert re.search(r"Which tools\?", page.content())
