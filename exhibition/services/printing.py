"""What the exhibition prints: posters' values and the catalogue."""

import io
import itertools
import logging
import math
from dataclasses import dataclass

import segno
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from pikepdf import Pdf

from exhibition.compile import content_hash
from exhibition.models import Edition, Exhibit, ExhibitKind
from summit.pdf import RenderedPDF, number_stamps, render_pdf, tagged_join

logger = logging.getLogger(__name__)

# A first guess of the contents' length; a wrong guess costs one more render of the cover and contents.
TOC_ENTRIES_PER_PAGE = 32
# DejaVu Sans's figures are all 1303/2048 em wide; the footer's numbers are 9 pt (static/css/pdf.css).
FIGURE_ADVANCE = 1303 / 2048 * 9

POSTER_TEMPLATES = {
    ExhibitKind.TOPIC: "exhibition/pdf/poster.html",
    ExhibitKind.DECLARATION: "exhibition/pdf/declaration_poster.html",
    ExhibitKind.OPINIONS: "exhibition/pdf/opinions_poster.html",
}


def exhibit_url(exhibit: Exhibit) -> str:
    """The poster's QR code: the exhibit's stable public page (a declaration's is the declaration's own page; a
    topic's opinions lead to its statements, to weigh them)."""
    if exhibit.kind == ExhibitKind.DECLARATION:
        return settings.SITE_URL + reverse("declarations:detail", kwargs={"slug": exhibit.payload["slug"]})
    if exhibit.kind == ExhibitKind.OPINIONS:
        return settings.SITE_URL + reverse("opinions:statements", kwargs={"slug": exhibit.payload["topic"]["slug"]})
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
    texts += [s["text"] for s in payload.get("statements", [])[:listed]]
    return sum(len(text) for text in texts) + 60 * len(texts)  # each list item costs about a line more


def poster_render(template: str, context: dict, *, variant: str | None = None) -> RenderedPDF:
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
            "statements_more": max(len(exhibit.get("statements", [])) - listed, 0),
        }
        rendered = render_pdf(template, {**context, **layout}, variant=variant)
        seconds += rendered.weasyprint_seconds
        if rendered.pages == 1:
            break
    else:
        logger.warning("Poster %s does not fit one sheet even in the smallest layout", exhibit["slug"])
    return RenderedPDF(content=rendered.content, weasyprint_seconds=seconds, pages=rendered.pages)


def qr_code_svg(url: str) -> str:
    """The QR code printed on posters and flyers: vector, medium error correction (a scuffed poster still scans)."""
    return segno.make(url, error="m").svg_inline(scale=4, dark="#1b1f24", omitsize=True)


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
        "qr_svg": qr_code_svg(url),
        "short_url": url.split("://", 1)[-1],
    }


@dataclass(frozen=True)
class PartPlan:
    key: str
    content_hash: str
    exhibits: list[Exhibit]
    heading: bool = False  # the part opens the "Workshops" or "Best practices" group
    changes: tuple = ()  # what is new, by topic title (the part without exhibits)


def _part_of(exhibit: Exhibit) -> str:
    if exhibit.kind in (ExhibitKind.WORKSHOP, ExhibitKind.PRACTICE):
        return f"{exhibit.kind}s:{exhibit.payload['topic']['slug']}"
    if exhibit.kind == ExhibitKind.OPINIONS:  # in its topic's part, which it follows
        return f"topic:{exhibit.payload['topic']['slug']}"
    return exhibit.key if exhibit.kind in (ExhibitKind.OVERVIEW, ExhibitKind.TOPIC) else "declarations"


def catalogue_parts_plan(*, edition: Edition, exhibits: list[Exhibit]) -> list[PartPlan]:
    """The catalogue's parts in reading order: the overview, each topic, the declarations, then each topic's
    workshops, then each topic's practices, then what is new (from the second edition on; last, so that its length
    moves no exhibit's page, and the cover says where it starts). A part's hash covers everything it shows, so a
    change to one topic renders the overview (its figures) and that topic's parts again, and nothing else."""
    parts = []
    for key, members in itertools.groupby(exhibits, key=_part_of):
        members = list(members)
        group = key.split(":")[0]
        heading = group in ("workshops", "practices") and not any(part.key.split(":")[0] == group for part in parts)
        digest = content_hash({"exhibits": [[e.key, e.content_hash] for e in members], "heading": heading})
        parts.append(PartPlan(key, digest, members, heading))
    changes = _changes(edition, exhibits)
    if changes:
        digest = content_hash({"since": edition.changes_since, "changes": changes})
        parts.append(PartPlan("changes", digest, [], changes=tuple(changes)))
    return parts


def _changes(edition: Edition, exhibits: list[Exhibit]) -> list:
    if not edition.changes_since:
        return []
    titles = {e.slug: e.title for e in exhibits if e.kind == ExhibitKind.TOPIC}
    return [[titles.get(slug, slug), items] for slug, items in edition.changes.get("topics", {}).items()]


def _title(exhibit: Exhibit) -> str:
    """An exhibit's entry in the contents and the bookmarks: its title, a topic's opinions named as such."""
    return exhibit.display_title if exhibit.kind == ExhibitKind.OPINIONS else exhibit.title


