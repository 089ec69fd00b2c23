"""The compile pipeline's pure part: sources (plain data from selectors) → exhibit plans with content hashes.

Nothing here touches the database or invents text: every sentence in a payload was written by a facilitator, a
delegate or an organiser; the rest is counts and orderings. The same sources always give the same hashes.
"""

import hashlib
import json
from dataclasses import dataclass

from exhibition.themes import related_of, themes_of
from rooms.pages import results_charts
from summit.text import markdown_to_html

TOP_OUTCOMES = 5
KIND_ORDER = ["insight", "challenge", "solution", "commitment", "question"]


@dataclass(frozen=True)
class ExhibitPlan:
    key: str
    kind: str
    slug: str
    title: str
    order: int
    payload: dict
    content_hash: str


def content_hash(payload: dict) -> str:
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


OVERVIEW_THEMES = 10


def _top(outcomes: list[dict], count: int = TOP_OUTCOMES) -> list[dict]:
    """Most dot-votes first; ties keep the workshop's own order."""
    return sorted(outcomes, key=lambda outcome: -outcome["votes"])[:count]


def _renamed(i18n: dict, source: str, target: str) -> dict:
    """Translations of `source` filed under `target`, e.g. a topic's name as its exhibit's title (see localised)."""
    return {language: {target: fields[source]} for language, fields in i18n.items() if source in fields}


def topic_payload(
    topic: dict,
    workshops: list[dict],
    practices: list[dict],
    discussion: dict | None = None,
    pledges: list[dict] | None = None,
    questions: list[dict] | None = None,
) -> dict:
    outcomes = [outcome for workshop in workshops for outcome in workshop["outcomes"]]
    themes = themes_of([{**o, "workshop": w["id"]} for w in workshops for o in w["outcomes"]])
    by_kind = {
        kind: _top([outcome for outcome in outcomes if outcome["kind"] == kind])
        for kind in KIND_ORDER
        if kind != "commitment"
    }
    cities = sorted({o["city"] for o in outcomes if o["city"]} | {p["city"] for p in practices})
    return {
        "topic": topic,
        "i18n": _renamed(topic.get("i18n", {}), "name", "title"),
        "workshop_summaries": [w["summary_html"] for w in workshops if w["summary_html"]],
        "workshops": [{"id": w["id"], "title": w["title"], "i18n": w.get("i18n", {})} for w in workshops],
        "top_outcomes": _top([o for o in outcomes if o["kind"] != "commitment"]),
        "outcomes_by_kind": {kind: items for kind, items in by_kind.items() if items},
        "commitments": [o for o in outcomes if o["kind"] == "commitment"],
        "practices": [
            {key: practice[key] for key in ("id", "title", "city", "summary", "is_demo")}
            # A practice's photo (its poster rendition) only where it has one, for the same reason.
            | ({"image": practice["image"], "image_alt": practice["image_alt"]} if practice.get("image") else {})
            for practice in practices
        ],
        "cities": cities,
        # Only with pledges, so that editions made before the declarations keep their hashes.
        **({"pledges": pledges} if pledges else {}),
        # Outcomes grouped by what they say (exhibition.themes); only with some, for the same reason.
        **({"themes": themes} if themes else {}),
        # Questions answered live at the topic's public events (only with some, for the same reason).
        **({"questions": questions} if questions else {}),
        "discussion": discussion or {"comments": 0, "answered": 0},
        "figures": {
            "outcomes": len(outcomes),
            "votes": sum(o["votes"] for o in outcomes),
            "practices": len(practices),
            "cities": len(cities),
        },
    }


def workshop_payload(workshop: dict, topic: dict, polls: list[dict] | None = None) -> dict:
    """A workshop's exhibit: its summary, outcomes by kind, photos, and the room's closed polls with their charts."""
    return {
        "topic": topic,
        "title": workshop["title"],
        "i18n": workshop.get("i18n", {}),
        "summary_html": workshop["summary_html"],
        "outcomes": {
            kind: [o for o in workshop["outcomes"] if o["kind"] == kind]
            for kind in KIND_ORDER
            if any(o["kind"] == kind for o in workshop["outcomes"])
        },
        "votes": sum(o["votes"] for o in workshop["outcomes"]),
        # Only with photos, so that editions made before keep their hashes.
        **({"photos": workshop["photos"]} if workshop.get("photos") else {}),
        **(
            {
                "polls": [
                    {**poll, "chart_id": f"poll-{poll['id']}", "results": results_charts(poll["results"])}
                    for poll in polls
                ]
            }
            if polls
            else {}
        ),
    }


