import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from declarations.models import Declaration, DeclarationStatus, Pledge
from tests.browser.conftest import DESKTOP, PHONE, SERIOUS


def serious_violations(page) -> list[str]:
    return [
        f"{violation['id']}: {violation['help']}"
        for violation in Axe().run(page).response["violations"]
        if violation["impact"] in SERIOUS
    ]


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
    pledge = Pledge.objects.get(title="Two more neighbourhood living rooms")
    for viewport in (PHONE, DESKTOP):
        page = open_page(viewport)
        for path in (
            "/declarations/",
            "/declarations/duesseldorf-2019/",
            "/declarations/montreal-2015/?lang=fr",
            "/declarations/duesseldorf-2019/versions/",
            "/declarations/duesseldorf-2019/diff/1/1/",
            "/declarations/duesseldorf-2019/amendments/",
            "/declarations/duesseldorf-2019/clauses/1/",
            f"/declarations/duesseldorf-2019/pledges/{pledge.pk}/",
        ):
            page.goto(path)
            violations = [
                f"{violation['id']}: {violation['help']}"
                for violation in axe.run(page).response["violations"]
                if violation["impact"] in SERIOUS
            ]
            assert violations == [], f"{path} at {viewport['width']}px"
    assert re.search(r"signed on paper", page.content()) is None  # the reference text lists no signatures


def test_a_mayor_withdraws_the_paper_signature_and_signs_again_online_on_a_phone(open_page, demo, sign_in):
    page = open_page(PHONE)
    sign_in(page, "mayor.montreal@example.org")
    page.goto("/declarations/duesseldorf-2019/")

    page.get_by_role("link", name="Withdraw the signature").click()
    page.get_by_label("Why does your city withdraw its signature?").fill("The council votes on it next week.")
    page.get_by_role("button", name="Withdraw the signature").click()
    expect(page.get_by_text("Montréal has withdrawn its signature.")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="34 signatory cities")).to_be_visible()

    page.get_by_role("link", name="Sign for Montréal").click()
    expect(page.get_by_text("You sign this text, version 1, exactly as it stands below.")).to_be_visible()
    assert serious_violations(page) == []
    expect(page.locator(".signed-text li")).to_have_count(3)
    page.get_by_role("button", name="Sign for my city").click()

    expect(page.get_by_text("Montréal has signed the declaration.")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="35 signatory cities")).to_be_visible()
    canada = page.locator(".signatory-list li", has_text="Montréal")
    expect(canada).to_contain_text("Mayor")
    expect(canada).not_to_contain_text("signed on paper")


def test_a_mayor_adds_a_pledge_and_reports_progress_on_a_phone(open_page, demo, sign_in):
    page = open_page(PHONE)
    sign_in(page, "mayor.montreal@example.org")
    page.goto("/declarations/duesseldorf-2019/")

    page.get_by_role("link", name="Make a pledge for your city").click()
    assert serious_violations(page) == []
    page.get_by_label("Topic").select_option(label="Healthy Cities")
    page.get_by_label("Title").fill("Drinking fountains in every park")
    page.get_by_label("Description").fill("One **fountain** per park, working from May to October.")
    page.get_by_label("Target date").fill("2031-05-01")
    page.get_by_role("button", name="Publish the pledge").click()
    expect(page.get_by_text("Your pledge is published.")).to_be_visible()

    page.get_by_label("What happened?").fill("The first twelve fountains are running.")
    page.get_by_role("button", name="Publish the update").click()
    expect(page.get_by_text("Your update is published.")).to_be_visible()
    expect(page.locator("#progress")).to_contain_text("The first twelve fountains are running.")

    page.goto("/cities/montreal/")
    expect(page.get_by_role("link", name="Drinking fountains in every park")).to_be_visible()
    expect(page.get_by_text("Montréal signed on 31 August 2019:")).to_be_visible()


def test_delegates_propose_and_support_an_amendment_to_a_draft(open_page, demo, sign_in):
    Declaration.objects.filter(slug="duesseldorf-2019").update(status=DeclarationStatus.DRAFT)
    page = open_page(DESKTOP)
    sign_in(page, "mayor.duesseldorf@example.org")
    page.goto("/declarations/duesseldorf-2019/")
    page.get_by_role("link", name="Amendments").click()

    page.get_by_label("Change a clause").check()
    page.get_by_label("Clause", exact=True).select_option(index=1)
    page.get_by_label("New text").fill("We keep exchanging models of coexistence every year.")
    page.get_by_label("Why?").fill("A rhythm makes it happen.")
    page.get_by_role("button", name="Propose the amendment").click()
    expect(page.get_by_text("Your amendment is proposed.")).to_be_visible()

    other = open_page(PHONE)
    sign_in(other, "mayor.montreal@example.org")
    other.goto("/declarations/duesseldorf-2019/amendments/")
    other.get_by_role("button", name="Support").click()
    expect(other.get_by_text("You support this amendment.").first).to_be_visible()
    expect(other.get_by_text("1 supporter")).to_be_visible()
