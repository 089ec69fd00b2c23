"""What the exhibition prints: posters' values and the catalogue."""

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from exhibition.models import Edition, Exhibit, ExhibitKind
from summit.pdf import render_pdf

POSTER_TEMPLATES = {
    ExhibitKind.TOPIC: "exhibition/pdf/poster.html",
    ExhibitKind.DECLARATION: "exhibition/pdf/declaration_poster.html",
}


def exhibit_url(exhibit: Exhibit) -> str:
    """The poster's QR code: the exhibit's stable public page (a declaration's is the declaration's own page)."""
    if exhibit.kind == ExhibitKind.DECLARATION:
        return settings.SITE_URL + reverse("declarations:detail", kwargs={"slug": exhibit.payload["slug"]})
    return settings.SITE_URL + reverse("exhibition:topic", kwargs={"slug": exhibit.slug})


def poster_context(
    exhibit: Exhibit, edition: Edition, url: str, showing: dict | None = None, discussion: dict | None = None
) -> dict:
    """The poster's values; a showing's poster names the showing and counts its own discussion."""
    payload = {**exhibit.payload, "discussion": discussion} if discussion else exhibit.payload
    return {
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
    rendered = render_pdf(
        "exhibition/pdf/catalogue.html", {"exhibits": values, "edition": edition_values}, variant="pdf/ua-1"
    )
    return rendered.content, rendered.weasyprint_seconds
