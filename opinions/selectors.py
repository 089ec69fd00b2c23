"""Reads for the opinions: the next statement a person has not answered, the shares agreeing here and across all
showings, and the last computed opinion groups with their statements."""

from collections import Counter

from django.db.models import Count, Q, QuerySet

from opinions.models import Choice, OpinionMap, PaperTally, Statement, StatementStatus, Vote
from summit.models import City
from summit.text import translations_of


def statements_shown(*, topic_slug: str) -> QuerySet[Statement]:
    return Statement.objects.filter(topic__slug=topic_slug, status=StatementStatus.SHOWN).order_by("id")


def statement_next(*, topic_slug: str, voter: str | None) -> tuple[Statement | None, int, int]:
    """The first shown statement of the topic this person has not answered, with how many they answered and how
    many there are."""
    shown = statements_shown(topic_slug=topic_slug)
    answered = (
        set(Vote.objects.filter(voter=voter, statement__in=shown).values_list("statement_id", flat=True))
        if voter
        else set()
    )
    total = shown.count()
    following = shown.exclude(pk__in=answered).first()
    return following, len(answered), total


def paper_tallies(*, topic_slug: str, scope: str) -> dict[int, dict]:
    """A showing's voting-wall counts typed in so far for the topic's statements, by statement."""
    found = PaperTally.objects.filter(statement__topic__slug=topic_slug, scope=scope).select_related("entered_by")
    return {tally.statement_id: {"agree": tally.agree, "disagree": tally.disagree, "passed": tally.passed,
                                 "entered_by": tally.entered_by, "updated_at": tally.updated_at}
            for tally in found}  # fmt: skip


def statements_proposed_by(*, user, topic_slug: str) -> QuerySet[Statement]:
    """What this person proposed on the topic, with where each stands (waiting, shown, left out)."""
    return Statement.objects.filter(proposed_by=user, topic__slug=topic_slug).order_by("-created_at")


def _tallies(statements: QuerySet[Statement]) -> dict[tuple[int, str], dict]:
    """The votes and the paper tallies on `statements`, counted per (statement, scope): two grouped queries."""
    counts = {}
    votes = (
        Vote.objects.filter(statement__in=statements)
        .values("statement_id", "scope")
        .order_by()
        .annotate(
            agree=Count("pk", filter=Q(choice=Choice.AGREE)),
            disagree=Count("pk", filter=Q(choice=Choice.DISAGREE)),
            passed=Count("pk", filter=Q(choice=Choice.PASS)),
        )
    )
    for row in votes:
        counts[row["statement_id"], row["scope"]] = {**row, "paper": 0}
    for tally in PaperTally.objects.filter(statement__in=statements).values():
        row = counts.setdefault((tally["statement_id"], tally["scope"]), {"agree": 0, "disagree": 0, "passed": 0,
                                                                          "paper": 0})  # fmt: skip
        for choice in ("agree", "disagree", "passed"):
            row[choice] += tally[choice]
        row["paper"] += tally["agree"] + tally["disagree"] + tally["passed"]
    return counts


def _share(rows: list[dict]) -> dict:
    """Counts summed over `rows`, with their total, the share agreeing (None without votes) and how many were on
    paper."""
    summed = {key: sum(row[key] for row in rows) for key in ("agree", "disagree", "passed", "paper")}
    total = summed["agree"] + summed["disagree"] + summed["passed"]
    return {**summed, "total": total, "share": round(100 * summed["agree"] / total) if total else None}


def statement_results(*, topic_slug: str, scope: str) -> list[dict]:
    """Each shown statement with the votes and share agreeing where the reader is (a showing, or the summit's own
    exhibition) and across all showings, paper tallies included."""
    statements = list(statements_shown(topic_slug=topic_slug))
    counts = _tallies(statements_shown(topic_slug=topic_slug))
    return [
        {"statement": statement,
         "here": _share([row for (pk, where), row in counts.items() if pk == statement.pk and where == scope]),
         "all": _share([row for (pk, _where), row in counts.items() if pk == statement.pk])}
        for statement in statements
    ]  # fmt: skip


def opinion_map(*, scope: str) -> dict | None:
    """The last computed groups of a scope with their statements' texts, or None before the first computation."""
    found = OpinionMap.objects.filter(scope=scope).first()
    if found is None:
        return None
    result = found.result
    ids = {int(pk) for pk in result.get("counts", {})}
    texts = dict(Statement.objects.filter(pk__in=ids).values_list("pk", "text"))

    def named(pks):
        return [{"id": pk, "text": texts[pk]} for pk in pks if pk in texts]

    return {
        "computed_at": found.computed_at, "participants": result["participants"], "clustered": result["clustered"],
        "groups": [{**group, "agrees": named(group["agrees"])} for group in result["groups"]],
        "drawing": map_drawing(result["groups"]) if result["groups"] else None,
        "consensus": named(result["consensus"]), "divisive": named(result["divisive"]),
    }  # fmt: skip


def scopes_computed() -> list[str]:
    return list(OpinionMap.objects.exclude(scope="").order_by("scope").values_list("scope", flat=True))


def city_comparison(*, scopes: list[str]) -> list[dict]:
    """Statement by statement, the share agreeing in each showing, paper tallies included."""
    statements = (
        Statement.objects.filter(status=StatementStatus.SHOWN).select_related("topic").order_by("topic__order", "id")
    )
    counts = _tallies(statements.order_by())
    return [
        {"statement": statement, "shares": [_share([counts[key]] if (key := (statement.pk, scope)) in counts else [])
                                            for scope in scopes]}
        for statement in statements
    ]  # fmt: skip


