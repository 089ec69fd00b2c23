import re

from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from playwright.sync_api import expect

from summit.models import City, Invitation, InvitationRole, User
from summit.services import invitation_send
from tests.browser.conftest import PHONE, SERIOUS, TABLET


def test_organiser_and_mayor_sign_in_switch_to_german_and_filter_programme(open_page, demo, sign_in):
    organiser = open_page(TABLET)
    sign_in(organiser, "organiser@example.org")
    organiser.get_by_role("link", name="Administration").click()
    expect(organiser.get_by_role("heading", name="Site administration")).to_be_visible()
    expect(organiser.get_by_role("link", name="Invitations")).to_be_visible()

    mayor = open_page(PHONE)
    sign_in(mayor, "mayor.duesseldorf@example.org")
    expect(mayor.get_by_role("heading", name="Düsseldorf", level=1)).to_be_visible()
    expect(mayor.get_by_role("link", name="Administration")).to_have_count(0)
    mayor.get_by_text("Menu", exact=True).click()
    mayor.get_by_role("link", name="DE Deutsch").click()
    mayor.get_by_text("Menü", exact=True).click()
    expect(mayor.get_by_role("link", name="Meine Stadt")).to_have_attribute("aria-current", "page")
    mayor.get_by_role("link", name="Programm", exact=True).click()
    expect(mayor.get_by_role("heading", level=1)).to_have_text("Programm")
    expect(mayor.get_by_text("Nur für Delegierte")).to_be_visible()

    mayor.get_by_label("Art").select_option(label="Workshop")
    expect(mayor).to_have_url(re.compile(r"kind=workshop"))
    items = mayor.locator("#programme-list .programme-item")
    expect(items).to_have_count(5)
    expect(mayor.get_by_text("Pressekonferenz")).to_have_count(0)
    expect(mayor.get_by_text("Press conference on the summit results")).to_have_count(0)

    # Topics and programme items in German, as the organisers translated them.
    mayor.get_by_label("Thema").select_option(label="Gesunde Städte")
    expect(items).to_have_count(1)
    expect(items.first).to_contain_text("Workshop: Gesunde Städte")
    expect(mayor).to_have_url(re.compile(r"topic=healthy-cities"))
    # The language stays German after the htmx swap and on the next full page.
    mayor.reload()
    expect(mayor.get_by_label("Thema")).to_have_value("healthy-cities")
    expect(items).to_have_count(1)


def test_programme_filters_work_without_javascript(open_page, demo):
    page = open_page(PHONE, java_script_enabled=False)
    page.goto("/programme/")

    page.get_by_label("Kind").select_option(label="Press meeting")
    page.get_by_role("button", name="Filter").click()

    expect(page).to_have_url(re.compile(r"kind=press_meeting"))
    expect(page.locator(".programme-item")).to_have_count(1)
    expect(page.get_by_text("Press conference on the summit results")).to_be_visible()


def test_invited_mayor_signs_up_from_the_email(open_page, demo, sign_in):
    organiser = open_page(TABLET)
    sign_in(organiser, "organiser@example.org")
    organiser.goto("/admin/summit/invitation/add/")
    organiser.get_by_label("Email address").fill("new.mayor@example.org")
    organiser.get_by_label("Role").select_option(label="Mayor")
    organiser.locator(".field-city .select2-selection").click()
    organiser.locator(".select2-search__field").fill("Vien")
    organiser.get_by_role("option", name="Vienna").click()
    organiser.get_by_role("button", name="Save", exact=True).click()
    expect(organiser.get_by_text("An invitation email is on its way to new.mayor@example.org.")).to_be_visible()

    link = re.search(r"http://127\.0\.0\.1:8000(/invitations/\S+/)", mail.outbox[-1].body).group(1)
    invitee = open_page(PHONE)
    invitee.goto(link)
    expect(invitee.get_by_text("as Mayor of Vienna")).to_be_visible()
    invitee.get_by_label("Your name").fill("Vera Vienna")
    invitee.get_by_label("Password", exact=True).fill("a-new-mayors-password-7")
    invitee.get_by_label("Password (again)").fill("a-new-mayors-password-7")
    invitee.get_by_role("button", name="Create account and accept").click()

    expect(invitee.get_by_text("Welcome! Your account is ready.")).to_be_visible()
    invitee.goto("/cities/vienna/")
    expect(invitee.get_by_text("Vera Vienna")).to_be_visible()
    invitee.goto(link)
    expect(invitee.get_by_role("heading", name="This invitation has already been used")).to_be_visible()


def test_invitation_and_sign_in_fit_a_phone_with_large_tap_targets(open_page, demo):
    invitation = Invitation(
        email="firstnamewithaverylonglocalpart@stadtverwaltungduesseldorf.example.org",
        role=InvitationRole.MAYOR,
        city=City.objects.get(slug="vienna"),
    )
    invitation_send(invitation=invitation, by=User.objects.get(email="organiser@example.org"))
    link = re.search(r"(/invitations/\S+/)", mail.outbox[-1].body).group(1)
    page = open_page(PHONE)

    page.goto(link)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.goto("/accounts/login/")
    assert page.locator("label[for=id_remember]").bounding_box()["height"] >= 44
    page.locator("label[for=id_remember]").click()
    expect(page.get_by_label("Remember me")).to_be_checked()


def test_citizen_signs_up_and_verifies_the_email(open_page, demo):
    page = open_page(PHONE)
    page.goto("/accounts/signup/")
    page.get_by_label("Your name").fill("Ada Citizen")
    page.get_by_label("Email").fill("ada@example.org")
    page.get_by_label(re.compile(r"^Password:?$")).fill("citizens-password-2019")
    page.get_by_label("Password (again)").fill("citizens-password-2019")
    page.get_by_role("button", name=re.compile("Sign up", re.IGNORECASE)).click()
    expect(page.get_by_role("heading", name=re.compile("Verify", re.IGNORECASE))).to_be_visible()

    link = re.search(r"(/accounts/confirm-email/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()

    page.get_by_text("Menu", exact=True).click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.get_by_role("link", name="Administration")).to_have_count(0)


def test_phone_header_is_one_row_and_its_menu_opens_without_javascript(open_page, demo):
    page = open_page(PHONE, java_script_enabled=False)
    page.goto("/?lang=de")

    assert page.locator(".site-header").bounding_box()["height"] <= 80
    expect(page.get_by_role("link", name="Programm", exact=True)).to_be_hidden()
    page.get_by_text("Menü", exact=True).click()
    page.get_by_role("link", name="Programm", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Programm")
    tablet = open_page(TABLET)
    tablet.goto("/")
    expect(tablet.get_by_text("Menu", exact=True)).to_be_hidden()
    expect(tablet.get_by_role("link", name="Programme", exact=True)).to_be_visible()
    expect(tablet.get_by_role("link", name="FR Français")).to_be_visible()


def test_home_and_programme_have_no_serious_accessibility_violations(open_page, demo):
    axe = Axe()
    for viewport in (PHONE, TABLET):
        page = open_page(viewport)
        for path in (
            "/",
            "/programme/",
            "/programme/?lang=de",
            "/topics/healthy-cities/",
            "/accounts/login/",
        ):
            page.goto(path)
            violations = [
                f"{violation['id']}: {violation['help']}"
                for violation in axe.run(page).response["violations"]
                if violation["impact"] in SERIOUS
            ]
            assert violations == [], f"{path} at {viewport['width']}px"
