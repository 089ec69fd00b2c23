"""Reads for the opinions: the next statement a person has not answered, the shares agreeing here and across all
showings, and the last computed opinion groups with their statements."""

from django.db.models import Count, Q, QuerySet

from opinions.models import Choice, OpinionMap, Statement, StatementStatus, Vote


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


def _shares(statements: QuerySet[Statement], scope_filter: Q) -> dict[int, dict]:
    rows = statements.annotate(
        agree=Count("votes", filter=scope_filter & Q(votes__choice=Choice.AGREE)),
        disagree=Count("votes", filter=scope_filter & Q(votes__choice=Choice.DISAGREE)),
        passed=Count("votes", filter=scope_filter & Q(votes__choice=Choice.PASS)),
    ).values("pk", "agree", "disagree", "passed")
    return {
        row["pk"]: {**row, "total": (total := row["agree"] + row["disagree"] + row["passed"]),
                    "share": round(100 * row["agree"] / total) if total else None}
        for row in rows
    }  # fmt: skip


def statement_results(*, topic_slug: str, scope: str) -> list[dict]:
    """Each shown statement with the votes and share agreeing where the reader is (a showing, or the summit's own
    exhibition) and across all showings."""
    statements = statements_shown(topic_slug=topic_slug)
    here = _shares(statements, Q(votes__scope=scope))
    everywhere = _shares(statements, Q())
    return [
        {"statement": statement, "here": here[statement.pk], "all": everywhere[statement.pk]}
        for statement in statements
    ]


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
    """Statement by statement, the share agreeing in each showing."""
    statements = (
        Statement.objects.filter(status=StatementStatus.SHOWN).select_related("topic").order_by("topic__order", "id")
    )
    by_scope = {scope: _shares(statements, Q(votes__scope=scope)) for scope in scopes}
    return [
        {"statement": statement, "shares": [by_scope[scope][statement.pk] for scope in scopes]}
        for statement in statements
    ]


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
    """The votes counted per statement and showing, and the opinion groups last computed, as plain rows: counts
    only, never one person's vote."""
    statements = {s.pk: s for s in Statement.objects.select_related("topic")}
    counted = (
        Vote.objects.values("statement_id", "scope")
        .order_by("statement_id", "scope")
        .annotate(
            agree=Count("pk", filter=Q(choice=Choice.AGREE)),
            disagree=Count("pk", filter=Q(choice=Choice.DISAGREE)),
            passed=Count("pk", filter=Q(choice=Choice.PASS)),
        )
    )
    votes = [
        {"topic": statements[row["statement_id"]].topic.slug, "statement": statements[row["statement_id"]].text,
         "showing": row["scope"].removeprefix("showing:"), "agree": row["agree"], "disagree": row["disagree"],
         "pass": row["passed"]}
        for row in counted
    ]  # fmt: skip
    groups = []
    for found in OpinionMap.objects.order_by("scope"):
        for group in found.result.get("groups", []):
            agrees = [statements[pk].text for pk in group["agrees"] if pk in statements]
            groups.append({"showing": found.scope.removeprefix("showing:"), "group": group["number"],
                           "people": group["size"], "agrees_on": " | ".join(agrees)})  # fmt: skip
    return {"votes": votes, "groups": groups}
