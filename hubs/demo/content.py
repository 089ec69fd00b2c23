"""The demo's practices, workshops and outcomes, and the large demo for benchmarks (`--size large`)."""

import json
import uuid

from hubs.demo.data import DEMO_NAMESPACE, LARGE_OUTCOMES, LARGE_PRACTICES, SEED_DIR
from summit.models import (
    City,
    ProgrammeItem,
    Topic,
    User,
)
from workshops.models import BestPractice, Outcome, PracticeStatus, Workshop
from workshops.services import practice_approve_imported


def practices_load(practices):
    author = User.objects.filter(email="mayor.duesseldorf@example.org").first()
    for item in practices:
        _practice(
            city=City.objects.get(name=item["city"]),
            topic=Topic.objects.get(slug=item["topic"]),
            author=author if item["city"] == "Düsseldorf" else None,
            **{key: item[key] for key in ("title", "summary", "body", "results", "links")},
        )
    return len(practices)


def _practice(*, city, topic, author, title, **content):
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


def large_practices_load():
    cities = list(City.objects.order_by("name"))
    topics = list(Topic.objects.order_by("order"))
    for number in range(1, LARGE_PRACTICES + 1):
        city, topic = cities[number % len(cities)], topics[number % len(topics)]
        _practice(
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


def workshops_load(summit):
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


def outcomes_load(workshops):
    data = json.loads((SEED_DIR / "outcomes.json").read_text(encoding="utf-8"))["outcomes"]
    cities = {city.name: city for city in City.objects.all()}
    count = 0
    for slug, rows in data.items():
        for order, (kind, text, city, votes) in enumerate(rows, start=1):
            _outcome(workshops[slug], f"{slug}:{order}", kind, text, cities.get(city), order, votes)
            count += 1
    return count


def _outcome(workshop, key, kind, text, city, order, votes):
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


def large_outcomes_load(workshops):
    kinds = ["insight", "challenge", "solution", "commitment", "question"]
    cities = list(City.objects.order_by("name"))
    for number in range(LARGE_OUTCOMES):
        workshop = list(workshops.values())[number % len(workshops)]
        _outcome(
            workshop,
            f"large:{number}",
            kinds[number % len(kinds)],
            f"Generated outcome {number} for benchmarks.",
            cities[number % len(cities)],
            100 + number,
            number % 13,
        )
    return LARGE_OUTCOMES
