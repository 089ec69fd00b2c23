"""The daily digest of what people follow, for 40,000 followers (Decidim's digests flooded their queue at ~40k).

In a fresh PostgreSQL database with the demo data: 40,000 citizens, each following one of the five topics and one
of the cities (80,000 follows), and a day's news (the demo's 10 practices, its outcomes, clauses and pledges,
indexed as new). Then, in one process, as the nightly job and its workers do it:
1. queueing: `digests_queue` finds who has news and queues the batches (goal: one task per 500 people, so at most
   80 tasks, never one per person);
2. building: every batch's emails are built as the workers build them (`digest_batch_send`, sent to a dummy mail
   backend), timed all together, with the process's peak memory (goal: under 60 s and 500 MB for all 40,000).

    .venv/bin/python bench/digests.py

Needs PostgreSQL on 127.0.0.1:5432. `make bench` runs it with the others.
"""

import json

from common import Figure, figures_print, manage, scratch_environment

FOLLOWERS = 40_000
BUILD_SECONDS, BUILD_MB = 60, 500

SCRIPT = f"""
import datetime, json, resource, time
from django.db import connection
from django.utils import timezone
from hubs import following
from hubs.models import Follow, SearchEntry
from summit.models import City, OutboxTask, Topic, User

topics = list(Topic.objects.values_list("slug", flat=True))
cities = list(City.objects.values_list("slug", flat=True))
users = User.objects.bulk_create(
    [User(email=f"follower{{n}}@example.org", name=f"Follower {{n}}") for n in range({FOLLOWERS})], batch_size=5000
)
Follow.objects.bulk_create(
    [Follow(user=user, key=f"topic:{{topics[n % len(topics)]}}") for n, user in enumerate(users)]
    + [Follow(user=user, key=f"city:{{cities[n % len(cities)]}}") for n, user in enumerate(users)],
    batch_size=5000,
)
SearchEntry.objects.update(changed_at=timezone.now() - datetime.timedelta(hours=1))
until = timezone.now()
tasks_before = OutboxTask.objects.count()
began = time.perf_counter()
queued = following.digests_queue(until=until)
queue_seconds = time.perf_counter() - began
batches = list(OutboxTask.objects.filter(task="hubs.tasks.digest_batch").values_list("kwargs", flat=True))
began = time.perf_counter()
sent = 0
for kwargs in batches:
    sent += following.digest_batch_send(
        user_ids=kwargs["user_ids"], since=datetime.datetime.fromisoformat(kwargs["since"]),
        until=datetime.datetime.fromisoformat(kwargs["until"]),
    )
build_seconds = time.perf_counter() - began
print(json.dumps({{
    "queued": queued, "outbox_rows": OutboxTask.objects.count() - tasks_before, "queue_seconds": queue_seconds,
    "sent": sent, "build_seconds": build_seconds,
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}}))
"""


def main():
    figures_print(measure())


def measure() -> list[Figure]:
    with scratch_environment("digests") as env:
        env["EMAIL_URL"] = "dummymail://"
        manage(env, "migrate", "--noinput")
        manage(env, "seed_demo", "--no-accounts")
        found = json.loads(manage(env, "shell", "--verbosity", "0", "-c", SCRIPT, capture=True).splitlines()[-1])
    most_tasks = -(-FOLLOWERS // 500)
    return [
        Figure(
            f"digest: queueing for {FOLLOWERS:,} followers",
            f"{found['queued']} tasks, {found['outbox_rows']} outbox rows, {found['queue_seconds']:.2f} s",
            f"<= {most_tasks} tasks",
            0 < found["queued"] <= most_tasks and found["outbox_rows"] == found["queued"],
        ),
        Figure(
            f"digest: building {found['sent']:,} emails",
            f"{found['build_seconds']:.1f} s, peak {found['peak_mb']:.0f} MB",
            f"< {BUILD_SECONDS} s, < {BUILD_MB} MB",
            found["sent"] == FOLLOWERS and found["build_seconds"] < BUILD_SECONDS and found["peak_mb"] < BUILD_MB,
        ),
    ]


if __name__ == "__main__":
    main()
