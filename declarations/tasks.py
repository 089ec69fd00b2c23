"""Thin Celery tasks around declarations.services. Tasks are leaves: each imports its service when it runs."""

from celery import shared_task

from summit.tasks import RETRIES, retry_then_fail


@shared_task(bind=True, acks_late=True, max_retries=RETRIES)
def render_declaration_pdf(self, *, declaration_id: int) -> None:
    from declarations.services.printing import declaration_pdf_build, declaration_pdf_fail  # noqa: PLC0415 — tasks are leaves

    retry_then_fail(
        self, lambda: declaration_pdf_build(declaration_id=declaration_id),
        fail=lambda error: declaration_pdf_fail(declaration_id=declaration_id, error=error),
    )  # fmt: skip
