"""The nightly task end to end on a real Celery worker process (Redis in CI), not in eager mode."""

import time

import pytest

from exhibition.models import Edition, EditionStatus
from exhibition.tasks import compile_nightly
from summit.celery import app as celery_app
from tests.processes import celery_worker, process_env

pytestmark = pytest.mark.processes


@pytest.fixture
def worker(transactional_db):
    """A worker in its own process, on this test's database, broker and media folder."""
    celery_app.conf.task_always_eager = False
    with celery_worker(process_env()) as process:
        yield process
    celery_app.conf.task_always_eager = True


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
