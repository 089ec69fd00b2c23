"""Hostile input on every write: each form and POST endpoint gets a catalogue of hostile values, from the role that
may use it. Never a 500; nothing stored with control characters or direction overrides; nothing rendered
unescaped on the pages, feeds and emails that show it; every refusal says why. Then the other attacks: the wrong
method, a missing CSRF token, an open redirect, other people's and other cities' ids.

PDFs are covered where they are rendered (tests/exhibition/test_pdf.py, tests/declarations/test_pdf.py: hostile
text printed as text, no file: or remote fetches).
"""

import datetime
import re
import uuid
import xml.dom.minidom
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from declarations.models import DeclarationStatus, Pledge, Signature
from declarations.services.pledges import pledge_create
from declarations.services.signing import signature_record_on_paper
from declarations.services.texts import declaration_load
from discussion.models import Comment, Flag, Thread
from discussion.services import comment_post
from events.models import Accreditation, Event, Question, Registration
from exhibition.models import Edition, Showing
from exhibition.services.showings import showing_moderators_sync
from summit.models import Invitation, InvitationRole, User
from summit.services import invitation_send
from tests.factories import PASSWORD, DelegateFactory, EventFactory, ShowingFactory, UserFactory, jpeg_bytes
from workshops.models import BestPractice, Outcome, OutcomePhoto, PracticeImage, Workshop

pytestmark = [pytest.mark.django_db, pytest.mark.breadth]

HOSTILE = {
    "script": '<script>alert("x")</script>',
    "handler": '<img src=x onerror=alert(1)>"><svg onload=alert(2)>',
    "javascript link": '[click me](javascript:alert(1)) <a href="javascript:alert(1)">a</a>',
    "data link": "[open](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "sql": "Robert'); DROP TABLE summit_user;-- \" OR 1=1 --",
    "100 KB": "A" * 100_000,
    "control characters": "bell\x07 escape\x1b nul\x00 vertical\x0b end",
    "right-to-left override": "Invoice \u202egpj.exe and \u2067isolate\u2069",
    "invisible format characters": "zero\u200bwidth \ufeffbom \u2060joiner \u061cmark \u200emark next\u0085line",
}

# What must never appear in a page, a feed or an email: markup or links that would run.
RAW = [
    "<script>alert",
    "<img src=x onerror",
    "<svg onload",
    'href="javascript:',
    'href="data:',
    "\u202e",
    "\u2067",
    "\x07",
    "\x1b",
    "\x00",
]
CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\u061c\ufeff]"
)


@dataclass
class World:
    thread: Thread
    citizen: User
    other_citizen: User
    mayor: User
    other_mayor: User
    facilitator: User
    organiser: User
    workshop: Workshop
    other_workshop: Workshop
    practice: BestPractice
    pledge: Pledge
    comment: Comment
    invitation: str  # the path of a pending invitation's link
    event: Event
    moderator: User  # of the mayor's city's showing
    showing_city: str