def city_results(*, scope: str, limit: int = 10) -> list[dict]:
    """For a showing's city (its mayors' My city): the statements voted on there, with the share agreeing there and
    in all cities, those where the city differs most from the rest first."""
    statements = Statement.objects.filter(status=StatementStatus.SHOWN).select_related("topic")
    counts = _tallies(statements.order_by())
    rows = []
    for statement in statements:
        here = _share([counts[statement.pk, scope]] if (statement.pk, scope) in counts else [])
        if here["total"]:
            everywhere = _share([row for (pk, _where), row in counts.items() if pk == statement.pk])
            rows.append({"statement": statement, "here": here, "all": everywhere,
                         "gap": abs(here["share"] - everywhere["share"])})  # fmt: skip
    return sorted(rows, key=lambda row: (-row["gap"], row["statement"].pk))[:limit]


def opinions_for_exhibition() -> dict[str, dict]:
    """What the cities think, per topic, as plain values for the next edition ("What the cities think" poster and
    catalogue pages): each shown statement anyone weighed, with its share agreeing in all cities and in each place
    ("" the summit's own exhibition, else a showing's city), paper tallies included; and which of them unite or
    divide the opinion groups across all showings. Topics nobody weighed are left out."""
    statements = Statement.objects.filter(status=StatementStatus.SHOWN).select_related("topic")
    counts = _tallies(statements.order_by())
    places = sorted({scope for _pk, scope in counts})
    names = dict(City.objects.filter(slug__in=[p.removeprefix("showing:") for p in places]).values_list("slug", "name"))
    overall = OpinionMap.objects.filter(scope="").values_list("result", flat=True).first() or {}
    by_topic: dict[str, dict] = {}
    for statement in statements.order_by("topic__order", "id"):
        rows = {scope: row for (pk, scope), row in counts.items() if pk == statement.pk}
        if not rows:
            continue
        topic = by_topic.setdefault(statement.topic.slug, {"statements": [], "places": []})
        topic["statements"].append({
            "id": statement.pk, "text": statement.text, "i18n": translations_of(statement, "text"),
            **_share(list(rows.values())),
            "places": [{"city": names.get(scope.removeprefix("showing:"), ""), **_share([row])}
                       for scope, row in sorted(rows.items())],
        })  # fmt: skip
    for topic in by_topic.values():
        topic["statements"].sort(key=lambda statement: (-statement["total"], statement["id"]))
        votes = Counter()  # the places with the most votes first: a poster has room for a few of them
        for statement in topic["statements"]:
            votes.update({place["city"]: place["total"] for place in statement["places"]})
        topic["places"] = sorted(votes, key=lambda city: (-votes[city], city))
        for statement in topic["statements"]:  # one cell per place, in the topic's order (None: nobody voted)
            found = {place["city"]: place for place in statement["places"]}
            statement["places"] = [found.get(city) for city in topic["places"]]
        ids = {statement["id"] for statement in topic["statements"]}
        topic["consensus"] = [pk for pk in overall.get("consensus", []) if pk in ids]
        topic["divisive"] = [pk for pk in overall.get("divisive", []) if pk in ids]
    return by_topic


GROUP_COLOURS = ["#0b5c8e", "#8a4b08", "#2f6b2f", "#6b2f6b", "#1b1f24"]
MAP_WIDTH, MAP_HEIGHT, MAP_MARGIN = 600, 360, 20


def map_drawing(groups: list[dict]) -> dict:
    """The groups' points scaled into an SVG of MAP_WIDTH by MAP_HEIGHT, each group in its colour."""
    points = [point for group in groups for point in group["points"]] or [[0, 0]]
    xs, ys = [x for x, _y in points], [y for _x, y in points]
    span_x, span_y = (max(xs) - min(xs)) or 1, (max(ys) - min(ys)) or 1

    def place(x, y):
        return (round(MAP_MARGIN + (x - min(xs)) / span_x * (MAP_WIDTH - 2 * MAP_MARGIN), 1),
                round(MAP_MARGIN + (y - min(ys)) / span_y * (MAP_HEIGHT - 2 * MAP_MARGIN), 1))  # fmt: skip

    return {
        "width": MAP_WIDTH, "height": MAP_HEIGHT,
        "groups": [{"number": group["number"], "size": group["size"], "colour": GROUP_COLOURS[index % 5],
                    "points": [place(x, y) for x, y in group["points"]], "label": place(*group["centre"])}
                   for index, group in enumerate(groups)],
    }  # fmt: skip


def opinions_for_open_data() -> dict:
    """The votes counted per statement and showing (`on_paper` of them from a showing's voting wall), and the opinion
    groups last computed, as plain rows: counts only, never one person's vote."""
    statements = {s.pk: s for s in Statement.objects.select_related("topic")}
    counted = sorted(_tallies(Statement.objects.all()).items())
    votes = [
        {"topic": statements[pk].topic.slug, "statement": statements[pk].text,
         "showing": scope.removeprefix("showing:"), "agree": row["agree"], "disagree": row["disagree"],
         "pass": row["passed"], "on_paper": row["paper"]}
        for (pk, scope), row in counted
    ]  # fmt: skip
    groups = []
    for found in OpinionMap.objects.order_by("scope"):
        for group in found.result.get("groups", []):
            agrees = [statements[pk].text for pk in group["agrees"] if pk in statements]
            groups.append({"showing": found.scope.removeprefix("showing:"), "group": group["number"],
                           "people": group["size"], "agrees_on": " | ".join(agrees)})  # fmt: skip
    return {"votes": votes, "groups": groups}
