"""Hostile input on every write: each form and POST endpoint gets a catalogue of hostile values, from the role that
may use it. Never a 500; nothing stored with control characters or direction overrides; nothing rendered
unescaped on the pages, feeds and emails that show it; every refusal says why. Then the other attacks: the wrong
method, a missing CSRF token, an open redirect, other people's and other cities' ids.

PDFs are covered where they are rendered (tests/exhibition/test_pdf.py, tests/declarations/test_pdf.py: hostile
text printed as text, no file: or remote fetches).
"""

import pytest
from django.core import mail
from django.test import Client

from discussion.models import Comment
from tests.hostile.world import client_for, says_why
from tests.hostile.writes import CONTROL, HOSTILE, WRITES, assert_feed_html_escaped, assert_nothing_raw

pytestmark = [pytest.mark.django_db, pytest.mark.breadth]


@pytest.mark.parametrize("value", list(HOSTILE.values()), ids=list(HOSTILE))
@pytest.mark.parametrize("write", list(WRITES), ids=list(WRITES))
def test_hostile_values_are_refused_with_a_reason_or_stored_clean_and_shown_escaped(
    world, write, value, django_capture_on_commit_callbacks
):
    case = WRITES[write]
    client = client_for(world, case.who)
    if case.opened_first:
        client.get(case.opened_first(world))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(case.url(world), case.data(world, value), follow=True)

    assert response.status_code < 500
    assert_nothing_raw(response.content.decode(), f"the answer to {write}")
    if response.status_code >= 400:
        assert says_why(response), response.content.decode()[:500]
    for text in case.stored(world):
        assert not CONTROL.search(text), f"stored with control or direction characters: {text[:80]!r}"
    for viewer in {case.who, "organiser"}:
        reader = client_for(world, viewer)
        for page in case.shown_on(world):
            shown = reader.get(page)
            assert shown.status_code < 500, page
            assert_nothing_raw(shown.content.decode(), page)
            if "/feed/" in page:
                assert_feed_html_escaped(shown.content, page)
    for message in mail.outbox:
        # Plain text is shown as text, markup and all; only invisible controls would matter there.
        assert not CONTROL.search(message.body), f"controls in the email {message.subject!r}"
        for content, _mimetype in getattr(message, "alternatives", []):
            assert_nothing_raw(content, f"the HTML of {message.subject!r}")


@pytest.mark.parametrize("write", [name for name, case in WRITES.items() if name != "guest comment"])
def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(world, write):
    case = WRITES[write]
    client = Client(enforce_csrf_checks=True)
    if case.who != "guest":
        client.force_login(getattr(world, case.who))
    before = sorted(case.stored(world))

    response = client.post(case.url(world), case.data(world, "Sent from another site"))

    assert response.status_code == 403
    assert "Please send the form again" in response.content.decode()
    assert sorted(case.stored(world)) == before


def test_guest_comments_need_no_token_but_still_wait_for_a_moderator(world):
    """Guests post from the cached page, which carries no token: the guest form is CSRF-exempt by design, and what
    it posts is only ever pending (a forged post can publish nothing)."""
    response = Client(enforce_csrf_checks=True).post(
        f"/exhibition/threads/{world.thread.pk}/comments/", {"body": "Forged", "guest_name": "Eve"}
    )

    assert response.status_code == 302
    assert Comment.objects.get(body="Forged").status == "pending"