@pytest.fixture
def world(sources, publish, summit, citizen, mayor, facilitator, organiser, django_capture_on_commit_callbacks):
    publish()
    with django_capture_on_commit_callbacks(execute=True):
        invitation_send(
            invitation=Invitation(email="new.mayor@example.org", role=InvitationRole.MAYOR, city=sources_city(mayor)),
            by=organiser,
        )
    invitation = re.search(r"(/invitations/[\w-]+/)", mail.outbox.pop().body).group(1)
    thread = Thread.objects.get(key="topic:healthy-cities")
    declaration = declaration_load(
        slug="duesseldorf-2019", title="Düsseldorf Declaration", place="Düsseldorf",
        status=DeclarationStatus.OPEN, adopted_on=datetime.date(2019, 8, 31), note="", clauses=["Act locally."],
    )  # fmt: skip
    city = mayor.delegations.get().city
    signature_record_on_paper(declaration=declaration, city=city, signed_on=datetime.date(2019, 8, 31))
    pledge = pledge_create(
        declaration=declaration, city=city, by=mayor,
        data={"topic": sources["healthy"], "title": "Shade", "description": "Trees.",
              "target_date": datetime.date(2030, 9, 1)},
    )  # fmt: skip
    workshop, other_workshop = Workshop.objects.order_by("pk")
    workshop.facilitators.add(facilitator)
    other_mayor = DelegateFactory(city__name="Vienna", city__slug="vienna", user__email="vienna@example.org").user
    practice = BestPractice.objects.create(
        city=city, topic=sources["healthy"], title="Draft practice", summary="Short.", body="Long.", author=mayor
    )
    showing = ShowingFactory(city=city)
    moderator = UserFactory(email="moderator@example.org")
    showing.moderators.add(moderator)
    showing_moderators_sync()
    return World(
        moderator=moderator, showing_city=city.slug, thread=thread, citizen=citizen,
        other_citizen=UserFactory(email="other@example.org"), mayor=mayor, other_mayor=other_mayor,
        facilitator=facilitator, organiser=organiser, workshop=workshop,
        other_workshop=other_workshop, practice=practice, pledge=pledge,
        comment=comment_post(thread=thread, user=citizen, body="A first comment."), invitation=invitation,
        event=EventFactory(item__summit=summit, item__topic=sources["healthy"], questions_open=True),
    )  # fmt: skip


def sources_city(mayor):
    return mayor.delegations.get().city


def image(name="photo.jpg"):
    return SimpleUploadedFile(name, jpeg_bytes(), content_type="image/jpeg")


@dataclass
class Write:
    """One write: who sends it, where, what (with the hostile value), and the pages that then show it."""

    who: str  # a World attribute, or "guest"
    url: Callable[[World], str]
    data: Callable[[World, str], dict]
    shown_on: Callable[[World], list[str]]
    stored: Callable[[World], list[str]]  # the text fields as saved, to check they are clean
    opened_first: Callable[[World], str] | None = None  # a page the sender has open first (it sets a cookie)


