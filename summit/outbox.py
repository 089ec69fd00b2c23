"""The transactional outbox: tasks are queued as rows with the write that needs them, so a broker outage never
fails a request nor loses an email, a rendition or a kit build.

`task_queue` writes the row inside the caller's transaction and, once it commits, tries to hand it to the broker.
If the broker does not answer, the row stays pending and `outbox_dispatch`, run by a beat task every
OUTBOX_DRAIN_SECONDS, hands it over once the broker is back. Each row is handed over under a row lock and marked in
the same transaction, so two dispatchers never send it twice; tasks that must not run twice (emails) also mark the
row done under a lock when they finish, since a worker that dies after sending sees its task delivered again.
"""

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from celery import Task, current_app
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from summit.models import OutboxTask

logger = logging.getLogger(__name__)


# After the broker failed to answer, requests leave their tasks to the drain for this long instead of each waiting
# on the broker's connection timeout again.
BROKER_DOWN_KEY = "outbox:broker-down"
BROKER_DOWN_SECONDS = 15


def task_queue(task: Task, **kwargs) -> OutboxTask:
    """Record `task(**kwargs)` with the current transaction and send it to the broker after commit."""
    row = OutboxTask.objects.create(uuid=uuid.uuid4(), task=task.name, kwargs=kwargs)
    transaction.on_commit(lambda: _dispatch_after_commit(row.pk))
    return row


def _dispatch_after_commit(pk: int) -> None:
    if cache.get(BROKER_DOWN_KEY) is None:
        outbox_dispatch(ids=[pk])


def outbox_dispatch(*, ids: list[int] | None = None, limit: int = 500) -> int:
    """Hand pending rows (these `ids`, or the oldest `limit`) to the broker; returns how many went.

    Stops at the first broker error: the rest would fail the same way, and the next run picks them up.
    """
    sent = 0
    pending = OutboxTask.objects.filter(dispatched_at=None)
    if ids is not None:
        pending = pending.filter(pk__in=ids)
    for pk in pending.values_list("pk", flat=True)[:limit]:
        with transaction.atomic():
            row = OutboxTask.objects.select_for_update(skip_locked=True).filter(pk=pk, dispatched_at=None).first()
            if row is None:  # another dispatcher has it
                continue
            try:
                current_app.tasks[row.task].apply_async(kwargs=row.kwargs, task_id=str(row.uuid), retry=False)
            except (OperationalError, OSError) as error:
                OutboxTask.objects.filter(pk=pk).update(attempts=row.attempts + 1, last_error=repr(error)[:500])
                cache.set(BROKER_DOWN_KEY, True, BROKER_DOWN_SECONDS)
                logger.warning("Broker unreachable, %s stays queued: %r", row, error)
                return sent
            row.dispatched_at = timezone.now()
            row.attempts += 1
            row.save(update_fields=["dispatched_at", "attempts"])
            sent += 1
    if sent:
        cache.delete(BROKER_DOWN_KEY)
    return sent


@contextmanager
def outbox_once(task_id: str | None) -> Iterator[bool]:
    """Run a task's body at most once for its outbox row: yields False when the row is already done, else True,
    and marks the row done when the body finishes. The row stays locked meanwhile, so a redelivered copy waits and
    then skips. Tasks queued without the outbox (a shell) have no row and always run."""
    with transaction.atomic():
        row = OutboxTask.objects.select_for_update().filter(uuid=task_id).first() if task_id else None
        if row is not None and row.done_at is not None:
            yield False
            return
        yield True
        if row is not None:
            row.done_at = timezone.now()
            row.save(update_fields=["done_at"])
