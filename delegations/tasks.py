"""Thin Celery tasks around delegations.services, run by beat every day."""

from celery import shared_task
from django.utils import timezone


@shared_task(acks_late=True)
def reminders_send() -> int:
    from delegations import services  # noqa: PLC0415 — tasks are leaves: services may import this module

    return services.reminders_send(today=timezone.localdate())


@shared_task(acks_late=True)
def passports_delete() -> int:
    from delegations import services  # noqa: PLC0415 — tasks are leaves: services may import this module

    return services.passports_delete(today=timezone.localdate())
