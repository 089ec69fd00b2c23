"""The delegations' protocol in the browser: a mayor keeps the delegation on a phone, asks for a letter that an
organiser approves, two cities agree a meeting, the badges print, and the desk checks a delegate in offline; the
pages hold no serious accessibility problem at phone and desktop widths."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from delegations.badges import badge_token
from delegations.models import Member
from tests.browser.conftest import DESKTOP, PHONE, SERIOUS, TABLET


@pytest.fixture
def mayor_page(open_page, demo, sign_in):
    def mayor_page(viewport):
        page = open_page(viewport)
        sign_in(page, "mayor.duesseldorf@example.org")
        return page

    return mayor_page


def test_a_mayor_fills_the_delegation_form_on_a_phone(mayor_page):
    page = mayor_page(PHONE)
    page.goto("/me/")
    page.get_by_role("link", name=re.compile("Your delegation")).click()
    page.get_by_role("link", name="Add a person").click()
    page.get_by_label("Name as in the passport").fill("Stephan Keller")
    page.get_by_label("Function").fill("Lord Mayor")
    page.get_by_label("Listens in").select_option(label="German")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Stephan Keller is saved.")).to_be_visible()
    expect(page.get_by_text(re.compile("Missing: nationality, arrival"))).to_be_visible()

    page.get_by_role("link", name="Stephan Keller").click()
    page.get_by_label("Nationality").fill("German")
    page.get_by_label("Needs a visa letter").check()
    page.get_by_label("Passport number").fill("C01X00T47")
    page.get_by_label(re.compile(r"^Arrival \(")).fill("2019-08-29T18:40")
    page.get_by_label("Arriving by (flight or train)").fill("LH 2010")
    page.get_by_label(re.compile(r"^Departure \(")).fill("2019-09-01T16:05")
    page.get_by_label("Leaving by (flight or train)").fill("ICE 123")
    page.get_by_label("Hotel").fill("Hotel Nikko")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("Complete", exact=True)).to_be_visible()
    expect(page.get_by_text("LH 2010")).to_be_visible()
    assert Member.objects.get(full_name="Stephan Keller").passport_number == "C01X00T47"
    page.get_by_role("link", name="Stephan Keller").click()
    expect(page.get_by_text("On file: •••••T47.")).to_be_visible()
    assert page.get_by_label("Passport number").input_value() == ""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_delegation_pages_have_no_serious_accessibility_violations(mayor_page, viewport):
    page = mayor_page(viewport)
    axe = Axe()
    for path in (
        "/me/delegation/",
        "/me/delegation/people/new/",
        "/delegates/",
        "/me/agenda/",
        "/me/meetings/",
        "/me/meetings/new/",
    ):
        page.goto(path)
        violations = [f"{v['id']}: {v['help']}" for v in axe.run(page).response["violations"] if v["impact"] in SERIOUS]
        assert violations == [], f"{path}: {violations}"


@pytest.mark.pdf
def test_a_mayor_asks_for_a_letter_an_organiser_approves_it_and_the_mayor_downloads_it(mayor_page, open_page, sign_in):
    page = mayor_page(PHONE)
    page.goto("/me/delegation/people/new/")
    page.get_by_label("Name as in the passport").fill("Stephan Keller")
    page.get_by_label("Function").fill("Lord Mayor")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Ask for a visa or invitation letter").click()
    page.get_by_label("Letter", exact=True).select_option(label="Invitation letter")
    page.get_by_role("button", name="Ask for the letter").click()
    expect(page.get_by_text("The letter is asked for.")).to_be_visible()

    organiser = open_page(DESKTOP)
    sign_in(organiser, "organiser@example.org")
    organiser.goto("/admin/delegations/letter/?status__exact=requested")
    organiser.locator("input[name=_selected_action]").first.check()
    organiser.get_by_label("Action:").select_option(label="Approve the selected letters (the PDF follows)")
    organiser.get_by_role("button", name="Go").click()
    expect(organiser.get_by_text("1 letter decided.")).to_be_visible()

    page.reload()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download (PDF)").click()
    assert download.value.suggested_filename.startswith("LTS-")


def test_two_cities_agree_a_meeting_and_both_agendas_show_it(mayor_page, open_page, sign_in):
    dusseldorf = mayor_page(PHONE)
    dusseldorf.goto("/me/meetings/")
    dusseldorf.get_by_role("link", name="Ask a city for a meeting").click()
    dusseldorf.get_by_label("City to meet").select_option(label="Montréal")
    dusseldorf.get_by_label("Preferred time").select_option(index=2)
    dusseldorf.get_by_label("Message").fill("Neighbourhood living rooms?")
    dusseldorf.get_by_role("button", name="Send the request").click()
    expect(dusseldorf.get_by_text("Your request is sent to Montréal.")).to_be_visible()

    montreal = open_page(DESKTOP)
    sign_in(montreal, "mayor.montreal@example.org")
    montreal.goto("/me/meetings/")
    expect(montreal.get_by_text("Neighbourhood living rooms?")).to_be_visible()
    montreal.get_by_role("button", name="Agree", exact=True).click()
    expect(montreal.get_by_text("Your answer is sent.")).to_be_visible()

    for page in (dusseldorf, montreal):
        page.goto("/me/agenda/")
        expect(page.get_by_role("link", name="Düsseldorf · Montréal")).to_be_visible()


@pytest.mark.pdf
def test_an_organiser_prints_the_badges_and_downloads_them(open_page, demo, sign_in):
    organiser = open_page(DESKTOP)
    sign_in(organiser, "organiser@example.org")
    organiser.goto("/admin/delegations/member/")
    organiser.locator("#action-toggle").check()
    organiser.get_by_label("Action:").select_option(label="Print badges and place cards (PDF)")
    organiser.get_by_role("button", name="Go").click()
    organiser.get_by_role("link", name=re.compile("print run")).click()

    with organiser.expect_download() as download:
        organiser.get_by_role("link", name="Download").click()
    assert download.value.suggested_filename.startswith("badges-")


def test_the_desk_checks_a_delegate_in_offline_and_the_check_in_arrives_once_when_back(open_page, demo, sign_in):
    person = Member.objects.get(full_name="Demo Mayor of Montréal")
    desk = open_page(TABLET)
    sign_in(desk, "organiser@example.org")
    desk.goto("/delegates/desk/")
    expect(desk.get_by_text("Online: every check-in is sent.")).to_be_visible()

    desk.context.set_offline(True)
    expect(desk.get_by_text(re.compile("^Offline"))).to_be_visible()
    desk.get_by_label("Badge code or name").fill("Demo Mayor")
    desk.get_by_role("button", name=re.compile("Demo Mayor of Montréal")).click()
    expect(desk.get_by_text("Welcome: checked in. Hand over the badge.")).to_be_visible()
    expect(desk.get_by_text(re.compile("1 waiting to be sent"))).to_be_visible()
    desk.get_by_label("Badge code or name").fill(badge_token(person))
    desk.get_by_label("Badge code or name").press("Enter")
    expect(desk.get_by_text("Already checked in.")).to_be_visible()
    assert Member.objects.get(pk=person.pk).checked_in_at is None  # nothing reached the server yet

    desk.context.set_offline(False)
    expect(desk.get_by_text("Online: every check-in is sent.", exact=True)).to_be_visible()  # nothing waiting
    checked_in = Member.objects.get(pk=person.pk).checked_in_at
    assert checked_in is not None
    desk.reload()  # the queue is empty: nothing is sent again
    expect(desk.get_by_text("Online: every check-in is sent.")).to_be_visible()
    assert Member.objects.get(pk=person.pk).checked_in_at == checked_in


@pytest.mark.pdf
def test_after_the_summit_a_mayor_downloads_a_checked_in_delegates_certificate_and_anyone_confirms_it(mayor_page):
    page = mayor_page(PHONE)
    page.goto("/me/delegation/people/new/")
    page.get_by_label("Name as in the passport").fill("Stephan Keller")
    page.get_by_label("Function").fill("Lord Mayor")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Stephan Keller is saved.")).to_be_visible()
    expect(page.get_by_role("button", name="Prepare the certificate of attendance")).to_have_count(0)
    Member.objects.filter(full_name="Stephan Keller").update(checked_in_at=timezone.now())  # the desk's check-in

    page.reload()
    page.get_by_role("button", name="Prepare the certificate of attendance").click()
    expect(page.get_by_text("The certificate is being prepared")).to_be_visible()
    page.reload()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download (PDF)").click()
    reference = download.value.suggested_filename.removesuffix(".pdf")
    page.goto(f"/certificates/verify/{reference}/")

    expect(page.get_by_text(f"Certificate {reference} is genuine.")).to_be_visible()
    expect(page.get_by_text("Stephan Keller, Lord Mayor, Düsseldorf")).to_be_visible()
