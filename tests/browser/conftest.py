import io
import re

import pytest
from django.core.management import call_command

from hubs.demo.data import DEMO_PASSWORD

PHONE = {"width": 390, "height": 844}
TABLET = {"width": 1024, "height": 768}
DESKTOP = {"width": 1280, "height": 800}
# The axe impacts a page must not have.
SERIOUS = {"serious", "critical"}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def demo(transactional_db):
    """The demo summit and accounts, as `make run` has them."""
    call_command("seed_demo", "--with-demo-accounts", stdout=io.StringIO())


@pytest.fixture
def open_page(browser, live_server):
    """A page in a fresh browser context on the live server; every context closes before the server stops."""
    contexts = []

    def open_page(viewport, **options):
        context = browser.new_context(viewport=viewport, base_url=live_server.url, **options)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def sign_in():
    def sign_in(page, email, password=DEMO_PASSWORD):
        page.goto("/accounts/login/")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name=re.compile("Sign in", re.IGNORECASE)).click()
        page.wait_for_url(re.compile(r"^(?!.*/accounts/login/).*$"))

    return sign_in
