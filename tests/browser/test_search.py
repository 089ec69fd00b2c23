"""Finding and following, in a browser: a German search by a stemmed word from the header's box and as one types,
and a citizen who follows a discussion, gets the mayor's answer by email and stops following from it."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from playwright.sync_api import expect

from discussion.models import Thread
from discussion.services import comment_post
from summit.models import City, Topic, User
from tests.browser.conftest import DESKTOP, PHONE, SERIOUS
from tests.factories import approved_practice
from workshops.models import BestPractice


@pytest.fixture
def german_practice(demo):
    return approved_practice(
        city=City.objects.get(slug="dusseldorf"), topic=Topic.objects.get(slug="inclusive-cities"), language="de",
        title="Günstige Wohnungen für junge Familien", summary="Die Stadt baut mit Genossenschaften.",
        body="Seit 2015 entstehen jedes Jahr dreihundert Wohnungen mit gedeckelter Miete.",
    )  # fmt: skip


def test_a_search_in_german_finds_a_practice_written_in_german_by_a_stemmed_word(open_page, german_practice):
    page = open_page(PHONE)
    page.goto("/?lang=de")

    page.get_by_text("Menü").click()
    page.get_by_role("searchbox", name="Website durchsuchen").fill("Wohnung")
    page.get_by_role("searchbox", name="Website durchsuchen").press("Enter")

    expect(page).to_have_url(re.compile(r"/search/\?q=Wohnung"))
    result = page.locator(".search-result").filter(has_text="Günstige Wohnungen für junge Familien")
    expect(result).to_contain_text("Gutes Beispiel · Düsseldorf")
    expect(result.locator("mark").first).to_have_text("Wohnungen")

    # As one types, the results follow (htmx), and the address keeps the search.
    page.get_by_label("Suchen nach").fill("gunstig")
    expect(page).to_have_url(re.compile(r"q=gunstig"))
    expect(page.locator(".search-result mark").first).to_have_text("Günstige")
    page.get_by_role("link", name="Günstige Wohnungen für junge Familien").click()
    expect(page).to_have_url(re.compile(rf"/practices/{german_practice.pk}/$"))


def test_a_citizen_follows_a_discussion_gets_the_mayors_answer_by_email_and_stops_from_the_email(
    open_page, demo, sign_in, publish
):
    publish()  # the edition opens the practices' discussions
    practice = BestPractice.objects.filter(city__slug="dusseldorf", is_public=True).first()
    page = open_page(PHONE)
    sign_in(page, "citizen@example.org")
    page.goto(f"/practices/{practice.pk}/")

    discussion = page.locator("#discussion")
    discussion.get_by_role("button", name="Follow").click()
    expect(discussion.get_by_text("✓ You follow this")).to_be_visible()
    page.goto("/me/following/")
    expect(page.get_by_role("link", name=re.compile(re.escape(practice.title)))).to_be_visible()

    thread = Thread.objects.get(key=f"practice:{practice.pk}")
    asker = User.objects.get(email="mayor.montreal@example.org")
    question = comment_post(thread=thread, user=asker, body="How many schools joined?")
    mail.outbox.clear()
    comment_post(thread=thread, user=User.objects.get(email="mayor.duesseldorf@example.org"), body="Forty.",
                 parent=question)  # fmt: skip

    email = next(email for email in mail.outbox if email.to == ["citizen@example.org"])
    assert "Forty." in email.body
    page.goto(re.search(r"http://[^/]+(/following/off/\S+/)", email.body).group(1))
    page.get_by_role("button", name="Stop following").click()
    expect(page.get_by_text("Done: you no longer follow")).to_be_visible()
    page.goto("/me/following/")
    expect(page.get_by_text("You follow nothing yet")).to_be_visible()


def test_search_and_following_pages_have_no_serious_accessibility_violations(open_page, german_practice, sign_in):
    axe = Axe()
    for viewport in (PHONE, DESKTOP):
        page = open_page(viewport)
        sign_in(page, "citizen@example.org")
        for path in ("/search/", "/search/?q=Wohnung&lang=de", "/search/?q=zzzz", "/me/following/",
                     "/topics/inclusive-cities/"):  # fmt: skip
            page.goto(path)
            violations = [
                f"{violation['id']}: {violation['help']}"
                for violation in axe.run(page).response["violations"]
                if violation["impact"] in SERIOUS
            ]
            assert violations == [], (viewport, path, violations)
