"""The one WeasyPrint entry point: render_pdf(template, context) -> PDF bytes; and tagged_join, which puts tagged
PDFs rendered apart together into one tagged document.

Templates get plain values, never model instances. Resources are fetched by StorageFetcher, which serves
/static/ from the static files and /media/ from the media storage and refuses everything else: no file: URLs, no
remote hosts, so user-supplied text can never make a render read the disk or the network.
"""

import io
import time
import warnings
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from pikepdf import Array, Dictionary, Name, OutlineItem, Pdf
from pikepdf.exceptions import PageCopyWarning
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

# Relative URLs in PDF templates resolve against this host, which only StorageFetcher answers for.
BASE_URL = "https://pdf.internal/"
_BASE_HOST = urlsplit(BASE_URL).netloc
_TYPES = {".css": "text/css", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml",
          ".webp": "image/webp"}  # fmt: skip


class ResourceRefused(ValueError):
    pass


class StorageFetcher(URLFetcher):
    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        if parts.scheme != "https" or parts.netloc != _BASE_HOST:
            raise ResourceRefused(f"PDF resources come from static files and media only, not {url!r}.")
        path = unquote(parts.path)
        if ".." in path.split("/"):
            raise ResourceRefused(f"Refused path {path!r}.")
        mime = _TYPES.get(path[path.rfind(".") :].lower(), "application/octet-stream")
        if path.startswith(settings.STATIC_URL):
            name = path[len(settings.STATIC_URL) :]
            found = finders.find(name)
            with open(found, "rb") if found else staticfiles_storage.open(name) as static_file:
                body = static_file.read()
        elif path.startswith(settings.MEDIA_URL):
            with default_storage.open(path[len(settings.MEDIA_URL) :]) as stored:
                body = stored.read()
        else:
            raise ResourceRefused(f"Refused path {path!r}.")
        return URLFetcherResponse(url, io.BytesIO(body), {"Content-Type": mime})


@dataclass(frozen=True)
class RenderedPDF:
    content: bytes
    weasyprint_seconds: float  # time inside WeasyPrint alone; editions record it to show our own overhead
    pages: int = 0
    anchors: dict = field(default_factory=dict)  # element id → index of the page it starts on


class PDFRenderError(RuntimeError):
    """A PDF could not be made, e.g. because an image it shows is missing from storage."""


def render_pdf(template: str, context: dict, *, variant: str | None = None) -> RenderedPDF:
    """`variant` names a WeasyPrint PDF variant, e.g. "pdf/ua-1" for a tagged, accessible PDF, or "pdf/x-4" for
    print, which gets WeasyPrint's own sRGB profile as its output intent (the only profile it ships; nothing is
    downloaded, and the print shop converts to its press's CMYK, as the kit's README says)."""
    html = render_to_string(template, context)
    options = {"pdf_variant": variant} if variant else {}
    if variant and variant.startswith("pdf/x"):
        options["output_intent"] = "srgb"
    started = time.perf_counter()
    try:
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=StorageFetcher(fail_on_errors=True)).render()
        content = document.write_pdf(**options)
    except FatalURLFetchingError as error:
        # WeasyPrint's fatal fetch error is a BaseException; callers handle ordinary exceptions.
        raise PDFRenderError(f"{error} ({error.__cause__})") from error
    anchors = {name: index for index, page in reversed(list(enumerate(document.pages))) for name in page.anchors}
    return RenderedPDF(
        content=content, weasyprint_seconds=time.perf_counter() - started, pages=len(document.pages), anchors=anchors
    )


MM = 72 / 25.4  # PDF points per millimetre


def print_sheet(content: bytes, *, bleed_mm: float, trim_mm: tuple[float, float] | None = None) -> bytes:
    """A print-ready copy of a one-page PDF that was rendered with a CSS bleed wide enough for crop marks (WeasyPrint
    draws them in the outer half of its bleed): the bleed box set to `bleed_mm` around the trim box, the area a
    print shop prints to and cuts from, with the marks outside it. With `trim_mm` (width, height) the page is also
    scaled so that its trim box has that size, e.g. an A1 poster made A3 (scaled by 0.5 across and 0.4994 down,
    which nobody sees). Metadata, fonts, images and the output intent stay as they are."""
    pdf = Pdf.open(io.BytesIO(content))
    page = pdf.pages[0].obj
    trim = [float(value) for value in page.TrimBox]
    if trim_mm:
        sx, sy = trim_mm[0] * MM / (trim[2] - trim[0]), trim_mm[1] * MM / (trim[3] - trim[1])
        pdf.pages[0].contents_add(pdf.make_stream(f"q {sx:.6f} 0 0 {sy:.6f} 0 0 cm\n".encode()), prepend=True)
        pdf.pages[0].contents_add(pdf.make_stream(b"Q\n"))
        for box in ("/MediaBox", "/CropBox", "/TrimBox", "/ArtBox"):
            if box in page:
                x0, y0, x1, y1 = (float(value) for value in page[box])
                page[box] = Array([x0 * sx, y0 * sy, x1 * sx, y1 * sy])
        for annotation in page.get("/Annots", []):
            x0, y0, x1, y1 = (float(value) for value in annotation.Rect)
            annotation.Rect = Array([x0 * sx, y0 * sy, x1 * sx, y1 * sy])
        trim = [float(value) for value in page.TrimBox]
    bleed = bleed_mm * MM
    page.BleedBox = Array([trim[0] - bleed, trim[1] - bleed, trim[2] + bleed, trim[3] + bleed])
    output = io.BytesIO()
    pdf.save(output)
    return output.getvalue()