def practice_payload(practice: dict, topic: dict, related: list[dict] | None = None) -> dict:
    return {
        "topic": topic,
        **{key: value for key, value in practice.items() if key != "topic"},
        # Similar practices from other cities; only with some, so that editions made before keep their hashes.
        **({"related": related} if related else {}),
    }


def opinions_payload(topic: dict, opinions: dict) -> dict:
    """What the cities think of a topic's statements: shares agreeing by place ("" the summit), uniting, dividing."""
    statements = opinions["statements"]
    return {
        "topic": topic,
        "i18n": _renamed(topic.get("i18n", {}), "name", "title"),
        "places": opinions["places"],
        "statements": statements,
        "consensus": [s for s in statements if s["id"] in opinions["consensus"]],
        "divisive": [s for s in statements if s["id"] in opinions["divisive"]],
        "figures": {"statements": len(statements), "votes": sum(s["total"] for s in statements),
                    "places": len(opinions["places"])},
    }  # fmt: skip


def declaration_payload(declaration: dict) -> dict:
    """The text, the signatory cities and the pledges grouped by topic."""
    by_topic: dict[str, list[dict]] = {}
    for pledge in declaration["pledges"]:
        by_topic.setdefault(pledge["topic"], []).append(pledge)
    return {
        **declaration,
        "pledges_by_topic": by_topic,
        "figures": {
            "signatories": len(declaration["signatories"]),
            "countries": len({s["country"] for s in declaration["signatories"]}),
            "pledges": len(declaration["pledges"]),
        },
    }


def overview_payload(summit: dict, topic_plans: list[ExhibitPlan], workshops: list[dict] | None = None) -> dict:
    cities = sorted({city for plan in topic_plans for city in plan.payload["cities"]})
    themes = themes_of([{**o, "workshop": w["id"]} for w in workshops or [] for o in w["outcomes"]])
    return {
        # The themes across all topics, the ten with most dot-votes; only with some, so that hashes keep.
        **({"themes": themes[:OVERVIEW_THEMES]} if themes else {}),
        "summit": summit,
        "i18n": _renamed(summit.get("i18n", {}), "name", "title"),
        "topics": [
            {
                "slug": plan.slug,
                "name": plan.title,
                "i18n": _renamed(plan.payload["i18n"], "title", "name"),
                "colour": plan.payload["topic"]["colour"],
                **plan.payload["figures"],
            }
            for plan in topic_plans
        ],
        "figures": {
            "outcomes": sum(plan.payload["figures"]["outcomes"] for plan in topic_plans),
            "practices": sum(plan.payload["figures"]["practices"] for plan in topic_plans),
            "cities": len(cities),
            "topics": len(topic_plans),
        },
        "cities": cities,
    }


def _plan(key: str, kind: str, slug: str, title: str, order: int, payload: dict) -> ExhibitPlan:
    return ExhibitPlan(key, kind, slug, title, order, payload, content_hash(payload))


