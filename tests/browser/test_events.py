import datetime
import re

from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from events.models import Event, PressRelease, Registration
from summit.models import ProgrammeItem
from tests.browser.conftest import DESKTOP, PHONE, SERIOUS


def upcoming_discussion() -> ProgrammeItem:
    """The demo's first public discussion, moved to next week so that it takes sign-ups."""
    item = ProgrammeItem.objects.filter(kind="public_discussion").order_by("starts_at").first()
    item.starts_at = timezone.now().replace(microsecond=0) + datetime.timedelta(days=7)
    item.ends_at = item.starts_at + datetime.timedelta(hours=2)
    item.save()
    return item


def test_a_guest_signs_up_on_a_phone_and_is_checked_in_at_the_door(open_page, demo, sign_in):
    item = upcoming_discussion()
    page = open_page(PHONE)

    page.goto("/programme/")
    page.get_by_role("link", name=item.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(item.title)
    expect(page.get_by_text("150 places left of 150.")).to_be_visible()
    page.get_by_label("Your name").fill("Ada Guest")
    page.get_by_label("Email").fill("ada@example.org")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_text("Nearly there: open the link we have just emailed to ada@example.org.")).to_be_visible()

    page.goto(re.search(r"http://[^/]+(/programme/registrations/\S+/)", mail.outbox[-1].body).group(1))
    page.get_by_role("button", name="Confirm my sign-up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Place confirmed")
    code = Registration.objects.get(email="ada@example.org").code
    expect(page.locator(".ticket-code")).to_have_text(code)
    expect(page.get_by_role("img", name="Your code")).to_be_visible()

    door = open_page(PHONE)
    sign_in(door, "organiser@example.org")
    door.goto(item.get_absolute_url())
    door.get_by_role("link", name="The door: check people in").click()
    door.get_by_label("Code", exact=True).fill(code.lower())
    door.get_by_role("button", name="Check in", exact=True).click()
    expect(door.get_by_text("Welcome, Ada Guest: checked in.")).to_be_visible()
    expect(door.get_by_text("1 of 1 in.")).to_be_visible()


def test_event_pages_have_no_serious_accessibility_violations(open_page, demo, sign_in):
    item = upcoming_discussion()
    registration = Registration.objects.create(
        event=Event.objects.get(item=item), name="Ada", email="ada@example.org", status="confirmed"
    )
    axe = Axe()
    for viewport in (PHONE, DESKTOP):
        page = open_page(viewport)
        sign_in(page, "organiser@example.org")
        for path in (item.get_absolute_url(), registration.get_absolute_url(), f"/programme/{item.pk}/check-in/"):
            page.goto(path)
            violations = [
                f"{violation['id']}: {violation['help']}"
                for violation in axe.run(page).response["violations"]
                if violation["impact"] in SERIOUS
            ]
            assert violations == [], f"{path} at {viewport['width']}px"


SCREEN = {"width": 1920, "height": 1080}


