"""The Celery app: configured from Django settings (CELERY_*), tasks discovered in every app."""

import logging
import os

from celery import Celery
from celery.signals import task_failure

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "summit.settings")

app = Celery("summit")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger("summit.tasks")


@task_failure.connect
def log_task_failure(sender=None, task_id=None, exception=None, **kwargs):
    logger.error("Task %s (%s) failed: %r", getattr(sender, "name", sender), task_id, exception)
