"""Latency of saving one workshop outcome through the real HTTP stack, with 20 facilitators saving at once.

Starts gunicorn on loopback against a fresh PostgreSQL database, with Redis (database 12) as the cache, signs in
20 facilitators (five per workshop would be crowded; four per workshop here), and has each save outcomes as fast as
the answers come back, the way capture.js does (form POST with a new UUID, CSRF header, session cookie). After
five unmeasured saves each (the workers' first requests load templates, translations and connections), prints the
median and 95th percentile latency, the throughput, the number of errors, and the server CPU time per save
(gunicorn's processes, from /proc).

    .venv/bin/python bench/capture.py [--facilitators 20] [--saves 150] [--workers 4]

Needs PostgreSQL on 127.0.0.1:5432 (trust auth) and Redis; the database it creates is dropped at the end.
"""

import argparse
import http.client
import statistics
import threading
import time
import urllib.parse
import uuid

from common import SIGN_IN, Figure, figures_print, gunicorn, manage, scratch_environment, server_cpu

WARM_UP = 5  # unmeasured saves per facilitator before the measured ones

SESSIONS = (
    SIGN_IN
    + """
import secrets
from django.contrib.auth.models import Group
from summit.models import User
from workshops.models import Workshop
workshops = list(Workshop.objects.order_by("id"))
group = Group.objects.get(name="Facilitators")
for number in range(FACILITATORS):
    user, _ = User.objects.get_or_create(email=f"bench{number}@example.org")
    user.groups.add(group)
    workshop = workshops[number % len(workshops)]
    workshop.facilitators.add(user)
    print(workshop.pk, session_of(user), secrets.token_hex(16))
"""
)


def prepare(env, facilitators: int) -> list[tuple[int, str, str]]:
    """Migrate, seed, and sign in facilitators; returns (workshop id, session key, csrf token) for each."""
    manage(env, "migrate", "--noinput")
    manage(env, "seed_demo", "--no-accounts")
    output = manage(env, "shell", "--verbosity", "0", "-c", SESSIONS.replace("FACILITATORS", str(facilitators)),
                    capture=True)  # fmt: skip
    return [(int(a), b, c) for a, b, c in (line.split() for line in output.strip().splitlines())]


def facilitator(port, workshop, session, csrf, saves, latencies, errors, warmed, start):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {
        "Cookie": f"sessionid={session}; csrftoken={csrf}",
        "X-CSRFToken": csrf,
        "Content-Type": "application/x-www-form-urlencoded",
    }
    # A few saves first, unmeasured: each gunicorn worker loads its templates, translations and connections on
    # its first requests, a cost of starting up, not of saving.
    for number in range(-WARM_UP, saves):
        if number == 0:
            warmed.wait()
            start.wait()
        body = urllib.parse.urlencode(
            {"uuid": str(uuid.uuid4()), "kind": "insight", "text": f"Bench outcome {number}", "city": "", "version": ""}
        )
        began = time.perf_counter()
        try:
            connection.request("POST", f"/workshops/{workshop}/outcomes/", body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status != 201:
                errors.append(response.status)
        except OSError as error:
            errors.append(repr(error))
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            continue
        if number >= 0:
            latencies.append(time.perf_counter() - began)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facilitators", type=int, default=20)
    parser.add_argument("--saves", type=int, default=150, help="saves per facilitator")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--port", type=int, default=8765)
    options = parser.parse_args()
    figures_print(measure(options.facilitators, options.saves, options.workers, options.port))


def measure(facilitators: int = 20, saves: int = 150, workers: int = 4, port: int = 8765) -> list[Figure]:
    with scratch_environment("capture", redis_db=12) as env:
        sessions = prepare(env, facilitators)
        with gunicorn(env, port, workers) as server:
            latencies, errors, start = [], [], threading.Event()
            warmed = threading.Barrier(len(sessions) + 1, timeout=120)
            threads = [
                threading.Thread(
                    target=facilitator, args=(port, workshop, session, csrf, saves, latencies, errors, warmed, start)
                )
                for workshop, session, csrf in sessions
            ]
            for thread in threads:
                thread.start()
            warmed.wait()
            cpu_before = server_cpu(server.pid)
            began = time.perf_counter()
            start.set()
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - began
            cpu = server_cpu(server.pid) - cpu_before

    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95) - 1] if latencies else float("nan")
    per_save = cpu / max(len(latencies), 1) * 1000
    about = f"{len(latencies)} saves, {len(latencies) / elapsed:.0f}/s, {len(errors)} errors"
    return [
        Figure("outcome save: server CPU per save", f"{per_save:.1f} ms", "<= 3 ms", per_save <= 3),
        Figure(
            f"outcome save: p95, {facilitators} facilitators at once",
            f"{p95 * 1000:.0f} ms ({about})",
            "< 100 ms, 0 errors",
            p95 < 0.1 and not errors,
        ),
        Figure("outcome save: median", f"{statistics.median(latencies) * 1000:.0f} ms", "", None),
    ]


if __name__ == "__main__":
    main()
