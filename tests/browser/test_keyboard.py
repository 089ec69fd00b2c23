"""Keyboard only: a citizen signs up, comments, replies and reports; a facilitator signs in, adds, edits and votes
on outcomes. Every step is reached with Tab and done with Enter or Space (typing aside), and whatever has the
focus shows it."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import Locator, Page, expect

from discussion.models import Thread
from discussion.services import comment_post
from hubs.demo.data import DEMO_PASSWORD
from summit.models import User
from tests.browser.conftest import DESKTOP, TABLET
from workshops.models import Workshop

FOCUS_SHOWN = """() => {
  const style = getComputedStyle(document.activeElement);
  const outlined = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  return outlined || style.boxShadow !== "none";
}"""


def tab_to(page: Page, target: Locator, *, limit: int = 400) -> None:
    """Press Tab until `target` has the focus (at most `limit` presses), and check that the focus can be seen."""
    for _press in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            assert page.evaluate(FOCUS_SHOWN), f"{target} has the focus but does not show it"
            return
    pytest.fail(f"{target} was not reached with Tab in {limit} presses")


def type_into(page: Page, target: Locator, text: str) -> None:
    tab_to(page, target)
    page.keyboard.type(text)


def press(page: Page, target: Locator, key: str = "Enter") -> None:
    tab_to(page, target)
    page.keyboard.press(key)


def test_a_citizen_signs_up_comments_replies_and_reports_with_the_keyboard_alone(open_page, demo):
    call_command("compile_exhibition")
    thread = Thread.objects.get(key="topic:healthy-cities")
    comment_post(thread=thread, user=User.objects.get(email="mayor.montreal@example.org"), body="Trees in Montréal.")
    page = open_page(DESKTOP)

    page.goto("/accounts/signup/")
    type_into(page, page.get_by_label("Your name"), "Kay Board")
    type_into(page, page.get_by_label("Email"), "kay@example.org")
    type_into(page, page.get_by_label(re.compile(r"^Password:?$")), "keyboard-password-2019")
    type_into(page, page.get_by_label("Password (again)"), "keyboard-password-2019")
    press(page, page.get_by_role("button", name=re.compile("Sign up", re.IGNORECASE)))
    expect(page.get_by_role("heading", name=re.compile("Verify", re.IGNORECASE))).to_be_visible()
    page.goto(re.search(r"(/accounts/confirm-email/\S+/)", mail.outbox[-1].body).group(1))  # the link in the email
    press(page, page.get_by_role("button", name="Confirm"))
    expect(page.get_by_role("button", name="Sign out")).to_be_attached()

    page.goto("/exhibition/topics/healthy-cities/")  # as the poster's QR code opens it
    type_into(page, page.get_by_label("Your comment"), "Shade on every schoolyard, please.")
    press(page, page.get_by_role("button", name="Post comment"))
    expect(page.get_by_text("Your comment is published.")).to_be_visible()

    own = page.locator(".comment", has_text="Shade on every schoolyard").first
    press(page, own.get_by_text("Reply", exact=True))
    type_into(page, own.get_by_label("Your reply"), "And water for the trees.")
    press(page, own.get_by_role("button", name="Post reply"))
    expect(page.get_by_text("And water for the trees.")).to_be_visible()

    other = page.locator(".comment", has_text="Trees in Montréal.")
    press(page, other.get_by_text("Report", exact=True))
    type_into(page, other.get_by_label("Why should a moderator look at this?"), "Off topic")
    press(page, other.get_by_role("button", name="Report to a moderator"))
    expect(page.get_by_text("Thank you. A moderator will look at this comment.")).to_be_visible()


def test_a_facilitator_adds_edits_and_votes_on_outcomes_with_the_keyboard_alone(open_page, demo):
    workshop = Workshop.objects.get(topic__slug="healthy-cities")
    page = open_page(TABLET)

    page.goto("/accounts/login/")
    type_into(page, page.get_by_label("Email"), "facilitator@example.org")
    type_into(page, page.get_by_label("Password"), DEMO_PASSWORD)
    press(page, page.get_by_role("button", name=re.compile("Sign in", re.IGNORECASE)))
    expect(page).not_to_have_url(re.compile("/accounts/login/"))
    page.goto(f"/workshops/{workshop.pk}/")

    # Tab reaches the kind that is chosen; the arrow keys choose another, as in any group of radio buttons.
    press(page, page.get_by_label("Insight", exact=True), "ArrowRight")
    expect(page.get_by_label("Challenge", exact=True)).to_be_checked()
    type_into(page, page.get_by_label("What was said"), "Parents park on the school street")
    press(page, page.get_by_role("button", name="Add outcome"))
    added = page.locator("#outcome-list > li", has_text="Parents park on the school street")
    expect(added).to_have_count(1)
    expect(page.locator("#sync-status")).to_have_text("All saved")
    outcome = workshop.outcomes.get(text="Parents park on the school street")
    assert outcome.kind == "challenge"

    item = page.locator(f"#{added.get_attribute('id')}")
    press(page, item.get_by_role("button", name="Edit"))
    editor = item.get_by_role("textbox")
    expect(editor).to_be_focused()
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type("Parents park on the school street at 8 am")
    press(page, item.get_by_role("button", name="Save"))
    expect(item.locator(".outcome-text")).to_have_text("Parents park on the school street at 8 am")
    # The save has settled (its swap done) before the focus moves on, so the focused button is not swapped away.
    expect(page.locator("#sync-status")).to_have_text("All saved")

    with page.expect_response(lambda response: "/vote/" in response.url):
        press(page, item.get_by_role("button", name="Add a dot"), "Space")
    expect(item.locator(".vote-count")).to_have_text(re.compile(r"^1\b"))
    expect(page.locator("#sync-status")).to_have_text("All saved")
    outcome.refresh_from_db()
    assert (outcome.text, outcome.votes) == ("Parents park on the school street at 8 am", 1)
