"""What the exhibition prints: posters' values and the catalogue."""

import logging

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from exhibition.models import Edition, Exhibit, ExhibitKind
from summit.pdf import RenderedPDF, render_pdf

logger = logging.getLogger(__name__)

POSTER_TEMPLATES = {
    ExhibitKind.TOPIC: "exhibition/pdf/poster.html",
    ExhibitKind.DECLARATION: "exhibition/pdf/declaration_poster.html",
}


def exhibit_url(exhibit: Exhibit) -> str:
    """The poster's QR code: the exhibit's stable public page (a declaration's is the declaration's own page)."""
    if exhibit.kind == ExhibitKind.DECLARATION:
        return settings.SITE_URL + reverse("declarations:detail", kwargs={"slug": exhibit.payload["slug"]})
    return settings.SITE_URL + reverse("exhibition:topic", kwargs={"slug": exhibit.slug})


# The poster's body type and how many commitments and practices it lists (the rest: "and N more online"),
# largest first (type classes in static/css/pdf.css): a poster is rendered in the first that keeps it on one sheet,
# so that a small topic fills the sheet and a large one never overflows; never under 24 pt. The first try is
# guessed from how much it says (about this many characters fit each size).
POSTER_LAYOUTS = [
    ("xl", 5, 900), ("l", 5, 1300), ("m", 5, 1800), ("s", 5, 2400), ("xs", 5, 3000), ("xxs", 5, None),
    ("xxs", 3, None),
]  # fmt: skip


def _poster_text_length(payload: dict, listed: int) -> int:
    texts = [strip_tags(summary) for summary in payload.get("workshop_summaries", [])]
    texts += [f"{o['text']} {o['city']}" for o in payload.get("top_outcomes", [])]
    texts += [f"{o['text']} {o['city']}" for o in payload.get("commitments", [])[:listed]]
    texts += [f"{p['title']} {p['city']}" for p in payload.get("practices", [])[:listed]]
    return sum(len(text) for text in texts) + 60 * len(texts)  # each list item costs about a line more


def poster_render(template: str, context: dict) -> RenderedPDF:
    """Render a poster in the largest layout that keeps it on one sheet: from the guess down, one full render per
    try (usually one or two)."""
    exhibit = context["exhibit"]
    length = _poster_text_length(exhibit, POSTER_LAYOUTS[0][1])
    first = next(i for i, (_scale, _listed, limit) in enumerate(POSTER_LAYOUTS) if limit is None or length <= limit)
    seconds = 0.0
    for scale, listed, _limit in POSTER_LAYOUTS[first:]:
        layout = {
            "type_scale": scale,
            "listed": f":{listed}",
            "commitments_more": max(len(exhibit.get("commitments", [])) - listed, 0),
            "practices_more": max(len(exhibit.get("practices", [])) - listed, 0),
        }
        rendered = render_pdf(template, {**context, **layout})
        seconds += rendered.weasyprint_seconds
        if rendered.pages == 1:
            break
    else:
        logger.warning("Poster %s does not fit one sheet even in the smallest layout", exhibit["slug"])
    return RenderedPDF(content=rendered.content, weasyprint_seconds=seconds, pages=rendered.pages)


def poster_context(
    exhibit: Exhibit, edition: Edition, url: str, showing: dict | None = None, discussion: dict | None = None
) -> dict:
    """The poster's values; a showing's poster names the showing and counts its own discussion."""
    payload = {**exhibit.payload, "discussion": discussion} if discussion else exhibit.payload
    changes = edition.changes.get("topics", {}).get(exhibit.slug, {})
    return {
        # "New since edition N": as of the edition that renders the poster (a reused poster keeps its own, as it
        # keeps its edition number).
        "new_since": edition.changes_since,
        "new_outcomes": sum(o["change"] == "new" for o in changes.get("outcomes", [])),
        "new_practices": sum(p["change"] == "new" for p in changes.get("practices", [])),
        "exhibit": {**payload, "title": exhibit.display_title, "slug": exhibit.slug},
        "showing": showing,
        "edition": {"number": edition.number, "date": timezone.localdate(edition.started_at)},
        "qr_svg": segno.make(url, error="m").svg_inline(scale=4, dark="#1b1f24", omitsize=True),
        "short_url": url.split("://", 1)[-1],
    }


def catalogue_render(*, edition: Edition, exhibits: list[Exhibit]) -> tuple[bytes, float]:
    """The A4 catalogue as one tagged PDF (PDF/UA-1, for screen readers): cover, contents with the page each
    exhibit starts on, page numbers and a bookmark per exhibit. Returns (PDF, WeasyPrint seconds).

    Rendered whole for every edition: pypdf cannot join tagged documents (it drops their structure), so the parts
    are not rendered apart and reused, as posters are.
    """
    values = [{"key": e.key, "kind": e.kind, "slug": e.slug, "title": e.title, **e.payload} for e in exhibits]
    edition_values = {"number": edition.number, "date": timezone.localdate(edition.started_at)}
    titles = {e.slug: e.title for e in exhibits if e.kind == ExhibitKind.TOPIC}
    changes = [(titles.get(slug, slug), items) for slug, items in edition.changes.get("topics", {}).items()]
    context = {"exhibits": values, "edition": edition_values, "since": edition.changes_since, "changes": changes}
    rendered = render_pdf("exhibition/pdf/catalogue.html", context, variant="pdf/ua-1")
    return rendered.content, rendered.weasyprint_seconds
