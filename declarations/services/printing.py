"""The printed declaration: a tagged PDF rendered by a Celery worker, kept per text version and signature count."""

import datetime
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from declarations import selectors
from declarations.models import (
    Declaration,
)
from declarations.services.texts import latest_version
from declarations.tasks import render_declaration_pdf
from summit.outbox import task_queue
from summit.pdf import render_pdf

logger = logging.getLogger(__name__)


PDF_STALE_AFTER = datetime.timedelta(minutes=30)


def declaration_pdf_source(declaration: Declaration) -> str:
    """Which text and how many signatures the printed declaration shows; a new version or signature needs a new PDF."""
    version = latest_version(declaration)
    return f"{version.number if version else 0}:{declaration.signatures.count()}"


def declaration_pdf_is_ready(declaration: Declaration) -> bool:
    return bool(declaration.pdf) and declaration.pdf_source == declaration_pdf_source(declaration)


@transaction.atomic
def declaration_pdf_start(*, declaration: Declaration) -> Declaration:
    """Queue the PDF's rendering unless it is up to date or being prepared."""
    declaration = Declaration.objects.select_for_update().get(pk=declaration.pk)
    building = declaration.pdf_started_at and timezone.now() - declaration.pdf_started_at < PDF_STALE_AFTER
    if building or declaration_pdf_is_ready(declaration):
        return declaration
    declaration.pdf_started_at = timezone.now()
    declaration.save(update_fields=["pdf_started_at"])
    task_queue(render_declaration_pdf, declaration_id=declaration.pk)
    return declaration


def declaration_pdf_build(*, declaration_id: int) -> Declaration:
    """Render the text and every signatory as a tagged PDF/UA-1 document (language and title set); the file is
    written under a new name and the row switched last."""
    declaration = Declaration.objects.get(pk=declaration_id)
    source = declaration_pdf_source(declaration)
    if declaration.pdf and declaration.pdf_source == source:
        Declaration.objects.filter(pk=declaration_id).update(pdf_started_at=None)
        return declaration
    version = latest_version(declaration)
    # Grouped and ordered as the declaration's page lists them.
    with_text = selectors.declaration_with_text(slug=declaration.slug).get()
    by_country = selectors.signatures_by_country(declaration=with_text)
    context = {
        "declaration": {
            "title": declaration.title, "place": declaration.place, "language": declaration.language,
            "status": declaration.get_status_display(), "adopted_on": declaration.adopted_on, "note": declaration.note,
        },
        "version": version.number if version else 0,
        "clauses": version.clauses if version else [],
        "signature_total": sum(len(signatures) for _country, signatures in by_country),
        "countries": [
            (country, [{"city": s.city.name, "signed_on": s.signed_on, "title": s.get_signer_title_display(),
                        "on_paper": s.on_paper} for s in signatures])
            for country, signatures in by_country
        ],
    }  # fmt: skip
    rendered = render_pdf("declarations/pdf/declaration.html", context, variant="pdf/ua-1")
    with transaction.atomic():
        declaration = Declaration.objects.select_for_update().get(pk=declaration_id)
        declaration.pdf.save(
            f"{declaration.slug}-{source.replace(':', '-')}.pdf", ContentFile(rendered.content), save=False
        )
        declaration.pdf_source = source
        declaration.pdf_started_at = None
        declaration.save(update_fields=["pdf", "pdf_source", "pdf_started_at"])
    logger.info("PDF of %s rendered (%s)", declaration.slug, source)
    return declaration


def declaration_pdf_fail(*, declaration_id: int, error: str) -> None:
    """A rendering that gave up: the next request starts again; the PDF on file (if any) is kept."""
    Declaration.objects.filter(pk=declaration_id).update(pdf_started_at=None)
    logger.error("PDF of declaration %s failed: %s", declaration_id, error)
