"""The outbox: tasks are rows written with the change that needs them, handed to the broker after commit, once.

The broker being down for real is tested with gunicorn in tests/test_faults.py; here the steps, in process."""

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.db import transaction

from summit.celery import app as celery_app
from summit.models import OutboxTask
from summit.outbox import outbox_dispatch
from summit.services import email_queue
from summit.tasks import email_send

pytestmark = pytest.mark.django_db


def queue_email(to="ada@example.org"):
    email_queue(message=EmailMessage(subject="Hello", body="Text", from_email="summit@example.org", to=[to]))


def test_a_change_rolled_back_queues_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        queue_email()
        raise RuntimeError("the change failed")

    assert not OutboxTask.objects.exists()
    assert mail.outbox == []


def test_an_email_is_handed_over_after_commit_and_sent_once_however_often_it_is_delivered(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        queue_email()

    row = OutboxTask.objects.get()
    assert row.dispatched_at and row.done_at and row.attempts == 1
    assert [message.to for message in mail.outbox] == [["ada@example.org"]]
    # The beat's drain finds nothing left; a redelivered copy of the task (a worker lost after sending) skips.
    assert outbox_dispatch() == 0
    email_send.apply(kwargs=row.kwargs, task_id=str(row.uuid))
    assert len(mail.outbox) == 1


def test_an_organiser_sees_what_waits_and_hands_it_over(client, organiser, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # as if the broker had not answered after commit
        queue_email("one@example.org")
        queue_email("two@example.org")
    client.force_login(organiser)

    listing = client.get("/admin/summit/outboxtask/?dispatched_at__isempty=1").content.decode()
    response = client.post(
        "/admin/summit/outboxtask/",
        {"action": "hand_over_now", "_selected_action": list(OutboxTask.objects.values_list("pk", flat=True))},
        follow=True,
    )

    assert "2 queued tasks" in listing
    assert "2 handed over to the workers." in response.content.decode()
    assert sorted(message.to[0] for message in mail.outbox) == ["one@example.org", "two@example.org"]
    assert not OutboxTask.objects.filter(dispatched_at=None).exists()


def test_the_beat_drains_what_waits_every_few_seconds(settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        queue_email()

    entry = celery_app.conf.beat_schedule["outbox-drain"]
    celery_app.tasks[entry["task"]].delay()

    assert entry["schedule"] == settings.OUTBOX_DRAIN_SECONDS
    assert [message.to for message in mail.outbox] == [["ada@example.org"]]
    assert OutboxTask.objects.get().done_at
