"""Load the demo summit (Düsseldorf 2019), demo practices and demo accounts. Safe to run again: it updates in place.

`--size large` adds 200 generated practices across all 36 cities and 1,000 outcomes across the five workshops,
for benchmarks.
"""

import datetime
import io
import json
import uuid
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image, ImageDraw

from declarations.models import AmendmentKind, Declaration, DeclarationStatus
from declarations.services.pledges import pledge_load_demo, pledge_progress_load_demo
from declarations.services.signing import signature_record_on_paper
from declarations.services.texts import amendment_propose, declaration_load
from events.models import (
    Accreditation,
    Event,
    PressContact,
    PressPhoto,
    PressRelease,
    Question,
    QuestionVote,
    Registration,
    RegistrationStatus,
)
from events.services.press import press_photo_store
from exhibition.models import Showing
from exhibition.services.showings import showing_moderators_sync
from summit.images import image_clean
from summit.models import (
    City,
    Delegate,
    DelegateTitle,
    ProgrammeItem,
    ProgrammeKind,
    Summit,
    Topic,
    User,
    Venue,
)
from summit.permissions import FACILITATORS, ORGANISERS
from summit.services import role_groups_ensure
from workshops.models import BestPractice, Outcome, PracticeStatus, Workshop
from workshops.services import practice_approve_imported

SEED_DIR = Path(__file__).resolve().parents[2] / "seed"
LARGE_PRACTICES = 200
LARGE_OUTCOMES = 1000
# Stable UUIDs for demo outcomes, so that running seed_demo again updates instead of adding.
DEMO_NAMESPACE = uuid.UUID("6f1c1b7e-2019-4d0e-9a55-d0551d0f2019")
DEMO_PASSWORD = "living-together-2019"  # noqa: S105 - printed for demo sign-in, refused without DEBUG
DEMO_ACCOUNTS = [
    # email, name, role, city
    ("organiser@example.org", "Olga Organiser", "organiser", None),
    ("mayor.duesseldorf@example.org", "Demo Mayor of Düsseldorf", DelegateTitle.MAYOR, "Düsseldorf"),
    ("mayor.montreal@example.org", "Demo Mayor of Montréal", DelegateTitle.MAYOR, "Montréal"),
    ("facilitator@example.org", "Fatima Facilitator", "facilitator", None),
    ("citizen@example.org", "Chris Citizen", "citizen", None),
    ("moderator.montreal@example.org", "Marie Moderator", "showing moderator", "Montréal"),
]
# The live public side of the demo (seed_demo._load_public_side_live): invented, marked as demo content.
LIVE_QUESTIONS = [
    ("Will our street get a school street too, and who decides which streets come first?", 4),
    ("How do you keep the shops on board when parking spaces go?", 2),
    ("Can children help draw the map of unsafe crossings in our district?", 1),
]
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


# The seed file has no visibility flag; the mayors' dinner is the demo's delegates-only item.
DELEGATES_ONLY = {"Welcome dinner with keynote on the livable city"}


def _other_languages(entry: dict[str, dict[str, str]]) -> dict[str, str]:
    """{"de": {"name": "…"}} from translations.json → {"name_de": "…"}, the columns django-modeltranslation adds."""
    return {f"{field}_{language}": text for language, fields in entry.items() for field, text in fields.items()}


