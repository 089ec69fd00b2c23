import re
import uuid

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from summit.models import User
from tests.browser.conftest import TABLET
from workshops.capture import outcome_save
from workshops.models import Outcome, Workshop

PORTRAIT_TABLET = {"width": 800, "height": 1280}


def open_capture(open_page, sign_in, viewport=TABLET):
    page = open_page(viewport)
    sign_in(page, "facilitator@example.org")
    workshop = Workshop.objects.get(topic__slug="healthy-cities")
    page.goto(f"/workshops/{workshop.pk}/")
    return page, workshop


def add(page, text, kind="Insight"):
    page.get_by_label(kind, exact=True).check()
    page.get_by_label("What was said").fill(text)
    page.get_by_role("button", name="Add outcome").click()


def item(page, text):
    return page.locator("#outcome-list > li", has_text=text)


def by_id(page, text):
    """The item that shows `text` now, found again by its id once its text turns into an editor."""
    return page.locator(f"#{item(page, text).get_attribute('id')}")


SAVES = re.compile(r"/workshops/\d+/outcomes/$")


def refuse_saves(route):
    if route.request.method == "POST":
        route.abort("internetdisconnected")
    else:
        route.continue_()


def test_outcomes_typed_offline_survive_a_reload_and_are_saved_once(open_page, demo, sign_in):
    page, workshop = open_capture(open_page, sign_in)
    expect(page.locator("[data-capture]")).to_have_attribute("data-offline-ready", "true")
    before = workshop.outcomes.count()

    for number in range(1, 6):
        add(page, f"Online outcome {number}")
    expect(page.locator("#sync-status")).to_have_text("All saved")
    expect(page.locator("#outcome-list > li.is-pending")).to_have_count(0)

    page.context.set_offline(True)
    # Chromium's offline emulation can let a reloaded page's first request through before it applies again; the
    # wifi being down also means no save reaches the server, so saves are refused at the network as well.
    page.context.route(SAVES, refuse_saves)
    # The page learns of it through an event; outcomes typed before that would still be sent.
    page.wait_for_function("navigator.onLine === false")
    for number in range(6, 9):
        add(page, f"Offline outcome {number}", kind="Solution")
    expect(page.locator("#outcome-list > li.is-pending")).to_have_count(3)
    edited = by_id(page, "Online outcome 2")
    edited.get_by_role("button", name="Edit").click()
    edited.get_by_role("textbox").fill("Online outcome 2, corrected offline")
    edited.get_by_role("button", name="Save").click()
    expect(page.locator("#sync-status")).to_contain_text("Offline: 4 not yet saved")

    # The service worker controls the screen and holds a copy of it for a reload without network.
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    assert page.evaluate("caches.match(location.pathname).then((cached) => cached !== undefined)")
    page.reload()
    expect(page.locator("#outcome-list > li.is-pending")).to_have_count(4)
    # The screen was first cached before anything was saved; the reload still shows what was saved since.
    for number in (1, 3, 4, 5):
        expect(item(page, f"Online outcome {number}")).to_have_count(1)
    expect(item(page, "Online outcome 2, corrected offline")).to_have_count(1)
    # Chromium's offline emulation can let the reloaded page's first save reach the server and lose its answer
    # (routes do not see the requests of a page a service worker controls): the tablet keeps that outcome queued,
    # and the server answers its resend below with the outcome it already has. So only "once" is asserted here.
    saved = list(workshop.outcomes.values_list("text", flat=True))
    assert all(saved.count(f"Online outcome {number}") == 1 for number in (1, 3, 4, 5))
    assert saved.count("Online outcome 2") + saved.count("Online outcome 2, corrected offline") == 1
    assert all(saved.count(f"Offline outcome {number}") <= 1 for number in (6, 7, 8))

    page.context.unroute(SAVES, refuse_saves)
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#sync-status")).to_have_text("All saved", timeout=15_000)
    expect(page.locator("#outcome-list > li.is-pending")).to_have_count(0)
    texts = list(workshop.outcomes.values_list("text", flat=True))
    assert len(texts) == before + 8
    for number in (1, 3, 4, 5):
        assert texts.count(f"Online outcome {number}") == 1
    assert texts.count("Online outcome 2, corrected offline") == 1
    assert "Online outcome 2" not in texts
    for number in (6, 7, 8):
        assert texts.count(f"Offline outcome {number}") == 1
    assert Outcome.objects.get(text="Offline outcome 7").kind == "solution"


