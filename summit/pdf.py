"""The one WeasyPrint entry point: render_pdf(template, context) -> PDF bytes.

Templates get plain values, never model instances. Resources are fetched by StorageFetcher, which serves
/static/ from the static files and /media/ from the media storage and refuses everything else: no file: URLs, no
remote hosts, so user-supplied text can never make a render read the disk or the network.
"""

import io
import time
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
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


class PDFRenderError(RuntimeError):
    """A PDF could not be made, e.g. because an image it shows is missing from storage."""


def render_pdf(template: str, context: dict, *, variant: str | None = None) -> RenderedPDF:
    """`variant` names a WeasyPrint PDF variant, e.g. "pdf/ua-1" for a tagged, accessible PDF."""
    html = render_to_string(template, context)
    started = time.perf_counter()
    try:
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=StorageFetcher(fail_on_errors=True)).render()
        content = document.write_pdf(pdf_variant=variant) if variant else document.write_pdf()
    except FatalURLFetchingError as error:
        # WeasyPrint's fatal fetch error is a BaseException; callers handle ordinary exceptions.
        raise PDFRenderError(f"{error} ({error.__cause__})") from error
    return RenderedPDF(content=content, weasyprint_seconds=time.perf_counter() - started, pages=len(document.pages))