class Command(BaseCommand):
    help = "Load the demo summit (idempotent) and create demo accounts with a known password."

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-demo-accounts",
            action="store_true",
            help="Create the demo accounts even with DEBUG off (they have a published password).",
        )
        parser.add_argument("--no-accounts", action="store_true", help="Load the data only, no demo accounts.")
        parser.add_argument(
            "--size",
            choices=["demo", "large"],
            default="demo",
            help="large adds 200 generated practices across all cities (for benchmarks).",
        )

    def handle(self, *args, with_demo_accounts, no_accounts, size, **options):
        if not settings.DEBUG and not with_demo_accounts and not no_accounts:
            raise CommandError(
                "DEBUG is off: demo accounts with a known password would be created. "
                "Pass --no-accounts for the data only, or --with-demo-accounts if you really want them."
            )
        data = json.loads((SEED_DIR / "summit.json").read_text(encoding="utf-8"))
        translations = json.loads((SEED_DIR / "translations.json").read_text(encoding="utf-8"))
        practices = json.loads((SEED_DIR / "practices.json").read_text(encoding="utf-8"))["practices"]
        with transaction.atomic():
            summit = self._load_summit(data, translations)
            if not no_accounts:
                self._load_accounts()
            count = self._load_practices(practices)
            workshops = self._load_workshops(summit)
            outcomes = self._load_outcomes(workshops)
            self._load_showing(summit)
            self._load_events(summit)
            self._load_public_side_live(summit)
            self._load_declarations(data["declarations"])
            self._load_pledges(json.loads((SEED_DIR / "pledges.json").read_text(encoding="utf-8"))["pledges"])
            self._load_demo_draft(json.loads((SEED_DIR / "demo_draft.json").read_text(encoding="utf-8")))
            if size == "large":
                count += self._load_large_practices()
                outcomes += self._load_large_outcomes(workshops)
        self.stdout.write(
            self.style.SUCCESS(f"Demo summit loaded: {summit.name}, {count} demo practices, {outcomes} outcomes")
        )
        if not no_accounts:
            self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
            labels = [(f"{role.replace('_', ' ')} of {city}" if city else role, email)
                      for email, _name, role, city in DEMO_ACCOUNTS]  # fmt: skip
            width = max(len(label) for label, _email in labels)
            for label, email in labels:
                self.stdout.write(f"  {label:<{width}}  {email}")

    def _load_summit(self, data, translations):
        info = data["summit"]
        Summit.objects.exclude(slug="duesseldorf-2019").update(is_current=False)
        summit, _ = Summit.objects.update_or_create(
            slug="duesseldorf-2019",
            defaults={
                "name": info["name"],
                "slogan": info["slogan"],
                "host_city": info["host_city"],
                "starts_on": info["starts_on"],
                "ends_on": info["ends_on"],
                "time_zone": info["timezone"],
                "languages": info["languages"],
                "context": info["context"],
                "is_current": True,
                **_other_languages(translations["summit"]),
            },
        )
        topics = {}
        for topic in data["topics"]:
            topics[topic["slug"]], _ = Topic.objects.update_or_create(
                slug=topic["slug"],
                defaults={
                    "name": topic["name"],
                    "order": topic["order"],
                    "colour": topic["colour"],
                    "summary": topic["summary"],
                    **_other_languages(translations["topics"].get(topic["slug"], {})),
                },
            )
        venues = {}
        for venue in data["venues"]:
            venues[venue["slug"]], _ = Venue.objects.update_or_create(
                slug=venue["slug"],
                defaults={
                    "name": venue["name"],
                    "address": venue["address"],
                    **_other_languages(translations["venues"].get(venue["slug"], {})),
                },
            )
        for city in data["cities"]:
            City.objects.update_or_create(
                slug=slugify(city["name"]), defaults={"name": city["name"], "country": city["country"]}
            )
        self._load_programme(summit, data["programme"], translations, topics, venues)
        return summit

    def _load_programme(self, summit, programme, translations, topics, venues):
        tz = summit.tzinfo
        for item in programme:
            day = datetime.date.fromisoformat(item["day"])

            def at(clock, day=day):
                return datetime.datetime.combine(day, datetime.time.fromisoformat(clock), tzinfo=tz)

            ProgrammeItem.objects.update_or_create(
                summit=summit,
                title=item["title"],
                defaults={
                    "kind": item["kind"],
                    "starts_at": at(item["start"]),
                    "ends_at": at(item["end"]),
                    "venue": venues[item["venue"]],
                    "topic": topics.get(item.get("topic")),
                    "is_public": item["title"] not in DELEGATES_ONLY,
                    **_other_languages(translations["programme"].get(item["title"], {})),
                },
            )

    def _load_practices(self, practices):
        author = User.objects.filter(email="mayor.duesseldorf@example.org").first()
        for item in practices:
            self._practice(
                city=City.objects.get(name=item["city"]),
                topic=Topic.objects.get(slug=item["topic"]),
                author=author if item["city"] == "Düsseldorf" else None,
                **{key: item[key] for key in ("title", "summary", "body", "results", "links")},
            )
        return len(practices)

    def _load_workshops(self, summit):
        """One workshop per workshop programme item, facilitated by the demo facilitator if there is one."""
        facilitator = User.objects.filter(email="facilitator@example.org").first()
        workshops = {}
        for item in ProgrammeItem.objects.filter(summit=summit, kind="workshop").select_related("topic"):
            # Ready for the exhibition, so that the first compile shows what the demo workshops produced.
            workshop, _ = Workshop.objects.get_or_create(
                programme_item=item, defaults={"topic": item.topic, "ready_for_exhibition": True}
            )
            if facilitator:
                workshop.facilitators.add(facilitator)
            workshops[item.topic.slug] = workshop
        return workshops

    def _load_outcomes(self, workshops):
        data = json.loads((SEED_DIR / "outcomes.json").read_text(encoding="utf-8"))["outcomes"]
        cities = {city.name: city for city in City.objects.all()}
        count = 0
        for slug, rows in data.items():
            for order, (kind, text, city, votes) in enumerate(rows, start=1):
                self._outcome(workshops[slug], f"{slug}:{order}", kind, text, cities.get(city), order, votes)
                count += 1
        return count

    def _load_large_outcomes(self, workshops):
        kinds = ["insight", "challenge", "solution", "commitment", "question"]
        cities = list(City.objects.order_by("name"))
        for number in range(LARGE_OUTCOMES):
            workshop = list(workshops.values())[number % len(workshops)]
            self._outcome(
                workshop,
                f"large:{number}",
                kinds[number % len(kinds)],
                f"Generated outcome {number} for benchmarks.",
                cities[number % len(cities)],
                100 + number,
                number % 13,
            )
        return LARGE_OUTCOMES

    def _outcome(self, workshop, key, kind, text, city, order, votes):
        Outcome.objects.update_or_create(
            uuid=uuid.uuid5(DEMO_NAMESPACE, key),
            defaults={
                "workshop": workshop,
                "kind": kind,
                "text": text,
                "city": city,
                "order": order,
                "votes": votes,
                "is_demo": True,
            },
        )

    def _load_large_practices(self):
        cities = list(City.objects.order_by("name"))
        topics = list(Topic.objects.order_by("order"))
        for number in range(1, LARGE_PRACTICES + 1):
            city, topic = cities[number % len(cities)], topics[number % len(topics)]
            self._practice(
                city=city,
                topic=topic,
                author=None,
                title=f"Large demo practice {number}: {topic.name} in {city.name}",
                summary=f"Generated practice number {number} for benchmarks: how {city.name} works on {topic.name}.",
                body=f"Generated **demo** text for benchmarks.\n\n- step one in {city.name}\n- step two\n- step three",
                results=f"- {number * 10} people reached",
                links=[],
            )
        return LARGE_PRACTICES

    def _practice(self, *, city, topic, author, title, **content):
        """A demo practice arrives submitted and is approved as imported data (logged); a second run keeps it."""
        fields = {"topic": topic, "author": author, "language": "en", "is_demo": True, **content}
        practice, _ = BestPractice.objects.update_or_create(
            city=city,
            title=title,
            defaults=fields,
            create_defaults={**fields, "status": PracticeStatus.SUBMITTED},
        )
        if practice.status == PracticeStatus.SUBMITTED:
            practice_approve_imported(practice=practice, reason="Demo data loaded by seed_demo.")

    def _load_showing(self, summit):
        """Montréal takes the exhibition home (an invented demo showing; its moderator is a demo account)."""
        summit.refresh_from_db(fields=["ends_on"])  # a date again, not the seed file's text
        showing, _ = Showing.objects.update_or_create(
            city=City.objects.get(name="Montréal"),
            defaults={
                "title": "Vivre ensemble à Montréal (démo)",
                "language": "fr",
                "starts_on": summit.ends_on + datetime.timedelta(days=30),
                "ends_on": summit.ends_on + datetime.timedelta(days=60),
                "venue": "Hôtel de Ville de Montréal, hall d'honneur",
                "address": "275 rue Notre-Dame Est, Montréal",
                "time_zone": "America/Montreal",
                "opening_hours": {str(day): ["09:00", "17:00"] for day in range(5)},
            },
        )
        moderator = User.objects.filter(email="moderator.montreal@example.org").first()
        if moderator:
            showing.moderators.add(moderator)
        showing_moderators_sync()

    def _load_events(self, summit):
        """Sign-ups on the public discussions and cultural events (invented capacities; the 2019 events are over,
        so their pages say so), and an invented press contact."""
        capacities = {ProgrammeKind.PUBLIC_DISCUSSION: 150, ProgrammeKind.CULTURAL_EVENT: 300}
        for item in ProgrammeItem.objects.filter(summit=summit, kind__in=capacities):
            Event.objects.get_or_create(item=item, defaults={"capacity": capacities[item.kind]})
        PressContact.objects.get_or_create(
            email="press@example.org", defaults={"name": "Press office (demo)", "role": "Summit press office"}
        )

    def _load_public_side_live(self, summit):
        """The 2019 summit is over, so a newcomer would meet only finished events. These invented demo items are
        dated from today each time the demo is loaded: a public discussion next week with two places left to one
        (the next sign-up joins the waiting list), a discussion on now whose room takes questions, two press
        releases (one out, one under embargo), a journalist's pending accreditation and a credited press photo."""
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
            question, _ = Question.objects.get_or_create(
                event=room, text=text, defaults={"asker": f"pass:demo-{number}"}
            )
            for voter in range(likes):
                QuestionVote.objects.get_or_create(question=question, voter=f"pass:demo-like-{voter}", kind="like")
            question.likes = question.votes.filter(kind=QuestionVote.Kind.LIKE).count()
            question.save(update_fields=["likes"])
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

    def _load_declarations(self, declarations):
        """Montréal 2015 as the reference text; Düsseldorf 2019 open for signature with the 35 cities that signed it
        on paper at the closing ceremony."""
        cities = {city.name: city for city in City.objects.all()}
        for info in declarations:
            reference = info["slug"] == "montreal-2015"
            declaration = declaration_load(
                slug=info["slug"],
                title=info["title"],
                place=info["place"],
                status=DeclarationStatus.REFERENCE if reference else info["status"],
                adopted_on=datetime.date.fromisoformat(info["adopted_on"]),
                note=info["note"],
                clauses=info["clauses"],
            )
            if reference:
                continue
            for name in info["signatories"]:
                signature_record_on_paper(declaration=declaration, city=cities[name], signed_on=declaration.adopted_on)

    def _load_pledges(self, pledges):
        """A few invented pledges under the Düsseldorf declaration, marked as demo content, with their progress."""
        declaration = Declaration.objects.get(slug="duesseldorf-2019")
        for info in pledges:
            pledge = pledge_load_demo(
                declaration=declaration,
                city=City.objects.get(name=info["city"]),
                data={
                    "topic": Topic.objects.get(slug=info["topic"]),
                    "title": info["title"],
                    "description": info["description"],
                    "target_date": datetime.date.fromisoformat(info["target_date"]),
                },
            )
            if pledge.status != info["status"] or not pledge.updates.exists():
                pledge_progress_load_demo(pledge=pledge, status=info["status"], updates=info["updates"])

    def _load_demo_draft(self, data):
        """An invented draft declaration with one open amendment (when the demo accounts exist), so that the demo
        shows the amendments: the summit's own declaration is already open for signature."""
        info = data["declaration"]
        draft = declaration_load(
            slug=info["slug"], title=info["title"], place=info["place"], status=DeclarationStatus.DRAFT,
            adopted_on=None, note=info["note"], clauses=info["clauses"],
        )  # fmt: skip
        amendment = data["amendment"]
        proposer = User.objects.filter(email=amendment["proposer"]).first()
        if proposer is None or draft.amendments.exists():
            return
        amendment_propose(
            declaration=draft,
            city=proposer.delegations.get().city,
            by=proposer,
            kind=AmendmentKind.CHANGE,
            clause=draft.clauses.get(number=amendment["clause"]),
            text=amendment["text"],
            reason=amendment["reason"],
        )

    def _load_accounts(self):
        role_groups_ensure()
        organisers = Group.objects.get(name=ORGANISERS)
        facilitators = Group.objects.get(name=FACILITATORS)
        for email, name, role, city_name in DEMO_ACCOUNTS:
            user, _ = User.objects.update_or_create(
                email=email, defaults={"name": name, "is_staff": role == "organiser", "is_active": True}
            )
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            EmailAddress.objects.update_or_create(user=user, email=email, defaults={"primary": True, "verified": True})
            if role == "organiser":
                user.groups.add(organisers)
            elif role == "facilitator":
                user.groups.add(facilitators)
            elif city_name and role in DelegateTitle.values:
                Delegate.objects.update_or_create(
                    user=user, city=City.objects.get(name=city_name), defaults={"title": role}
                )