def test_a_citizen_signs_up_then_asks_from_a_phone_a_moderator_shortlists_it_and_the_screen_shows_it(
    open_page, demo, sign_in
):
    item = upcoming_discussion()
    Event.objects.filter(item=item).update(questions_open=True)
    screen = open_page(SCREEN)
    screen.goto(f"/programme/{item.pk}/screen/")
    expect(screen.get_by_text("Questions from the room will appear here.")).to_be_visible()

    citizen = open_page(PHONE)
    citizen.goto(item.get_absolute_url())  # the day before, the citizen signs up on the phone
    citizen.get_by_label("Your name").fill("Ada Guest")
    citizen.get_by_label("Email").fill("ada@example.org")
    citizen.get_by_role("button", name="Sign up").click()
    citizen.goto(re.search(r"http://[^/]+(/programme/registrations/\S+/)", mail.outbox[-1].body).group(1))
    citizen.get_by_role("button", name="Confirm my sign-up").click()
    expect(citizen.get_by_role("heading", level=1)).to_have_text("Place confirmed")
    # The moderator has the queue open, and is typing who answers a question asked earlier.
    Event.objects.get(item=item).questions.create(text="Who pays for the caretakers?", asker="pass:x")
    moderator = open_page(PHONE)
    sign_in(moderator, "organiser@example.org")
    moderator.goto(f"/programme/{item.pk}/questions/")
    answered_by = moderator.locator(".question", has_text="Who pays").get_by_label("Answered by")
    answered_by.fill("The Mayor of Ar")

    code = screen.locator(".screen-code").inner_text()  # in the room, read off the screen
    assert screen.locator(".screen-ask svg").bounding_box()["width"] >= 200  # the QR code, scannable from afar
    citizen.goto("/join/")
    citizen.get_by_label("The room's code").fill(code.lower())
    citizen.get_by_role("button", name="Join").click()
    expect(citizen.get_by_text("You are in the room")).to_be_visible()
    citizen.get_by_label("Your question").fill("Will schoolyards stay open in the summer holidays?")
    citizen.get_by_label("Your name").fill("Ada")
    citizen.get_by_role("button", name="Ask").click()
    expect(citizen.get_by_text("Thank you: your question is on the list.")).to_be_visible()

    # The queue brings the new question in by itself, and the moderator's typing is neither lost nor interrupted.
    new = moderator.locator('[data-status="waiting"] .question', has_text="Will schoolyards stay open")
    expect(new).to_be_visible(timeout=3_000)
    expect(moderator.locator("#column-waiting")).to_have_text("New (2)")
    expect(answered_by).to_be_focused()
    moderator.keyboard.type("nhem")
    expect(answered_by).to_have_value("The Mayor of Arnhem")
    question = moderator.locator(".question", has_text="Will schoolyards stay open")
    question.get_by_role("button", name="Shortlist").click()
    moderator.locator(".question", has_text="Will schoolyards stay open").get_by_role(
        "button", name="Now answered live"
    ).click()

    # The screen updates itself (every 2 s) without a reload, in type readable from the back of the room.
    live = screen.locator(".screen-question")
    expect(live).to_have_text("Will schoolyards stay open in the summer holidays?", timeout=3_000)
    assert screen.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 48
    # A lost network leaves the last state on the screen, never an error page.
    screen.context.set_offline(True)
    screen.wait_for_event("requestfailed", timeout=5_000)  # a refresh goes unanswered
    expect(live).to_have_text("Will schoolyards stay open in the summer holidays?")
    screen.context.set_offline(False)


def test_question_pages_have_no_serious_accessibility_violations(open_page, demo, sign_in):
    item = upcoming_discussion()
    event = Event.objects.get(item=item)
    event.questions_open = True
    event.save()
    event.questions.create(text="Will schoolyards open?", asker="pass:x", status="live")
    axe = Axe()
    for viewport in (PHONE, DESKTOP):
        page = open_page(viewport)
        sign_in(page, "organiser@example.org")
        page.goto(f"/join/{event.room_code}/")
        page.goto(f"/programme/{item.pk}/ask/?lang=de")
        # Tap targets a thumb can hit, and long German words that hyphenate rather than break anywhere.
        for target in (page.locator(".question-actions summary").first, page.locator(".question-actions button").first):
            assert target.bounding_box()["height"] >= 44
        assert page.evaluate("getComputedStyle(document.querySelector('h1')).hyphens") == "auto"
        assert page.evaluate("document.documentElement.lang") == "de"
        page.goto(f"/programme/{item.pk}/ask/?lang=en")
        for path in ("/join/", f"/programme/{item.pk}/ask/", f"/programme/{item.pk}/questions/",
                     f"/programme/{item.pk}/screen/"):  # fmt: skip
            page.goto(path)
            violations = [
                f"{violation['id']}: {violation['help']}"
                for violation in axe.run(page).response["violations"]
                if violation["impact"] in SERIOUS
            ]
            assert violations == [], f"{path} at {viewport['width']}px: {violations}"


def test_press_pages_have_no_serious_accessibility_violations(open_page, demo):
    release = PressRelease.objects.create(title="Mayors meet in Düsseldorf", body="Thirty-six cities **meet**.",
                                          publish_at=timezone.now() - datetime.timedelta(hours=1))  # fmt: skip
    axe = Axe()
    for viewport in (PHONE, DESKTOP):
        page = open_page(viewport)
        for path in ("/press/", "/press/accreditation/", release.get_absolute_url()):
            page.goto(path)
            violations = [
                f"{violation['id']}: {violation['help']}"
                for violation in axe.run(page).response["violations"]
                if violation["impact"] in SERIOUS
            ]
            assert violations == [], f"{path} at {viewport['width']}px: {violations}"