def number_stamps(*, digits: bytes, count: int, advance: float) -> bytes:
    """`count` pages to lay over a document's pages (see tagged_join's `stamps`), each with its page number but the
    first (a cover), put together from `digits`: ten pages, page d showing the figure d centred where the number
    goes, in a font whose figures are all `advance` points wide. Rendering ten figures once instead of a page per
    number keeps the numbers of a long document cheap."""
    figures = Pdf.open(io.BytesIO(digits))
    stamps = Pdf.new()
    forms = [stamps.copy_foreign(page.as_form_xobject()) for page in figures.pages]
    size = tuple(float(value) for value in figures.pages[0].mediabox[2:])
    for index in range(count):
        page = stamps.add_blank_page(page_size=size)
        if index == 0:
            continue
        number = str(index + 1)
        used = {f"/D{figure}": forms[int(figure)] for figure in set(number)}
        page.obj.Resources = Dictionary(XObject=Dictionary(used))
        shifts = [(position - (len(number) - 1) / 2) * advance for position in range(len(number))]
        operators = "".join(
            f"q 1 0 0 1 {shift:.3f} 0 cm /D{figure} Do Q\n" for shift, figure in zip(shifts, number, strict=True)
        )
        page.obj.Contents = stamps.make_stream(operators.encode())
    output = io.BytesIO()
    stamps.save(output)
    return output.getvalue()


def _pairs(flat) -> list:
    return [(flat[index], flat[index + 1]) for index in range(0, len(flat), 2)]


def tagged_join(
    documents: list[bytes], *, stamps: bytes | None = None, outline: list[tuple[int, str, int]] = ()
) -> bytes:
    """One tagged PDF from several that WeasyPrint rendered as PDF/UA (see render_pdf's `variant`).

    The first document gives the catalogue entries: language, title, XMP metadata and the structure tree's root.
    Each other document's pages are appended, its structure elements become children of the first one's Document
    element, and its parent-tree keys (a page's /StructParents, a link's /StructParent) are shifted past those
    already used, so every marked piece of content still maps to its element. Named destinations are merged; a
    later document's name wins, so the first one may hold placeholders for links into the others.

    `stamps`: a PDF whose page i is laid over page i (e.g. page numbers), marked as an artifact,
    which is what PDF/UA asks of running footers. `outline`: the bookmarks as (level 1 or 2, title, page index).
    """
    joined = Pdf.open(io.BytesIO(documents[0]))
    tree = joined.Root.StructTreeRoot
    element = tree.K[0]  # WeasyPrint's Document element
    nums = tree.ParentTree.Nums
    next_key = max((int(key) for key, _value in _pairs(nums)), default=-1) + 1
    destinations = dict(_pairs(joined.Root.Names.Dests.Names)) if "/Names" in joined.Root else {}
    for content in documents[1:]:
        part = Pdf.open(io.BytesIO(content))
        offset, part_tree = next_key, part.Root.StructTreeRoot
        for page in part.pages:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + offset
            for annotation in page.obj.get("/Annots", []):
                if "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + offset
        kids = list(part_tree.K[0].K)
        for kid in kids:
            del kid.P  # re-parented below, so that copying a kid does not copy the part's own tree root
        with warnings.catch_warnings():
            # pikepdf warns that named destinations are not copied with pages: they are merged below.
            warnings.simplefilter("ignore", PageCopyWarning)
            joined.pages.extend(part.pages)  # pages first: elements copied next refer to these copies (/Pg)
        for kid in kids:
            copied = joined.copy_foreign(kid)
            copied.P = element
            element.K.append(copied)
        for key, value in _pairs(part_tree.ParentTree.Nums):
            nums.append(int(key) + offset)
            nums.append(Array([joined.copy_foreign(v) for v in value]) if isinstance(value, Array) else
                        joined.copy_foreign(value))  # fmt: skip
            next_key = max(next_key, int(key) + offset + 1)
        if "/Names" in part.Root:
            for name, destination in _pairs(part.Root.Names.Dests.Names):
                destinations[str(name)] = Array([joined.copy_foreign(destination[0]), *destination[1:]])
    if destinations:
        names = Array()
        for name in sorted(destinations, key=str):
            names.extend([name, destinations[name]])
        joined.Root.Names = Dictionary(Dests=Dictionary(Names=names))
    if stamps:
        _stamp(joined, Pdf.open(io.BytesIO(stamps)))
    _outline_set(joined, outline)
    output = io.BytesIO()
    joined.save(output)
    return output.getvalue()


def _outline_set(joined: Pdf, outline) -> None:
    """The bookmarks, as (level 1 or 2, title, page index): a level-2 entry goes under the level-1 entry before it."""
    with joined.open_outline() as bookmarks:
        bookmarks.root.clear()
        for level, title, page in outline:
            item = OutlineItem(title, page)
            (bookmarks.root[-1].children if level > 1 and bookmarks.root else bookmarks.root).append(item)


def _stamp(joined: Pdf, stamps: Pdf) -> None:
    for page, stamp in zip(joined.pages, stamps.pages, strict=False):
        name = page.add_resource(joined.copy_foreign(stamp.as_form_xobject()), Name.XObject, prefix="Stamp")
        # The page's own content is wrapped so that its graphics state cannot move the stamp.
        page.contents_add(joined.make_stream(b"q\n"), prepend=True)
        page.contents_add(joined.make_stream(b"Q\n/Artifact BMC q " + bytes(name.unparse()) + b" Do Q EMC\n"))
