"""What the exhibition prints: posters' values and the catalogue, assembled from parts rendered once."""

import io
import math

import segno
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter

from exhibition import compile as pipeline
from exhibition.models import CataloguePart, Edition, Exhibit, ExhibitKind
from summit.pdf import render_pdf

TOC_ENTRIES_PER_PAGE = 32


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


def _part_key(exhibit: Exhibit) -> str:
    """Which catalogue part an exhibit belongs to: overview, topics and declarations together, each workshop, the
    practices."""
    if exhibit.kind in (ExhibitKind.OVERVIEW, ExhibitKind.TOPIC, ExhibitKind.DECLARATION):
        return "main"
    return exhibit.key if exhibit.kind == ExhibitKind.WORKSHOP else "practices"


def _part(key: str, exhibits: list[Exhibit]) -> tuple[CataloguePart, float]:
    """The rendered part for these exhibits, reused when an earlier edition rendered the same content."""
    digest = pipeline.content_hash({exhibit.key: exhibit.content_hash for exhibit in exhibits})
    existing = CataloguePart.objects.filter(key=key, content_hash=digest).first()
    if existing:
        return existing, 0.0
    values = [{"key": e.key, "kind": e.kind, "slug": e.slug, "title": e.title, **e.payload} for e in exhibits]
    rendered = render_pdf("exhibition/pdf/catalogue_part.html", {"exhibits": values})
    part = CataloguePart(key=key, content_hash=digest, pages=rendered.pages, anchors=rendered.anchors)
    part.pdf.save(f"{key.replace(':', '-')}-{digest[:12]}.pdf", ContentFile(rendered.content), save=False)
    part.save()
    return part, rendered.weasyprint_seconds


def _page_numbers(count: int) -> tuple[CataloguePart, float]:
    """Pages that carry only their number, to lay over the catalogue; the same for every catalogue this long."""
    existing = CataloguePart.objects.filter(key="page-numbers", content_hash=str(count)).first()
    if existing:
        return existing, 0.0
    rendered = render_pdf("exhibition/pdf/page_numbers.html", {"pages": range(count)})
    part = CataloguePart(key="page-numbers", content_hash=str(count), pages=rendered.pages)
    part.pdf.save(f"page-numbers-{count}.pdf", ContentFile(rendered.content), save=False)
    part.save()
    return part, rendered.weasyprint_seconds


def catalogue_assemble(*, edition: Edition, exhibits: list[Exhibit]) -> tuple[bytes, float]:
    """Cover and contents, then the parts, with page numbers and bookmarks. Returns (PDF, WeasyPrint seconds).

    Only parts whose exhibits changed are rendered; the cover, the contents and the page numbers are made for
    every edition (they are short). The contents need the page each exhibit starts on, which depends on how long
    the contents are; a second render settles that when it changes.
    """
    groups: dict[str, list[Exhibit]] = {}
    for exhibit in exhibits:
        groups.setdefault(_part_key(exhibit), []).append(exhibit)
    seconds = 0.0
    parts = []
    for key, members in groups.items():
        part, spent = _part(key, members)
        parts.append((part, members))
        seconds += spent
    edition_values = {"number": edition.number, "date": timezone.localdate(edition.started_at)}
    # A first guess of the cover and contents' length (about 32 entries a page); a wrong guess costs one render.
    front_pages = 1 + math.ceil(len(exhibits) / TOC_ENTRIES_PER_PAGE)
    for _attempt in range(3):
        starts, offset = {}, front_pages
        for part, members in parts:
            for exhibit in members:
                starts[exhibit.slug] = offset + part.anchors.get(exhibit.slug, 0)
            offset += part.pages
        contents = [{"title": e.title, "kind": e.kind, "page": starts[e.slug] + 1} for e in exhibits]
        front = render_pdf("exhibition/pdf/catalogue_front.html", {"contents": contents, "edition": edition_values})
        seconds += front.weasyprint_seconds
        if front.pages == front_pages:
            break
        front_pages = front.pages
    numbers, spent = _page_numbers(offset)
    seconds += spent
    writer = PdfWriter()
    writer.append(io.BytesIO(front.content), import_outline=False)
    for part, _members in parts:
        with part.pdf.open("rb") as stored:
            writer.append(io.BytesIO(stored.read()), import_outline=False)
    with numbers.pdf.open("rb") as stored:
        stamps = PdfReader(io.BytesIO(stored.read())).pages
    for index in range(1, len(writer.pages)):
        writer.pages[index].merge_page(stamps[index])
    sections = {}
    for exhibit in exhibits:
        parent = None
        if exhibit.kind in (ExhibitKind.WORKSHOP, ExhibitKind.PRACTICE):
            if exhibit.kind not in sections:
                label = _("Workshops") if exhibit.kind == ExhibitKind.WORKSHOP else _("Best practices")
                sections[exhibit.kind] = writer.add_outline_item(title=label, page_number=starts[exhibit.slug])
            parent = sections[exhibit.kind]
        writer.add_outline_item(title=exhibit.title, page_number=starts[exhibit.slug], parent=parent)
    writer.add_metadata({"/Title": f"Exhibition catalogue, edition {edition.number}"})
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue(), seconds