WRITES = {
    "guest comment": Write(
        "guest", lambda w: f"/exhibition/threads/{w.thread.pk}/comments/",
        lambda w, v: {"body": v, "guest_name": v[:80]},
        lambda w: [],
        lambda w: [text for c in Comment.objects.filter(author=None) for text in (c.body, c.guest_name)],
    ),
    "comment": Write(
        "citizen", lambda w: f"/exhibition/threads/{w.thread.pk}/comments/", lambda w, v: {"body": v},
        lambda w: ["/exhibition/topics/healthy-cities/", f"/exhibition/threads/{w.thread.pk}/feed/"],
        lambda w: list(Comment.objects.values_list("body", flat=True)),
    ),
    "official answer": Write(
        "mayor", lambda w: f"/exhibition/threads/{w.thread.pk}/comments/",
        lambda w, v: {"body": v, "parent": w.comment.pk},
        lambda w: ["/exhibition/topics/healthy-cities/", "/me/"],
        lambda w: list(Comment.objects.values_list("body", flat=True)),
    ),
    "comment edit": Write(
        "citizen", lambda w: f"/exhibition/comments/{w.comment.pk}/edit/", lambda w, v: {"body": v},
        lambda w: ["/exhibition/topics/healthy-cities/"],
        lambda w: list(Comment.objects.values_list("body", flat=True)),
    ),
    "report": Write(
        "other_citizen", lambda w: f"/exhibition/comments/{w.comment.pk}/flag/", lambda w, v: {"reason": v[:250]},
        lambda w: [f"/admin/discussion/comment/{w.comment.pk}/change/"],
        lambda w: list(Flag.objects.values_list("reason", flat=True)),
    ),
    "practice": Write(
        "mayor", lambda w: "/me/practices/new/",
        lambda w, v: {"topic": w.practice.topic_id, "title": v[:200], "summary": v[:300],
                      "body": v, "results": v, "links": "", "language": "en"},
        lambda w: [f"/me/practices/{p.pk}/" for p in BestPractice.objects.all()] + ["/me/"],
        lambda w: [t for p in BestPractice.objects.all() for t in (p.title, p.summary, p.body, p.results)],
    ),
    "practice photo": Write(
        "mayor", lambda w: f"/me/practices/{w.practice.pk}/images/",
        lambda w, v: {"image": image(), "alt_text": v[:200], "caption": v[:200]},
        lambda w: [f"/me/practices/{w.practice.pk}/"],
        lambda w: [t for i in PracticeImage.objects.all() for t in (i.alt_text, i.caption)],
    ),
    "outcome": Write(
        "facilitator", lambda w: f"/workshops/{w.workshop.pk}/outcomes/",
        lambda w, v: {"uuid": str(uuid.uuid4()), "kind": "insight", "text": v, "city": "", "version": ""},
        lambda w: [f"/workshops/{w.workshop.pk}/"],
        lambda w: list(Outcome.objects.values_list("text", flat=True)),
    ),
    "workshop summary": Write(
        "facilitator", lambda w: f"/workshops/{w.workshop.pk}/summary/", lambda w, v: {"summary": v},
        lambda w: [f"/workshops/{w.workshop.pk}/"],
        lambda w: list(Workshop.objects.values_list("summary", flat=True)),
    ),
    "flipchart photo": Write(
        "facilitator", lambda w: f"/workshops/{w.workshop.pk}/photos/",
        lambda w, v: {"image": image(), "caption": v[:200]},
        lambda w: [f"/workshops/{w.workshop.pk}/"],
        lambda w: list(OutcomePhoto.objects.values_list("caption", flat=True)),
    ),
    "pledge": Write(
        "mayor", lambda w: "/declarations/duesseldorf-2019/pledges/new/",
        lambda w, v: {"city": w.pledge.city_id, "topic": w.pledge.topic_id, "title": v[:200], "description": v,
                      "target_date": "2030-01-01"},
        lambda w: [p.get_absolute_url() for p in Pledge.objects.all()] + ["/declarations/duesseldorf-2019/"],
        lambda w: [t for p in Pledge.objects.all() for t in (p.title, p.description)],
    ),
    "pledge update": Write(
        "mayor", lambda w: f"/declarations/duesseldorf-2019/pledges/{w.pledge.pk}/updates/",
        lambda w, v: {"text": v, "posted_on": "2020-05-01", "photo_alt": v[:200]},
        lambda w: [w.pledge.get_absolute_url(), "/declarations/duesseldorf-2019/pledges/feed/"],
        lambda w: [t for u in w.pledge.updates.all() for t in (u.text, u.photo_alt)],
    ),
    "invitation sign-up": Write(
        "guest", lambda w: w.invitation,
        lambda w, v: {"name": v[:150], "password1": PASSWORD, "password2": PASSWORD},
        lambda w: ["/admin/summit/user/", "/cities/dusseldorf/"],
        lambda w: list(User.objects.values_list("name", flat=True)),
    ),
    "account deletion": Write(
        "citizen", lambda w: "/accounts/data/delete/", lambda w, v: {"password": v}, lambda w: ["/accounts/data/"],
        lambda w: list(User.objects.values_list("name", flat=True)),
    ),
    "email address": Write(
        "citizen", lambda w: "/accounts/email/", lambda w, v: {"email": v[:254], "action_add": ""},
        lambda w: ["/accounts/email/"],
        lambda w: [e for u in User.objects.all() for e in u.emailaddress_set.values_list("email", flat=True)],
    ),
    "event sign-up": Write(
        "guest", lambda w: f"/programme/{w.event.item_id}/sign-up/",
        lambda w, v: {"name": v[:150], "email": "guest@example.org"},
        lambda w: [f"/programme/{w.event.item_id}/check-in/", "/admin/events/registration/"],
        lambda w: list(Registration.objects.values_list("name", flat=True)),
    ),
    "question from the room": Write(
        "guest", lambda w: f"/programme/{w.event.item_id}/ask/", lambda w, v: {"text": v[:300], "asked_by": v[:80]},
        lambda w: [f"/programme/{w.event.item_id}/ask/", f"/programme/{w.event.item_id}/questions/",
                   f"/programme/{w.event.item_id}/screen/"],
        lambda w: [t for q in Question.objects.all() for t in (q.text, q.asked_by)],
        opened_first=lambda w: f"/join/{w.event.room_code}/",
    ),
    "press accreditation": Write(
        "guest", lambda w: "/press/accreditation/",
        lambda w, v: {"name": v[:150], "outlet": v[:150], "email": "press@example.org"},
        lambda w: ["/admin/events/accreditation/"],
        lambda w: [t for a in Accreditation.objects.all() for t in (a.name, a.outlet)],
    ),
    "showing": Write(
        "mayor", lambda w: "/me/showing/",
        lambda w, v: {"title": v[:200], "language": "en", "edition": "", "starts_on": "2026-12-01",
                      "ends_on": "2026-12-20", "venue": v[:250], "address": v[:250], "time_zone": "Europe/Berlin",
                      "invite": "", "opens_0": "10:00", "closes_0": "18:00"},
        lambda w: [f"/exhibition/cities/{w.showing_city}/", "/me/"],
        lambda w: [t for s in Showing.objects.all() for t in (s.title, s.venue, s.address)],
    ),
    "paper comment": Write(
        "moderator", lambda w: f"/exhibition/cities/{w.showing_city}/paper/",
        lambda w, v: {"topic": "topic:healthy-cities", "body": v, "first_name": v[:80], "written_on": "2019-07-03"},
        lambda w: [f"/exhibition/cities/{w.showing_city}/topics/healthy-cities/",
                   f"/exhibition/cities/{w.showing_city}/paper/"],
        lambda w: [t for c in Comment.objects.exclude(paper_place="") for t in (c.body, c.guest_name)],
    ),
    "sign-up": Write(
        "guest", lambda w: "/accounts/signup/",
        lambda w, v: {"name": v[:150], "email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD},
        lambda w: ["/admin/summit/user/"],
        lambda w: list(User.objects.values_list("name", flat=True)),
    ),
}  # fmt: skip


def client_for(world: World, who: str) -> Client:
    client = Client()
    if who != "guest":
        client.force_login(getattr(world, who))
    return client


def assert_nothing_raw(content: str, where: str):
    for marker in RAW:
        assert marker not in content, f"{marker!r} unescaped in {where}"


def assert_feed_html_escaped(content: bytes, where: str):
    """The feed is XML, and what it declares as HTML (summaries, contents), once read as a feed reader reads it,
    holds no markup that would run."""
    document = xml.dom.minidom.parseString(content)  # noqa: S318 — our own feed; one that is not XML breaks readers
    for element in document.getElementsByTagName("*"):
        if element.getAttribute("type") == "html":
            html = "".join(node.data for node in element.childNodes if node.nodeType == node.TEXT_NODE)
            assert_nothing_raw(html, f"the HTML of <{element.tagName}> in {where}")


def says_why(response) -> bool:
    """A refusal that explains itself: a form error, a flash message, or an error page or JSON with a text."""
    body = response.content.decode()
    return any(mark in body for mark in ('class="errorlist', 'class="messages', '"error"', "<h1>"))


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


# Addresses that take only a form's POST: any other method gets the 405 page saying so. (Withdrawing a practice
# answers a GET with its confirmation page, and a workshop's status with the capture page.)
POST_ONLY = {
    "practice submit": ("mayor", lambda w: f"/me/practices/{w.practice.pk}/submit/"),
    "outcome vote": ("facilitator", lambda w: f"/workshops/{w.workshop.pk}/outcomes/{uuid.uuid4()}/vote/"),
    "outcome hide": ("facilitator", lambda w: f"/workshops/{w.workshop.pk}/outcomes/{uuid.uuid4()}/hide/"),
    "outcome move": ("facilitator", lambda w: f"/workshops/{w.workshop.pk}/outcomes/{uuid.uuid4()}/move/"),
    "flipchart photo": ("facilitator", lambda w: f"/workshops/{w.workshop.pk}/photos/"),
    "workshop summary": ("facilitator", lambda w: f"/workshops/{w.workshop.pk}/summary/"),
    "comment": ("citizen", lambda w: f"/exhibition/threads/{w.thread.pk}/comments/"),
    "reaction": ("citizen", lambda w: f"/exhibition/comments/{w.comment.pk}/react/"),
    "report": ("other_citizen", lambda w: f"/exhibition/comments/{w.comment.pk}/flag/"),
    "pledge update": ("mayor", lambda w: f"/declarations/duesseldorf-2019/pledges/{w.pledge.pk}/updates/"),
    "pledge status": ("mayor", lambda w: f"/declarations/duesseldorf-2019/pledges/{w.pledge.pk}/status/"),
    "compile": ("organiser", lambda w: "/admin/exhibition/edition/compile/"),
}


@pytest.mark.parametrize("endpoint", list(POST_ONLY))
@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_the_wrong_method_is_refused_with_a_page_that_says_so(world, endpoint, method):
    who, url = POST_ONLY[endpoint]
    client = client_for(world, who)

    response = client.generic(method, url(world))

    if endpoint == "compile":  # the admin's own view sends other methods back to the list
        assert response.status_code == 302 and response.url == "/admin/exhibition/edition/"
        return
    assert response.status_code == 405
    assert "Not possible this way" in response.content.decode()
    assert "POST" in response["Allow"]


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


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)", "https:evil.example"],
)
def test_sign_in_never_sends_people_to_another_site(world, target):
    client = Client()

    response = client.post(f"/accounts/login/?next={target}", {"login": world.citizen.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response.url.startswith("/") and not response.url.startswith(("//", "/\\"))
    assert "evil.example" not in response.url and "javascript" not in response.url


def other_outcome(w: World) -> Outcome:
    return w.other_workshop.outcomes.order_by("pk").first()


def other_peoples_things(w: World) -> list[tuple[str, str, dict, Callable[[World], object]]]:
    """(who, url, data, what must stay the same): each a person reaching for what is not theirs."""
    return [
        ("other_mayor", f"/me/practices/{w.practice.pk}/", {"title": "Taken", "summary": "x", "body": "x",
         "topic": w.practice.topic_id, "language": "en"},
         lambda w: BestPractice.objects.get(pk=w.practice.pk).title),
        ("other_mayor", f"/me/practices/{w.practice.pk}/images/", {"image": image(), "alt_text": "x"},
         lambda w: PracticeImage.objects.count()),
        ("other_mayor", f"/me/practices/{w.practice.pk}/submit/", {},
         lambda w: BestPractice.objects.get(pk=w.practice.pk).status),
        ("other_citizen", f"/exhibition/comments/{w.comment.pk}/edit/", {"body": "Taken"},
         lambda w: Comment.objects.get(pk=w.comment.pk).body),
        ("other_citizen", f"/exhibition/comments/{w.comment.pk}/delete/", {},
         lambda w: Comment.objects.get(pk=w.comment.pk).status),
        ("facilitator", f"/workshops/{w.other_workshop.pk}/outcomes/",
         {"uuid": str(uuid.uuid4()), "kind": "insight", "text": "Not my workshop", "city": "", "version": ""},
         lambda w: Outcome.objects.filter(text="Not my workshop").count()),
        ("facilitator", f"/workshops/{w.other_workshop.pk}/outcomes/{other_outcome(w).uuid}/vote/", {},
         lambda w: other_outcome(w).votes),
        ("facilitator", f"/workshops/{w.other_workshop.pk}/outcomes/{other_outcome(w).uuid}/hide/", {},
         lambda w: other_outcome(w).hidden),
        ("facilitator", f"/workshops/{w.workshop.pk}/outcomes/{other_outcome(w).uuid}/vote/", {},
         lambda w: other_outcome(w).votes),
        ("facilitator", f"/workshops/{w.other_workshop.pk}/summary/", {"summary": "Taken"},
         lambda w: Workshop.objects.get(pk=w.other_workshop.pk).summary),
        ("other_mayor", f"/declarations/duesseldorf-2019/pledges/{w.pledge.pk}/updates/",
         {"text": "Not my city", "posted_on": "2020-01-01"}, lambda w: w.pledge.updates.count()),
        ("other_mayor", f"/declarations/duesseldorf-2019/pledges/{w.pledge.pk}/status/",
         {"status": "abandoned", "reason": "x"}, lambda w: Pledge.objects.get(pk=w.pledge.pk).status),
        ("other_mayor", f"/declarations/duesseldorf-2019/signatures/{w.pledge.city.slug}/withdraw/",
         {"reason": "Not my city"}, lambda w: Signature.objects.filter(city=w.pledge.city).count()),
        ("citizen", "/admin/exhibition/edition/compile/", {}, lambda w: Edition.objects.count()),
    ]  # fmt: skip


def test_nobody_reaches_what_is_not_theirs(world):
    for who, url, data, state in other_peoples_things(world):
        before = state(world)
        client = client_for(world, who)

        response = client.post(url, data)

        assert response.status_code in (302, 403, 404), (who, url, response.status_code)
        if response.status_code == 302:  # only the admin's sign-in page may be where it leads
            assert response.url.startswith("/admin/login/"), (who, url, response.url)
        else:
            assert "<h1>" in response.content.decode(), (who, url)
        assert state(world) == before, (who, url)
    assert not world.other_mayor.is_staff and not world.citizen.is_staff


def test_drafts_and_other_cities_pages_are_not_shown_to_those_who_may_not_see_them(world, client):
    client.force_login(world.other_mayor)

    assert client.get(f"/practices/{world.practice.pk}/").status_code == 404  # a draft
    assert client.get(f"/me/practices/{world.practice.pk}/").status_code in (403, 404)
    assert client.get(f"/workshops/{world.workshop.pk}/").status_code in (403, 404)
    assert client.get("/admin/discussion/comment/").status_code == 302


def test_an_upload_whose_name_is_not_utf8_is_taken_under_a_new_name_or_refused_with_a_reason(world, client):
    client.force_login(world.mayor)
    boundary = "hostile"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="alt_text"\r\n\r\nNeighbours\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="image"; filename="'.encode()
        + b"\xff\xfe\xc3\x28evil\x00.jpg"
        + b'"\r\nContent-Type: image/jpeg\r\n\r\n'
        + jpeg_bytes()
        + f"\r\n--{boundary}--\r\n".encode()
    )

    response = client.generic(
        "POST", f"/me/practices/{world.practice.pk}/images/", body, f"multipart/form-data; boundary={boundary}"
    )

    assert response.status_code in (302, 400)
    stored = PracticeImage.objects.first()
    if stored:
        assert re.fullmatch(r"practices/\d+/[0-9a-f]{32}\.jpg", stored.original.name)
    else:
        assert says_why(client.get(f"/me/practices/{world.practice.pk}/"))


@pytest.mark.parametrize("action", ["publish", "hide", "remove", "block_authors"])
@pytest.mark.parametrize("selected", ["999999", "1 OR 1=1", "<script>"])
def test_admin_actions_on_rows_that_do_not_exist_or_forged_ids_change_nothing(world, client, action, selected):
    client.force_login(world.organiser)
    before = list(Comment.objects.values_list("pk", "status"))

    response = client.post(
        "/admin/discussion/comment/", {"action": action, "_selected_action": [selected]}, follow=True
    )

    assert list(Comment.objects.values_list("pk", "status")) == before
    if selected.isdigit():  # a row that does not exist: the action finds nothing to do
        assert response.status_code == 200
    else:
        assert response.status_code == 400 and "The selection is not valid." in response.content.decode()


def test_reviewing_a_practice_that_is_not_submitted_changes_nothing(world, client):
    client.force_login(world.organiser)

    response = client.post(f"/admin/workshops/bestpractice/{world.practice.pk}/review/", {"decision": "approve"})

    assert response.status_code in (200, 302, 403)
    assert BestPractice.objects.get(pk=world.practice.pk).status == "draft"
