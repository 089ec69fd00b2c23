"""Hostile input in addresses: every URL the project routes, with hostile path tokens and hostile query strings,
from a guest and from an organiser (who reaches the most code). Never a 500: a token that cannot be one is a 404,
and a query value arrives cleaned (summit.middleware.form_text_clean) or is refused with a reason.

Routes are read from the URLconf itself, so a new address is covered the day it is added. Numeric ids are filled
with 1 (the first row of each table in the published world below); regular-expression routes (the admin's app
index and the old discussion redirect) take only fixed names and are left out.
"""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import EventFactory, OrganiserFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.breadth]

PATH_TOKENS = {
    "nul": "%00",
    "nul inside": "abc%00def",
    "right-to-left override": "%E2%80%AEexe",
    "not UTF-8": "%FF%FE",
    "overlong slash": "%C0%AF",
    "traversal": "..%2F..%2Fetc%2Fpasswd",
    "long": "A" * 400,
}
QUERY_VALUES = {
    "nul": "%00",
    "format characters": "%E2%80%8B%E2%80%AE%EF%BB%BF",
    "C1 control": "%C2%85",
    "not UTF-8": "%FF",
    "not a number": "1e5",
    "negative": "-1",
    "huge": "9" * 30,
    "markup": "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
}
# Every query parameter a view reads.
QUERY_NAMES = ["q", "page", "part", "sort", "seconds", "city", "progress", "added", "original", "download",
               "status", "code", "lang", "topic", "kind", "next", "day"]  # fmt: skip
CONVERTER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def routes(patterns=None, prefix="") -> list[str]:
    found = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        route = getattr(pattern.pattern, "_route", None)
        if route is None:  # a regular expression: fixed names only
            continue
        if isinstance(pattern, URLResolver):
            found += routes(pattern.url_patterns, prefix + route)
        elif isinstance(pattern, URLPattern):
            found.append(prefix + route)
    return sorted(set(found))


def fill(route: str, token: str) -> str:
    """The route with its ids as 1 and every other path parameter as `token`."""
    return "/" + CONVERTER.sub(lambda m: "1" if m["converter"] == "int" else token, route)


TOKEN_ROUTES = [route for route in routes() if any(m["converter"] != "int" for m in CONVERTER.finditer(route))]


@pytest.fixture
def world(sources, publish, summit):
    publish()
    EventFactory(item__summit=summit, questions_open=True)
    # Failures are collected, all of them, rather than raised at the first.
    return {who: Client(raise_request_exception=False) for who in ("guest", "organiser", "citizen")}


def clients(world):
    world["organiser"].force_login(OrganiserFactory())
    world["citizen"].force_login(UserFactory())
    return world.items()


def test_a_nul_in_a_door_search_is_ignored(world):
    event = EventFactory(questions_open=True)
    client = Client()
    client.force_login(OrganiserFactory())

    assert client.get(f"/programme/{event.item_id}/check-in/?q=%00").status_code == 200


def test_routes_are_found(world):
    assert len(routes()) > 80 and "programme/registrations/<token:token>/" in TOKEN_ROUTES


@pytest.mark.parametrize("token", list(PATH_TOKENS.values()), ids=list(PATH_TOKENS))
def test_hostile_path_tokens_never_give_a_500(world, token):
    failed = [
        f"{method.upper()} {path} as {who}"
        for who, client in clients(world)
        for path in (fill(route, token) for route in TOKEN_ROUTES)
        for method in ("get", "post")
        if getattr(client, method)(path).status_code >= 500
    ]
    assert failed == []


@pytest.mark.parametrize("value", list(QUERY_VALUES.values()), ids=list(QUERY_VALUES))
def test_hostile_query_strings_never_give_a_500(world, value):
    query = "&".join(f"{name}={value}" for name in QUERY_NAMES)
    failed = [
        f"GET {path} as {who}"
        for who, client in clients(world)
        for path in (fill(route, "x") for route in routes())
        if client.get(f"{path}?{query}").status_code >= 500
    ]
    assert failed == []
