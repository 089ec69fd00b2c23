import datetime
import smtplib

from celery import shared_task

# A batch resent after a network error may reach some of its people twice; never none of them.
BATCH_TASK = {"bind": True, "acks_late": True, "autoretry_for": (smtplib.SMTPException, OSError),
              "retry_backoff": 60, "max_retries": 5, "time_limit": 900}  # fmt: skip


@shared_task
def digests_daily() -> int:
    """Queue the day's digests of what people follow, in batches."""
    from hubs.following import digests_queue  # noqa: PLC0415 — tasks are leaves

    return digests_queue()


@shared_task(**BATCH_TASK)
def digest_batch(self, *, user_ids: list[int], since: str, until: str) -> int:
    from hubs.following import digest_batch_send  # noqa: PLC0415
    from summit.outbox import outbox_once  # noqa: PLC0415

    with outbox_once(self.request.id) as first:
        if not first:
            return 0
        return digest_batch_send(
            user_ids=user_ids,
            since=datetime.datetime.fromisoformat(since),
            until=datetime.datetime.fromisoformat(until),
        )


@shared_task(**BATCH_TASK)
def answer_batch(self, *, user_ids: list[int], comment_id: int) -> int:
    from hubs.following import answer_batch_send  # noqa: PLC0415
    from summit.outbox import outbox_once  # noqa: PLC0415

    with outbox_once(self.request.id) as first:
        if not first:
            return 0
        return answer_batch_send(user_ids=user_ids, comment_id=comment_id)
