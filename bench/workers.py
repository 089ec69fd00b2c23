"""The nightly compile spread over Celery workers: the large demo's full compile with one worker, then with two.

Each run starts from a fresh PostgreSQL database with `seed_demo --size large`, starts the workers (solo pool, one
process each) on the Redis broker, waits until every worker answers a ping, queues `compile_nightly` and waits for
the edition to be published (the posters and the catalogue's parts are tasks of their own; the publish joins the
catalogue). Prints both times and the speed-up; the goal is at least 1.7x with two workers.

    .venv/bin/python bench/workers.py

Needs PostgreSQL on 127.0.0.1:5432 (trust auth) and Redis on 127.0.0.1:6379 (database 14 is flushed).
"""

import argparse
import subprocess
import time

from common import PYTHON, ROOT, Figure, figures_print, manage, scratch_environment

GOAL = 1.7

# Queue the compile and wait (bounded) until its edition is published; print the seconds it took.
COMPILE = """
import time
from exhibition.models import Edition, EditionStatus
from exhibition.tasks import compile_nightly
started = time.perf_counter()
compile_nightly.delay()
deadline = time.monotonic() + 900
while not Edition.objects.filter(status__in=[EditionStatus.PUBLISHED, EditionStatus.FAILED]).exists():
    if time.monotonic() > deadline:
        raise SystemExit("no edition published within 15 minutes")
    time.sleep(0.1)
edition = Edition.objects.get()
print(f"{time.perf_counter() - started:.2f} {edition.status} {edition.exhibits_total} {edition.parts_total}")
"""


def compile_with(workers: int, redis_db: int) -> tuple[float, str]:
    redis = f"redis://127.0.0.1:6379/{redis_db}"
    subprocess.run(["redis-cli", "-n", str(redis_db), "flushdb"], check=True, stdout=subprocess.DEVNULL)
    with scratch_environment(f"workers{workers}") as env:
        env.update(CELERY_BROKER_URL=redis, CACHE_URL=redis)
        manage(env, "migrate", "--noinput")
        manage(env, "seed_demo", "--no-accounts", "--size", "large")
        command = [PYTHON, "-m", "celery", "-A", "summit", "worker", "--pool", "solo", "--loglevel", "WARNING",
                   "--without-gossip", "--without-mingle"]  # fmt: skip
        processes = [
            subprocess.Popen([*command, "--hostname", f"bench{index}@%h"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
            for index in range(workers)
        ]
        try:
            deadline = time.monotonic() + 60
            while True:
                ping = subprocess.run(
                    [PYTHON, "-m", "celery", "-A", "summit", "inspect", "ping", "--timeout", "2"],
                    cwd=ROOT, env=env, capture_output=True, text=True, check=False,
                )  # fmt: skip
                if ping.stdout.count("pong") >= workers:
                    break
                if time.monotonic() > deadline:
                    raise SystemExit(f"{workers} workers did not answer within 60 s")
            seconds, status, exhibits, parts = manage(
                env, "shell", "--verbosity", "0", "-c", COMPILE, capture=True
            ).split()
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(timeout=60)
    return float(seconds), f"{status}: {exhibits} exhibits, {parts} catalogue parts"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--redis-db", type=int, default=14)
    options = parser.parse_args()
    figures_print(measure(options.redis_db))


def measure(redis_db: int = 14) -> list[Figure]:
    one, about_one = compile_with(1, redis_db)
    two, about_two = compile_with(2, redis_db)
    speedup = one / two
    return [
        Figure("compile on Celery: 1 worker", f"{one:.1f} s ({about_one})", "", None),
        Figure("compile on Celery: 2 workers", f"{two:.1f} s ({about_two})", "", None),
        Figure("compile on Celery: speed-up with 2 workers", f"{speedup:.2f}x", f">= {GOAL}x", speedup >= GOAL),
    ]


if __name__ == "__main__":
    main()