def _values(exhibits: list[Exhibit]) -> list[dict]:
    """The exhibits' payloads with their own key, kind, slug and title (a declaration's payload has a slug too, but
    the catalogue's links and anchors use the exhibit's; a topic's opinions are titled as such)."""
    return [{**e.payload, "key": e.key, "kind": e.kind, "slug": e.slug, "title": _title(e)} for e in exhibits]


def catalogue_part_render(*, edition: Edition, plan: PartPlan) -> RenderedPDF:
    """One part as a tagged PDF (PDF/UA-1), without page numbers: those are laid over when the parts are joined."""
    context = {"exhibits": _values(plan.exhibits), "heading": plan.heading, "changes": plan.changes,
               "since": edition.changes_since}  # fmt: skip
    return render_pdf("exhibition/pdf/catalogue_part.html", context, variant="pdf/ua-1")


def _kept(name: str, template: str, context: dict, variant: str | None = "pdf/ua-1") -> tuple[bytes, float]:
    """A PDF that depends only on `context`, rendered once under `name` and kept. Returns (PDF, WeasyPrint
    seconds spent now)."""
    if default_storage.exists(name):
        with default_storage.open(name) as stored:
            return stored.read(), 0.0
    rendered = render_pdf(template, context, variant=variant)
    default_storage.save(name, ContentFile(rendered.content))
    return rendered.content, rendered.weasyprint_seconds


def _page_numbers(count: int) -> tuple[bytes, float]:
    """The catalogue's page numbers (none on the cover), from the ten figures rendered once and kept (untagged:
    they are laid over as artifacts)."""
    figures, seconds = _kept("exhibition/parts/page-figures.pdf", "exhibition/pdf/page_numbers.html",
                             {"digits": range(10)}, variant=None)  # fmt: skip
    return number_stamps(digits=figures, count=count, advance=FIGURE_ADVANCE), seconds


def catalogue_join(*, edition: Edition, parts: list[tuple[bytes, int, dict, list[Exhibit]]]) -> tuple[bytes, float]:
    """The A4 catalogue as one tagged PDF (PDF/UA-1, for screen readers): the cover, the contents, then the parts,
    rendered apart (by their own tasks) and joined with their structure trees (summit.pdf.tagged_join); page
    numbers in the footer and a bookmark per exhibit. `parts`: (PDF, pages, anchors, exhibits) in order.
    Returns (PDF, WeasyPrint seconds).

    The contents list the page each exhibit starts on, which depends on how long the contents are: a first guess,
    and a second render when the guess was wrong. They are kept by what they list, so an edition whose exhibits
    start on the same pages as before reuses them; the cover, which names the edition, is rendered every time.
    """
    exhibits = [exhibit for _pdf, _pages, _anchors, members in parts for exhibit in members]
    contents_pages, seconds = math.ceil(len(exhibits) / TOC_ENTRIES_PER_PAGE), 0.0
    for _attempt in range(3):
        starts, offset = {}, 1 + contents_pages
        for _pdf, pages, anchors, members in parts:
            starts |= {exhibit.slug: offset + anchors.get(exhibit.slug, 0) for exhibit in members}
            offset += pages
        entries = [{"title": _title(e), "kind": e.kind, "slug": e.slug, "page": starts[e.slug] + 1} for e in exhibits]
        contents, spent = _kept(f"exhibition/parts/contents-{content_hash(entries)}.pdf",
                                "exhibition/pdf/catalogue_contents.html", {"exhibits": entries})  # fmt: skip
        seconds += spent
        rendered_pages = len(Pdf.open(io.BytesIO(contents)).pages)
        if rendered_pages == contents_pages:
            break
        contents_pages = rendered_pages
    # What is new is the last part, the one without exhibits.
    new_since = offset - parts[-1][1] if parts and not parts[-1][3] else None
    cover = render_pdf(
        "exhibition/pdf/catalogue_cover.html",
        {
            "edition": {"number": edition.number, "date": timezone.localdate(edition.started_at)},
            "since": edition.changes_since, "new_since_page": new_since + 1 if new_since is not None else None,
        },
        variant="pdf/ua-1",
    )  # fmt: skip
    numbers, spent = _page_numbers(offset)
    outline = []
    groups, opened = {ExhibitKind.WORKSHOP: _("Workshops"), ExhibitKind.PRACTICE: _("Best practices")}, set()
    for exhibit in exhibits:
        group = groups.get(exhibit.kind)
        if group and exhibit.kind not in opened:
            opened.add(exhibit.kind)
            outline.append((1, group, starts[exhibit.slug]))
        outline.append((2 if group else 1, _title(exhibit), starts[exhibit.slug]))
    if new_since is not None:
        outline.append((1, _("New since edition %(number)s") % {"number": edition.changes_since}, new_since))
    pdfs = [cover.content, contents, *(pdf for pdf, _pages, _anchors, _members in parts)]
    return tagged_join(pdfs, stamps=numbers, outline=outline), seconds + spent + cover.weasyprint_seconds
