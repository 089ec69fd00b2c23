import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import jpeg_bytes
from workshops.models import BestPractice, PracticeStatus


def test_mayor_submits_from_a_phone_organiser_approves_and_it_appears_on_the_topic_page(open_page, demo, sign_in):
    mayor = open_page(PHONE)
    sign_in(mayor, "mayor.duesseldorf@example.org")
    mayor.get_by_role("link", name="New best practice").click()
    mayor.get_by_label("Topic").select_option(label="Healthy Cities")
    mayor.get_by_label("Title").fill("Rooftop gardens on school buildings")
    mayor.get_by_label("Summary").fill("Pupils and neighbours grow vegetables together on flat school roofs.")
    mayor.get_by_label("Description").fill("Each garden has a **caretaker** and is open to neighbours on Saturdays.")
    mayor.get_by_label("Results and figures").fill("- 6 roofs\n- 400 pupils")
    mayor.get_by_role("button", name="Save draft").click()
    expect(mayor.get_by_text("Draft saved.")).to_be_visible()

    mayor.get_by_label("Photo", exact=True).set_input_files(
        {"name": "roof.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}
    )
    mayor.get_by_label("What the photo shows").fill("Pupils watering tomato plants on a school roof")
    mayor.get_by_label("Caption").fill("Garden on the Lessing school roof")
    mayor.get_by_role("button", name="Upload photo").click()
    expect(mayor.get_by_text("Photo added.")).to_be_visible()
    mayor.get_by_role("button", name="Submit for review").click()
    expect(mayor.get_by_text("Submitted. The organisers will review it")).to_be_visible()

    organiser = open_page(DESKTOP)
    sign_in(organiser, "organiser@example.org")
    organiser.goto("/admin/workshops/bestpractice/?queue=waiting")
    # The whole list fits its box: the Review link needs no sideways scrolling.
    results = organiser.locator("#changelist .results")
    assert results.evaluate("box => box.scrollWidth <= box.clientWidth")
    organiser.get_by_role("link", name="Review", exact=True).click()
    expect(organiser.get_by_role("heading", name="Rooftop gardens on school buildings", exact=True)).to_be_visible()
    approve = organiser.get_by_role("button", name="Approve and publish")
    # Styled as the admin's own buttons, not the browser's grey default.
    assert approve.evaluate("button => getComputedStyle(button).color") == "rgb(255, 255, 255)"
    approve.click()
    expect(organiser.get_by_text("“Rooftop gardens on school buildings” is approved and public.")).to_be_visible()

    citizen = open_page(PHONE)
    citizen.goto("/topics/healthy-cities/")
    citizen.get_by_role("link", name="Rooftop gardens on school buildings").click()
    expect(citizen.get_by_role("heading", level=1)).to_have_text("Rooftop gardens on school buildings")
    expect(citizen.locator(".prose strong")).to_have_text("caretaker")
    expect(citizen.get_by_text("Garden on the Lessing school roof")).to_be_visible()
    practice = BestPractice.objects.get(title="Rooftop gardens on school buildings")
    assert practice.status == PracticeStatus.APPROVED
    assert practice.images.get().renditions_ready


def test_citizen_filters_practices_by_topic_and_searches(open_page, demo):
    page = open_page(PHONE)
    page.goto("/practices/")

    page.get_by_label("Topic").select_option(label="Connective Cities")
    expect(page).to_have_url(re.compile(r"topic=connective-cities"))
    expect(page.locator(".practice-card")).to_have_count(2)
    page.get_by_label("Search", exact=True).fill("counters")
    expect(page.locator(".practice-card")).to_have_count(1)
    expect(page.locator(".practice-card")).to_contain_text("Digital counters in district offices")


def test_practice_pages_have_no_serious_accessibility_violations(open_page, demo, sign_in):
    axe = Axe()
    page = open_page(PHONE)
    practice = BestPractice.objects.get(title="School streets without cars at drop-off time")
    sign_in(page, "mayor.duesseldorf@example.org")
    own = BestPractice.objects.filter(city__slug="dusseldorf").first()
    for path in ("/practices/", f"/practices/{practice.pk}/", "/me/", "/me/practices/new/", f"/me/practices/{own.pk}/"):
        page.goto(path)
        violations = [
            f"{violation['id']}: {violation['help']}"
            for violation in axe.run(page).response["violations"]
            if violation["impact"] in {"serious", "critical"}
        ]
        assert violations == [], path
