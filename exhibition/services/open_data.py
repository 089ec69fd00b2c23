"""An edition as open data: `data.json` and a ZIP of CSV files with a README describing every column.

Outcomes and practices come from the edition's frozen exhibits, so an edition's data never changes; comments are
the summit discussion's published ones up to the edition's publication. Only what the site shows publicly is
given, and less: a registered author's public name, and for guests and deleted accounts no name at all (their
names are theirs to give, and a guest's was never checked); never an email address.
"""

import csv
import io
import json
import zipfile

from django.conf import settings
from django.template.loader import render_to_string

from discussion.selectors import comments_for_open_data
from exhibition import selectors
from exhibition.models import Edition, ExhibitKind
from summit.spreadsheets import spreadsheet_safe

OUTCOME_COLUMNS = ["topic", "workshop", "kind", "text", "city", "dot_votes"]
PRACTICE_COLUMNS = ["id", "topic", "city", "title", "summary", "url"]
COMMENT_COLUMNS = ["discussion", "posted_at", "author", "official_for_city", "reply_to", "id", "text"]
# One row per option of a closed poll (its count of answers; for a ranking, its Borda points; for a word cloud,
# a word and the answers that said it; for open text, an answer the moderators showed).
POLL_COLUMNS = ["topic", "workshop", "question", "kind", "option", "count"]
# The visitors' votes on the statements, per statement and showing (counts only), and their opinion groups.
VOTE_COLUMNS = ["topic", "statement", "showing", "agree", "disagree", "pass", "on_paper"]
GROUP_COLUMNS = ["showing", "group", "people", "agrees_on"]
THEME_COLUMNS = ["topic", "theme", "theme_city", "outcomes", "workshops", "cities", "dot_votes", "outcome_texts"]


def open_data(*, edition: Edition) -> dict:
    """The edition's open data as plain values (what data.json holds; the CSV files hold the same rows)."""
    outcomes, practices, themes, polls = [], [], [], []
    for exhibit in selectors.edition_exhibits(edition=edition):
        payload = exhibit.payload
        if exhibit.kind == ExhibitKind.TOPIC:
            themes += [
                {"topic": exhibit.slug, "theme": theme["label"]["text"], "theme_city": theme["label"]["city"],
                 "outcomes": len(theme["outcomes"]), "workshops": theme["workshops"],
                 "cities": ", ".join(theme["cities"]), "dot_votes": theme["votes"],
                 "outcome_texts": " | ".join(o["text"] for o in theme["outcomes"])}
                for theme in payload.get("themes", [])
            ]  # fmt: skip
        elif exhibit.kind == ExhibitKind.WORKSHOP:
            for kind, items in payload["outcomes"].items():
                outcomes += [
                    {"topic": payload["topic"]["slug"], "workshop": exhibit.title, "kind": kind, "text": item["text"],
                     "city": item["city"], "dot_votes": item["votes"]}
                    for item in items
                ]  # fmt: skip
            polls += [
                {"topic": payload["topic"]["slug"], "workshop": exhibit.title, "question": poll["question"],
                 "kind": poll["kind"], "option": option, "count": count}
                for poll in payload.get("polls", [])
                for option, count in _poll_rows(poll["results"])
            ]  # fmt: skip
        elif exhibit.kind == ExhibitKind.PRACTICE:
            practices.append(
                {"id": payload["id"], "topic": payload["topic"]["slug"], "city": payload["city"],
                 "title": payload["title"], "summary": payload["summary"],
                 "url": f"{settings.SITE_URL}/practices/{payload['id']}/"}
            )  # fmt: skip
    comments = [
        {
            "discussion": comment.thread.title,
            "posted_at": comment.created_at.isoformat(timespec="seconds"),
            # A registered author's public name only: never a guest's name nor a deleted account's.
            "author": (comment.author.name or "") if comment.author_id else "",
            "official_for_city": comment.official_city.name if comment.is_official and comment.official_city else "",
            "reply_to": comment.parent_id or "",
            "id": comment.pk,
            "text": comment.body,
        }
        for comment in comments_for_open_data(until=edition.published_at or edition.started_at)
    ]
    return {
        "edition": edition.number,
        "published_at": edition.published_at.isoformat(timespec="seconds") if edition.published_at else None,
        "licence": settings.OPEN_DATA_LICENCE,
        "source": f"{settings.SITE_URL}/exhibition/editions/{edition.number}/",
        "outcomes": outcomes,
        "practices": practices,
        "themes": themes,
        "polls": polls,
        "votes": edition.opinions.get("votes", []),
        "opinion_groups": edition.opinions.get("groups", []),
        "comments": comments,
    }


def _poll_rows(results: dict) -> list[tuple[str, int]]:
    return (
        [(bar["label"], bar["count"]) for bar in results.get("bars", [])]
        + [(word["word"], word["count"]) for word in results.get("words", [])]
        + [(row["label"], row["points"]) for row in results.get("ranking", [])]
        + [(text, 1) for text in results.get("texts", [])]
    )


def _csv(rows: list[dict], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: spreadsheet_safe(value) for key, value in row.items()})
    return "\ufeff" + buffer.getvalue()  # spreadsheet programs read the accents right


def open_data_json(*, edition: Edition) -> bytes:
    return json.dumps(open_data(edition=edition), ensure_ascii=False, indent=1).encode()


def open_data_zip(*, edition: Edition) -> bytes:
    data = open_data(edition=edition)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("outcomes.csv", _csv(data["outcomes"], OUTCOME_COLUMNS))
        archive.writestr("practices.csv", _csv(data["practices"], PRACTICE_COLUMNS))
        archive.writestr("themes.csv", _csv(data["themes"], THEME_COLUMNS))
        archive.writestr("polls.csv", _csv(data["polls"], POLL_COLUMNS))
        archive.writestr("votes.csv", _csv(data["votes"], VOTE_COLUMNS))
        archive.writestr("opinion_groups.csv", _csv(data["opinion_groups"], GROUP_COLUMNS))
        archive.writestr("comments.csv", _csv(data["comments"], COMMENT_COLUMNS))
        archive.writestr("README.txt", render_to_string("exhibition/open_data_readme.txt", {"data": data}))
    return buffer.getvalue()
