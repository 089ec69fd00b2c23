"""Thin Celery tasks around declarations.services. Tasks are leaves: each imports its service when it runs."""

from celery import shared_task

RETRIES = 3


@shared_task(bind=True, acks_late=True, max_retries=RETRIES)
def render_declaration_pdf(self, *, declaration_id: int) -> None:
    from declarations.services.printing import declaration_pdf_build, declaration_pdf_fail  # noqa: PLC0415 — tasks are leaves

    try:
        declaration_pdf_build(declaration_id=declaration_id)
    except Exception as error:
        if self.request.retries >= RETRIES:
            declaration_pdf_fail(declaration_id=declaration_id, error=f"{error.__class__.__name__}: {error}")
            raise
        raise self.retry(exc=error, countdown=30 * 2**self.request.retries) from error