def test_two_tablets_see_each_others_outcomes_without_losing_typing(open_page, demo, sign_in):
    first, _ = open_capture(open_page, sign_in)
    second, _ = open_capture(open_page, sign_in, viewport=PORTRAIT_TABLET)

    second.get_by_label("What was said").fill("Half-typed on the second tablet")
    add(first, "Said at the first tablet")

    expect(item(second, "Said at the first tablet")).to_have_count(1, timeout=10_000)
    expect(second.get_by_label("What was said")).to_have_value("Half-typed on the second tablet")
    second.get_by_role("button", name="Add outcome").click()
    expect(item(first, "Half-typed on the second tablet")).to_have_count(1, timeout=10_000)


def test_an_outcome_added_elsewhere_while_one_is_edited_leaves_the_editor_focused_and_the_typing_whole(
    open_page, demo, sign_in
):
    page, workshop = open_capture(open_page, sign_in)
    outcome = workshop.outcomes.order_by("order").first()
    on_page = by_id(page, outcome.text)
    on_page.get_by_role("button", name="Edit").click()
    editor = on_page.get_by_role("textbox")
    expect(editor).to_be_focused()
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type("Typed before the poll,")

    # Another tablet saves an outcome; this tablet's next poll shows it while the editor is open.
    facilitator = User.objects.get(email="facilitator@example.org")
    outcome_save(
        workshop=workshop,
        by=facilitator,
        uuid=uuid.uuid4(),
        kind="insight",
        text="Added elsewhere",
        city=None,
        version=None,
    )
    expect(item(page, "Added elsewhere")).to_have_count(1, timeout=10_000)

    expect(editor).to_be_focused()
    page.keyboard.type(" and after it")
    expect(editor).to_have_value("Typed before the poll, and after it")


def test_votes_from_two_tablets_add_up(open_page, demo, sign_in):
    first, workshop = open_capture(open_page, sign_in)
    second, _ = open_capture(open_page, sign_in, viewport=PORTRAIT_TABLET)
    outcome = workshop.outcomes.order_by("order").first()
    start = outcome.votes

    def is_vote(response):
        return "/vote/" in response.url

    for _ in range(3):
        # Both tablets vote at the same moment; wait until both answers are back.
        with first.expect_response(is_vote), second.expect_response(is_vote):
            item(first, outcome.text).get_by_role("button", name="Add a dot").click()
            item(second, outcome.text).get_by_role("button", name="Add a dot").click()

    outcome.refresh_from_db()
    assert outcome.votes == start + 6
    total = re.compile(rf"^{start + 6}\b")
    # Whichever answered first shows an older total until its next poll.
    expect(item(first, outcome.text).locator(".vote-count")).to_have_text(total, timeout=10_000)
    expect(item(second, outcome.text).locator(".vote-count")).to_have_text(total, timeout=10_000)


def test_stale_edit_shows_both_texts_and_the_facilitator_keeps_theirs(open_page, demo, sign_in):
    first, workshop = open_capture(open_page, sign_in)
    second, _ = open_capture(open_page, sign_in, viewport=PORTRAIT_TABLET)
    outcome = workshop.outcomes.order_by("order").first()

    on_second, on_first = by_id(second, outcome.text), by_id(first, outcome.text)
    on_second.get_by_role("button", name="Edit").click()
    on_first.get_by_role("button", name="Edit").click()
    on_first.get_by_role("textbox").fill("First tablet's wording")
    on_first.get_by_role("button", name="Save").click()
    expect(first.locator("#sync-status")).to_have_text("All saved")
    on_second.get_by_role("textbox").fill("Second tablet's wording")
    on_second.get_by_role("button", name="Save").click()

    conflict = second.get_by_role("alert")
    expect(conflict).to_contain_text("Changed on another tablet")
    expect(conflict).to_contain_text("First tablet's wording")
    expect(conflict).to_contain_text("Second tablet's wording")
    with second.expect_response(lambda response: response.request.method == "POST" and "/outcomes/" in response.url):
        conflict.get_by_role("button", name="Keep mine").click()
    expect(on_second.locator(".outcome-text")).to_have_text("Second tablet's wording")
    expect(second.locator("#sync-status")).to_have_text("All saved")
    outcome.refresh_from_db()
    assert outcome.text == "Second tablet's wording"


def test_capture_screen_has_no_serious_accessibility_violations(open_page, demo, sign_in):
    for viewport in (TABLET, PORTRAIT_TABLET):
        page, _ = open_capture(open_page, sign_in, viewport=viewport)
        ready = page.get_by_label("Ready for the exhibition")
        assert page.locator(f"label[for={ready.get_attribute('id')}]").bounding_box()["height"] >= 44
        violations = [
            f"{violation['id']}: {violation['help']}"
            for violation in Axe().run(page).response["violations"]
            if violation["impact"] in {"serious", "critical"}
        ]
        assert violations == [], viewport
    page.goto("/workshops/")
    assert [v["id"] for v in Axe().run(page).response["violations"] if v["impact"] in {"serious", "critical"}] == []
