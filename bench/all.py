"""Every benchmark on the large demo, with PostgreSQL, Redis and real Celery workers on loopback: one table.

Runs bench/pages.py (wrk against a static file from the same server), bench/capture.py (outcome saves, 20
facilitators at once), bench/room_polls.py (300 phones answering a poll within 10 s, the screen's 304),
bench/opinion_groups.py (the opinion groups of 10,000 people, statement votes through gunicorn),
bench/compile.py (full, one topic, no change), bench/workers.py (one and two Celery workers), bench/digests.py
(the daily digest for 40,000 followers), bench/load.py (200 citizens and 10 facilitators for 60 s while a
compile runs) and bench/nodes.py (one and two web nodes behind nginx), then prints all their figures with the
goal each has and whether it was met, and the machine's core count. A missed goal is printed as MISSED; the exit
status stays 0 (these are measurements, not tests).

    make bench    (or .venv/bin/python bench/all.py)

Takes about fifteen minutes on a 2-core machine. Needs PostgreSQL on 127.0.0.1:5432, Redis on 127.0.0.1:6379, wrk
and nginx.
"""

import datetime
import os
import platform

import capture
import compile as compile_bench
import digests
import load
import nodes
import opinion_groups
import pages
import room_polls
import workers
from common import figures_print


def main():
    figures = [*pages.measure(), *capture.measure(), *room_polls.measure()]
    figures += [*opinion_groups.measure(), *compile_bench.measure(), *workers.measure(), *digests.measure()]
    figures += [*load.measure(), *nodes.measure()]
    print()
    print(f"{datetime.date.today()}, {os.cpu_count()} cores, Python {platform.python_version()}, gunicorn 4 workers")
    figures_print(figures)


if __name__ == "__main__":
    main()
