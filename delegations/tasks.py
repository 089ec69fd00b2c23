"""Thin Celery tasks around the delegations' services: the daily reminders and passport deletion (beat), and the
letters', badges' and certificates' PDFs."""

from celery import shared_task
from django.utils import timezone

from summit.tasks import RETRIES, retry_then_fail


@shared_task(acks_late=True)
def reminders_send() -> int:
    from delegations import services  # noqa: PLC0415 — tasks are leaves: services may import this module

    return services.reminders_send(today=timezone.localdate())


@shared_task(acks_late=True)
def passports_delete() -> int:
    from delegations import services  # noqa: PLC0415 — tasks are leaves: services may import this module

    return services.passports_delete(today=timezone.localdate())


@shared_task(bind=True, acks_late=True, max_retries=RETRIES)
def render_letter(self, *, letter_id: int) -> None:
    from delegations.letters import letter_pdf_build, letter_pdf_fail  # noqa: PLC0415 — tasks are leaves

    retry_then_fail(self, lambda: letter_pdf_build(letter_id=letter_id),
                    fail=lambda error: letter_pdf_fail(letter_id=letter_id, error=error))  # fmt: skip


@shared_task(acks_late=True)
def agenda_changes_notify() -> int:
    from delegations.agenda import changes_notify  # noqa: PLC0415 — tasks are leaves

    return changes_notify()


@shared_task(bind=True, acks_late=True, max_retries=RETRIES)
def render_badges(self, *, print_id: int) -> None:
    from delegations.badges import badges_build, badges_fail  # noqa: PLC0415 — tasks are leaves

    retry_then_fail(self, lambda: badges_build(print_id=print_id),
                    fail=lambda error: badges_fail(print_id=print_id, error=error))  # fmt: skip


@shared_task(bind=True, acks_late=True, max_retries=RETRIES)
def render_certificate(self, *, member_id: int) -> None:
    from delegations.certificates import certificate_pdf_build, certificate_pdf_fail  # noqa: PLC0415 — leaves

    retry_then_fail(self, lambda: certificate_pdf_build(member_id=member_id),
                    fail=lambda error: certificate_pdf_fail(member_id=member_id, error=error))  # fmt: skip
