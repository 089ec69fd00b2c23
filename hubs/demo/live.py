"""The demo's public side, dated from the day it is loaded (seed_demo): the 2019 summit is over, so without it a
newcomer would meet only finished events. Everything here is invented and marked as demo content."""

import datetime
import io

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from events.models import (
    Accreditation,
    Event,
    PressPhoto,
    PressRelease,
    Question,
    QuestionVote,
    Registration,
    RegistrationStatus,
)
from events.services.press import press_photo_store
from rooms.models import PollKind
from rooms.passes import Voter
from rooms.services import poll_answer, poll_create, poll_open, poll_show, room_ensure
from summit.images import image_clean
from summit.models import ProgrammeItem, ProgrammeKind, Topic, Venue

LIVE_QUESTIONS = [
    ("Will our street get a school street too, and who decides which streets come first?", 4),
    ("How do you keep the shops on board when parking spaces go?", 2),
    ("Can children help draw the map of unsafe crossings in our district?", 1),
]
ROOM_POLL = ("Which street should be calmed first (demo)?",
             ["The one by the school", "The market street", "The ring road's crossings"])  # fmt: skip
PRESS_RELEASES = [  # title, Markdown, days from now until it may be published (negative: already out)
    ("Mayors of 36 cities agree on the Düsseldorf Declaration (demo)",
     "Mayors from **36 cities** ended the summit with a declaration on living together. *Demo press release.*", -1),
    ("Cities report on their pledges one year on (demo, under embargo)",
     "The follow-up report on the cities' pledges. *Demo press release, under embargo until its date.*", 2),
]  # fmt: skip
PRESS_PHOTO = {
    "caption": "The summit's five topics as colour bands (a generated demo image)",
    "alt_text": "Five vertical bands in the colours of the summit's five topics",
    "credit": "Generated for the demo", "licence": "CC BY 4.0",
}  # fmt: skip


def _topic_bands() -> bytes:
    """A demo press image: the five topics' colours as bands, made here rather than downloaded."""
    colours = [topic.colour for topic in Topic.objects.order_by("order")] or ["#1b1f24"]
    image = Image.new("RGB", (1500, 1000), "white")
    draw = ImageDraw.Draw(image)
    width = image.width // len(colours)
    for index, colour in enumerate(colours):
        draw.rectangle([index * width, 0, (index + 1) * width, image.height], fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def room_polls_load(room) -> None:
    """The open room's polls: one open and on its screen with a few demo answers, so a newcomer who joins with
    the room's code answers at once, and one prepared for the moderators to open."""
    if room.polls.exists():
        return
    poll = poll_create(room=room, kind=PollKind.SINGLE, question=ROOM_POLL[0], options=ROOM_POLL[1], by=None)
    poll_show(poll=poll_open(poll=poll, by=None), shown=True, by=None)
    options = list(poll.options.values_list("pk", flat=True))
    for number, picked in enumerate([0, 0, 1, 2, 0]):
        voter = Voter(key=f"pass:demo-poll-{number}", since=timezone.now(), account=False)
        poll_answer(poll=poll, voter=voter, user=None, language="en", choices=[options[picked]], value=None, text="")
    poll_create(room=room, kind=PollKind.WORDS, question="One word for the street you want (demo)?", options=[],
                by=None)  # fmt: skip


def public_side_live_load(summit) -> None:
    """The 2019 summit is over, so a newcomer would meet only finished events. These invented demo items are
    dated from today each time the demo is loaded: a public discussion next week with two places left to one
    (the next sign-up joins the waiting list), a discussion on now whose room takes questions, two press
    releases (one out, one under embargo), a journalist's pending accreditation and a credited press photo. The
    room on now also has a poll open on its screen."""
    tz, now = summit.tzinfo, timezone.now()
    today = timezone.localdate(now, tz)
    venue = Venue.objects.order_by("slug").first()
    topics = {topic.slug: topic for topic in Topic.objects.all()}

    def item(title, topic, starts_at, hours):
        programme_item, _ = ProgrammeItem.objects.update_or_create(
            summit=summit, title=title, defaults={
                "kind": ProgrammeKind.PUBLIC_DISCUSSION, "starts_at": starts_at,
                "ends_at": starts_at + datetime.timedelta(hours=hours), "venue": venue,
                "topic": topics[topic], "is_public": True,
                "description": "An invented demo event, dated from the day the demo was loaded.",
            },
        )  # fmt: skip
        return programme_item

    upcoming = item(
        "Living together after the summit: citizens ask the mayors (demo)", "inclusive-cities",
        datetime.datetime.combine(today + datetime.timedelta(days=7), datetime.time(18, 0), tzinfo=tz), 2,
    )  # fmt: skip
    event, _ = Event.objects.update_or_create(item=upcoming, defaults={"capacity": 2, "sign_up_open": True})
    for name in ("Anna Demo", "Ben Demo"):
        Registration.objects.get_or_create(
            event=event, email=f"{name.split()[0].lower()}.demo@example.org",
            defaults={"name": name, "status": RegistrationStatus.CONFIRMED, "confirmed_at": now},
        )  # fmt: skip
    live = item(
        "Open room: your questions on healthy streets (demo)", "healthy-cities",
        now.replace(second=0, microsecond=0) - datetime.timedelta(minutes=30), 3,
    )  # fmt: skip
    room, _ = Event.objects.update_or_create(item=live, defaults={"capacity": 200, "questions_open": True})
    for number, (text, likes) in enumerate(LIVE_QUESTIONS):
        question, _ = Question.objects.get_or_create(event=room, text=text, defaults={"asker": f"pass:demo-{number}"})
        for voter in range(likes):
            QuestionVote.objects.get_or_create(question=question, voter=f"pass:demo-like-{voter}", kind="like")
        question.likes = question.votes.filter(kind=QuestionVote.Kind.LIKE).count()
        question.save(update_fields=["likes"])
    room_polls_load(room_ensure(key=room.room_key))
    for title, body, days in PRESS_RELEASES:
        PressRelease.objects.update_or_create(
            title=title, defaults={"body": body, "publish_at": now + datetime.timedelta(days=days)}
        )
    Accreditation.objects.get_or_create(
        email="journalist.demo@example.org",
        defaults={"name": "Jana Journalist (demo)", "outlet": "Rheinische Demo-Zeitung"},
    )
    if not PressPhoto.objects.filter(caption=PRESS_PHOTO["caption"]).exists():
        press_photo_store(
            photo=PressPhoto(**PRESS_PHOTO), image=image_clean(ContentFile(_topic_bands(), name="topics.png"))
        )
