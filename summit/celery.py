"""The Celery app: configured from Django settings (CELERY_*), tasks discovered in every app."""

import logging
import os

from celery import Celery
from celery.schedules import crontab
from celery.signals import task_failure
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "summit.settings")

app = Celery("summit")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def _nightly_schedule():
    """The exhibition compile at EXHIBITION_COMPILE_AT (HH:MM) in TIME_ZONE, which is the summit's time zone."""
    hour, minute = (int(part) for part in settings.EXHIBITION_COMPILE_AT.split(":"))
    return {
        "compile-exhibition-nightly": {
            "task": "exhibition.tasks.compile_scheduled",
            "schedule": crontab(hour=hour, minute=minute),
        },
        # One email a day per delegate instead of one per comment.
        "delegate-digest-daily": {"task": "discussion.tasks.delegate_digest", "schedule": crontab(hour=7, minute=0)},
        # What people follow: one digest a day each, sent in batches.
        "following-digests-daily": {"task": "hubs.tasks.digests_daily", "schedule": crontab(hour=6, minute=30)},
        # Delegations missing details before the protocol's deadline; passport numbers past their keeping day.
        "delegation-reminders-daily": {
            "task": "delegations.tasks.reminders_send",
            "schedule": crontab(hour=8, minute=0),
        },
        "passports-delete-daily": {
            "task": "delegations.tasks.passports_delete",
            "schedule": crontab(hour=3, minute=30),
        },
        # Followed programme items that moved: one email per delegate and batch of changes.
        "agenda-changes": {"task": "delegations.tasks.agenda_changes_notify", "schedule": 300},
        # What waited in the outbox while the broker was unreachable.
        "outbox-drain": {"task": "summit.tasks.outbox_drain", "schedule": settings.OUTBOX_DRAIN_SECONDS},
    }


app.conf.beat_schedule = _nightly_schedule()

logger = logging.getLogger("summit.tasks")


@task_failure.connect
def log_task_failure(sender=None, task_id=None, exception=None, **kwargs):
    logger.error("Task %s (%s) failed: %r", getattr(sender, "name", sender), task_id, exception)
