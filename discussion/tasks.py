"""Thin Celery tasks around discussion.services."""

from celery import shared_task


@shared_task(acks_late=True)
def delegate_digest() -> int:
    """Beat runs this every morning: one email per delegate, not one per comment."""
    from discussion import services  # noqa: PLC0415 — tasks are leaves: services may import this module

    return services.digests_send()
