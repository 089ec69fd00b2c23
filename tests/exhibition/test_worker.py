"""The nightly task end to end on a real Celery worker process (Redis in CI), not in eager mode."""

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection

from exhibition.models import Edition, EditionStatus
from exhibition.tasks import compile_nightly
from summit.celery import app as celery_app


@pytest.fixture
def worker(transactional_db):
    """A worker in its own process, on this test's database, broker and media folder."""
    if connection.vendor == "sqlite":
        pytest.skip(
            "The worker process needs a database server to share the test database; CI runs this on PostgreSQL."
        )
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        "MEDIA_ROOT": settings.MEDIA_ROOT,
        "SITE_URL": settings.SITE_URL,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "summit", "worker", "--pool", "solo", "--loglevel", "WARNING"],
        env=env,
    )
    celery_app.conf.task_always_eager = False
    yield process
    celery_app.conf.task_always_eager = True
    process.terminate()
    process.wait(timeout=20)


def test_nightly_task_compiles_and_publishes_on_a_real_worker(sources, worker):
    compile_nightly.delay()

    deadline = time.monotonic() + 90
    edition = None
    while time.monotonic() < deadline and worker.poll() is None:
        edition = Edition.objects.filter(status__in=[EditionStatus.PUBLISHED, EditionStatus.FAILED]).first()
        if edition:
            break
        time.sleep(0.5)

    assert worker.poll() is None, "the worker stopped"
    assert edition is not None, "no edition was published within 90 s"
    assert edition.status == EditionStatus.PUBLISHED, edition.error
    assert edition.is_current
    assert all(exhibit.done for exhibit in edition.exhibits.all())
    assert edition.exhibits.get(key="topic:healthy-cities").poster
    assert edition.catalogue