def plan_edition(sources: dict) -> list[ExhibitPlan]:
    """Every exhibit of an edition: overview, one per topic (and its opinions), per declaration, per ready workshop
    and per approved practice. The workshops' summaries come as written (Markdown), frozen here as cleaned HTML."""
    workshops = [{**w, "summary_html": str(markdown_to_html(w["summary"]))} for w in sources["workshops"]]
    sources = {**sources, "workshops": workshops}
    topics = {topic["slug"]: topic for topic in sources["topics"]}
    topic_plans = [
        _plan(
            f"topic:{slug}",
            "topic",
            slug,
            topic["name"],
            10 + 2 * index,
            topic_payload(
                topic,
                [w for w in sources["workshops"] if w["topic"] == slug],
                [p for p in sources["practices"] if p["topic"] == slug],
                sources.get("discussion", {}).get(f"topic:{slug}"),
                [
                    {**pledge, "declaration": declaration["title"], "declaration_slug": declaration["slug"]}
                    for declaration in sources.get("declarations", [])
                    for pledge in declaration["pledges"]
                    if pledge["topic"] == slug
                ],
                [question for question in sources.get("questions", []) if question["topic"] == slug],
            ),
        )
        for index, (slug, topic) in enumerate(topics.items())
    ]
    opinion_plans = [
        _plan(f"opinions:{slug}", "opinions", f"{slug}-opinions", topic["name"], 11 + 2 * index,
              opinions_payload(topic, sources["opinions"][slug]))
        for index, (slug, topic) in enumerate(topics.items())
        if slug in sources.get("opinions", {})
    ]  # fmt: skip
    workshop_plans = [
        _plan(f"workshop:{w['id']}", "workshop", f"workshop-{w['id']}", w["title"], 100 + index,
              workshop_payload(w, topics[w["topic"]], sources.get("polls", {}).get(f"workshop-{w['id']}")))
        for index, w in enumerate(sources["workshops"])
    ]  # fmt: skip
    related = related_of(sources["practices"])
    practice_plans = [
        _plan(f"practice:{p['id']}", "practice", f"practice-{p['id']}", p["title"], 1000 + index,
              practice_payload(p, topics[p["topic"]], related.get(p["id"])))
        for index, p in enumerate(sources["practices"])
    ]  # fmt: skip
    declaration_plans = [
        _plan(f"declaration:{d['slug']}", "declaration", f"declaration-{d['slug']}", d["title"], 50 + index,
              declaration_payload(d))
        for index, d in enumerate(sources.get("declarations", []))
    ]  # fmt: skip
    overview = _plan("overview", "overview", "overview", sources["summit"]["name"], 0,
                     overview_payload(sources["summit"], topic_plans, sources["workshops"]))  # fmt: skip
    # In reading order: a topic's opinions (once anyone weighed them) after it; under 20 topics stay before the
    # declarations at 50.
    plans = [overview, *topic_plans, *opinion_plans, *declaration_plans, *workshop_plans, *practice_plans]
    return sorted(plans, key=lambda plan: plan.order)


def edition_hash(plans: list[ExhibitPlan]) -> str:
    return content_hash({plan.key: plan.content_hash for plan in plans})


def _own(payload: dict) -> dict:
    """A practice's payload without what other practices bring to it (its related practices)."""
    return {key: value for key, value in payload.items() if key != "related"}


def edition_changes(previous: dict[str, dict], plans: list[ExhibitPlan]) -> dict:
    """What is new or changed in `plans` against the previous edition's payloads (`previous`, by exhibit key):
    outcomes by their id, practices by theirs, signatures and pledges by city and title. Only participants' items,
    listed as they are; nothing is summarised."""
    topics: dict[str, dict[str, list]] = {}

    def bucket(slug: str) -> dict[str, list]:
        return topics.setdefault(slug, {"outcomes": [], "practices": []})

    declarations = []
    for plan in plans:
        before = previous.get(plan.key)
        if plan.kind == "workshop":
            earlier = {o["id"]: o["text"] for items in (before or {}).get("outcomes", {}).values() for o in items}
            for kind, items in plan.payload["outcomes"].items():
                for outcome in items:
                    if outcome["id"] not in earlier or earlier[outcome["id"]] != outcome["text"]:
                        bucket(plan.payload["topic"]["slug"])["outcomes"].append({
                            "id": outcome["id"], "kind": kind, "text": outcome["text"], "city": outcome["city"],
                            "workshop": plan.title, "change": "new" if outcome["id"] not in earlier else "changed",
                        })  # fmt: skip
        elif plan.kind == "practice" and (before is None or _own(before) != _own(plan.payload)):
            bucket(plan.payload["topic"]["slug"])["practices"].append({
                "id": plan.payload["id"], "title": plan.title, "city": plan.payload["city"],
                "change": "new" if before is None else "changed",
            })  # fmt: skip
        elif plan.kind == "declaration":
            signed = {s["city"] for s in (before or {}).get("signatories", [])}
            pledged = {(p["city"], p["title"]) for p in (before or {}).get("pledges", [])}
            declarations.append({
                "title": plan.title,
                "signatures": [s["city"] for s in plan.payload["signatories"] if s["city"] not in signed],
                "pledges": [p for p in plan.payload["pledges"] if (p["city"], p["title"]) not in pledged],
            })  # fmt: skip
    return {
        "topics": {slug: items for slug, items in sorted(topics.items()) if items["outcomes"] or items["practices"]},
        "declarations": [d for d in declarations if d["signatures"] or d["pledges"]],
    }
