"""The catalogue of hostile values, what must never be shown raw, and every write the project takes: who sends it,
where, and the pages that then show it."""

import re
import uuid
import xml.dom.minidom
from collections.abc import Callable
from dataclasses import dataclass

from declarations.models import Pledge
from delegations.models import Meeting, Member
from discussion.models import Comment, Flag
from events.models import Accreditation, Question, Registration
from exhibition.models import Showing
from opinions.models import PaperTally, Statement, Vote
from rooms.models import Poll, PollAnswer
from summit.models import City, User
from tests.factories import PASSWORD
from tests.hostile.world import World, image
from workshops.models import BestPractice, Outcome, OutcomePhoto, PracticeImage, Workshop

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
    "poll prepared": Write(
        "facilitator", lambda w: f"/rooms/{w.words_poll.room.code}/console/",
        lambda w, v: {"question": v[:300], "kind": "multiple", "options": f"{v[:200]}\nA second option"},
        lambda w: [f"/rooms/{w.words_poll.room.code}/console/", f"/rooms/{w.words_poll.room.code}/screen/",
                   "/admin/rooms/poll/"],
        lambda w: [t for p in Poll.objects.all() for t in (p.question, *p.options.values_list("text", flat=True))],
    ),
    "word cloud answer": Write(
        "guest", lambda w: f"/rooms/{w.words_poll.room.code}/",
        lambda w, v: {"poll": w.words_poll.pk, "text": v[:60]},
        lambda w: [f"/rooms/{w.words_poll.room.code}/", f"/rooms/{w.words_poll.room.code}/screen/",
                   f"/rooms/{w.words_poll.room.code}/console/"],
        lambda w: list(PollAnswer.objects.values_list("text", flat=True)),
        opened_first=lambda w: f"/join/{w.words_poll.room.code}/",
    ),
    "open answer": Write(
        "guest", lambda w: f"/rooms/{w.text_poll.room.code}/",
        lambda w, v: {"poll": w.text_poll.pk, "text": v[:300]},
        lambda w: [f"/rooms/{w.text_poll.room.code}/console/", "/admin/rooms/pollanswer/"],
        lambda w: list(PollAnswer.objects.values_list("text", flat=True)),
        opened_first=lambda w: f"/join/{w.text_poll.room.code}/",
    ),
    "statement by the organisers": Write(
        "organiser", lambda w: "/admin/opinions/statement/add/",
        lambda w, v: {"topic": w.practice.topic_id, "text_en": v[:500], "text_de": v[:500], "text_fr": "",
                      "status": "shown"},
        lambda w: ["/admin/opinions/statement/", f"/exhibition/topics/{w.practice.topic.slug}/statements/"],
        lambda w: [t for s in Statement.objects.all() for t in (s.text_en or "", s.text_de or "")],
    ),
    "statement vote": Write(
        "guest", lambda w: f"/exhibition/topics/{w.practice.topic.slug}/statements/",
        lambda w, v: {"statement": v[:20], "choice": v[:5]},
        lambda w: [f"/exhibition/topics/{w.practice.topic.slug}/statements/", "/exhibition/opinions/"],
        lambda w: list(Vote.objects.values_list("voter", flat=True)),
    ),
    "statement proposal": Write(
        "citizen", lambda w: f"/exhibition/topics/{w.practice.topic.slug}/statements/propose/",
        lambda w, v: {"text": v[:280]},
        lambda w: ["/admin/opinions/statement/", f"/exhibition/topics/{w.practice.topic.slug}/statements/"],
        lambda w: [s.text or "" for s in Statement.objects.filter(source="citizen")],
    ),
    "voting wall": Write(
        "moderator", lambda w: f"/exhibition/cities/{w.showing_city}/topics/{w.practice.topic.slug}/statements/paper/",
        lambda w, v: {f"{choice}_{s.pk}": v[:12] for s in Statement.objects.all() for choice in ("agree", "passed")},
        lambda w: [f"/exhibition/cities/{w.showing_city}/topics/{w.practice.topic.slug}/statements/"],
        lambda w: [str(t) for t in PaperTally.objects.values_list("agree", flat=True)],
    ),
    "delegation member": Write(
        "mayor", lambda w: "/me/delegation/people/new/",
        lambda w, v: {"kind": "delegate", "full_name": v[:120], "function": v[:120], "nationality": v[:60],
                      "arrival_by": v[:40], "hotel": v[:120], "diet": "other", "diet_notes": v[:200],
                      "access_needs": v[:200], "interpretation": "fr"},
        lambda w: ["/me/delegation/", "/admin/delegations/member/", "/admin/delegations/delegation/"],
        lambda w: [t for m in Member.objects.all() for t in (m.full_name, m.function, m.nationality, m.arrival_by,
                                                            m.hotel, m.diet_notes, m.access_needs)],
    ),
    "meeting request": Write(
        "mayor", lambda w: "/me/meetings/new/",
        lambda w, v: {"city": City.objects.exclude(delegates__user=w.mayor).order_by("pk").first().slug,
                      "first": "2019-08-31T10:00:00+02:00", "message": v[:500]},
        lambda w: ["/me/meetings/", "/admin/delegations/meeting/"],
        lambda w: list(Meeting.objects.values_list("message", flat=True)),
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
