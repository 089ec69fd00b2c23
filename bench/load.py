"""The summit under load, with nothing lost: citizens read and write while facilitators capture and a compile runs.

Starts, on loopback only, gunicorn and a real Celery worker on a fresh PostgreSQL database and Redis (broker and
cache), with the demo data and a compiled edition. Then, for a fixed time:
- each simulated citizen (signed in, as a verified account) reads a topic exhibit, and now and then posts a
  comment or takes back or gives a reaction, with a think time of 1 to 4 s between actions;
- each simulated facilitator saves a workshop outcome every 1 to 3 s, and re-sends one in five with the same UUID, as
  capture.js does after a lost answer on bad wifi;
- one third of the way in, the nightly compile is queued on the worker, which runs at `nice 19` as deploy/'s unit
  runs it: the posters' renders take what the web leaves of the cores.
Before the timed part, every gunicorn worker is warmed up (each simulated person makes one unmeasured request,
eight at a time, as the first visitors of the morning would), and the people then arrive over their first think
time, not in the same millisecond. Then it checks the database against what the server acknowledged: every
comment with a 302 stored exactly once, every reaction present exactly when its acknowledged toggles say so, the
comments' reaction counts equal to their rows, every outcome with a 201/200 stored exactly once, the compile's
edition published. It prints the p50/p95
latency per kind of request against the goal (p95 under 300 ms) and a last line that starts with PASS or FAIL
(exit status 0 or 1): FAIL only for a lost write, a 5xx or a compile that did not publish; `make bench` reports the
latencies (`measure`).

Every simulated person is a thread with its own session (blocking http.client, a new connection per request, the
worst case for the server): with think times the client needs a fraction of one core, so it is not what
limits the server. All clients come from 127.0.0.1, so the per-IP rate limits are raised for the run.

    .venv/bin/python bench/load.py [--citizens 200] [--facilitators 10] [--seconds 60] [--workers 4]

Needs PostgreSQL on 127.0.0.1:5432 (trust auth) and Redis on 127.0.0.1:6379; it empties Redis database --redis-db
(15 unless told) and drops the PostgreSQL database it creates.
"""

import argparse
import concurrent.futures
import http.client
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections import defaultdict

from common import PYTHON, ROOT, SIGN_IN, Figure, figures_print, gunicorn, manage, scratch_environment

TOPICS = ["communicative-cities", "healthy-cities", "resilient-cities", "connective-cities", "inclusive-cities"]

PREPARE = (
    SIGN_IN
    + """
import json, secrets
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from discussion.models import Thread
from discussion.services import comment_post
from summit.models import User
from workshops.models import Workshop

threads = {t.key.split(":", 1)[1]: t.pk for t in Thread.objects.filter(key__startswith="topic:")}
citizens = []
for number in range(CITIZENS):
    user = User.objects.create(email=f"citizen{number}@example.org", name=f"Citizen {number}")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    citizens.append({"id": user.pk, "session": session_of(user)})
comments = [
    comment_post(thread=Thread.objects.get(pk=threads[slug]), user=User.objects.get(pk=citizens[n % CITIZENS]["id"]),
                 body=f"Opening comment {n} on {slug}").pk
    for n, slug in enumerate(sorted(threads) * 4)
]
workshops = list(Workshop.objects.order_by("id"))
group = Group.objects.get(name="Facilitators")
facilitators = []
for number in range(FACILITATORS):
    user = User.objects.create(email=f"facilitator{number}@example.org", name=f"Facilitator {number}")
    user.groups.add(group)
    workshop = workshops[number % len(workshops)]
    workshop.facilitators.add(user)
    facilitators.append({"workshop": workshop.pk, "session": session_of(user)})
print(json.dumps({"threads": threads, "citizens": citizens, "comments": comments, "facilitators": facilitators}))
"""
)

VERIFY = """
import json
from collections import Counter
from django.db.models import Count, F
from discussion.models import Comment, Reaction
from exhibition.models import Edition
from workshops.models import Outcome

expected = json.load(open(EXPECTED))
problems = []
bodies = Counter(Comment.objects.filter(body__startswith="Load ").values_list("body", flat=True))
for body in expected["comments"]:
    if bodies[body] != 1:
        problems.append(f"comment {body!r} stored {bodies[body]} times")
rows = set(Reaction.objects.values_list("user_id", "comment_id", "kind"))
for key, present in expected["reactions"].items():
    user, comment, kind = key.split("|")
    if ((int(user), int(comment), kind) in rows) != present:
        problems.append(f"reaction {key} should {'' if present else 'not '}be there")
drifted = Comment.objects.annotate(rows=Count("reactions")).exclude(reaction_count=F("rows")).count()
if drifted:
    problems.append(f"{drifted} comments' reaction counts differ from their rows")
stored = Counter(str(u) for u in Outcome.objects.filter(uuid__in=expected["outcomes"]).values_list("uuid", flat=True))
for outcome in expected["outcomes"]:
    if stored[outcome] != 1:
        problems.append(f"outcome {outcome} stored {stored[outcome]} times")
editions = list(Edition.objects.order_by("number").values_list("number", "status"))
print(json.dumps({"problems": problems, "editions": editions}))
"""


class Recorder:
    """Latencies and statuses per kind of request, from many threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = defaultdict(list)
        self.unexpected = []
        self.server_errors = 0

    def record(self, kind: str, began: float, status: int | str, expected: tuple):
        with self.lock:
            self.latencies[kind].append(time.perf_counter() - began)
            if isinstance(status, int) and status >= 500:
                self.server_errors += 1
            if status not in expected:
                self.unexpected.append(f"{kind}: {status}")


def call(port, method, path, session, body=None):
    """One request as the browser sends it (session and CSRF cookies, CSRF header). Returns the status."""
    csrf = "b" * 32
    headers = {"Cookie": f"sessionid={session}; csrftoken={csrf}", "X-CSRFToken": csrf}
    encoded = None
    if body is not None:
        encoded = urllib.parse.urlencode(body)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, path, body=encoded, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    except OSError as error:
        return repr(error)
    finally:
        connection.close()


def citizen(port, person, data, until, recorder, acknowledged, rng):
    comments = list(data["comments"])
    time.sleep(rng.uniform(0, 4))  # people arrive over a first think time
    while time.monotonic() < until:
        slug = rng.choice(TOPICS)
        began = time.perf_counter()
        recorder.record("read exhibit", began, call(port, "GET", f"/exhibition/topics/{slug}/", person["session"]),
                        (200,))  # fmt: skip
        roll = rng.random()
        if roll < 0.15:
            body = f"Load comment {uuid.uuid4().hex}"
            began = time.perf_counter()
            status = call(port, "POST", f"/exhibition/threads/{data['threads'][slug]}/comments/", person["session"],
                          {"body": body})  # fmt: skip
            recorder.record("post comment", began, status, (302,))
            if status == 302:
                acknowledged["comments"].append(body)
        elif roll < 0.40:
            comment, kind = rng.choice(comments), rng.choice(["helpful", "agree"])
            began = time.perf_counter()
            status = call(port, "POST", f"/exhibition/comments/{comment}/react/", person["session"], {"kind": kind})
            recorder.record("toggle reaction", began, status, (302,))
            if status == 302:
                key = f"{person['id']}|{comment}|{kind}"
                acknowledged["reactions"][key] = not acknowledged["reactions"].get(key, False)
        time.sleep(rng.uniform(1, 4))  # think time, not a wait for a result


def facilitator(port, person, until, recorder, acknowledged, rng):
    path = f"/workshops/{person['workshop']}/outcomes/"
    time.sleep(rng.uniform(0, 3))
    while time.monotonic() < until:
        outcome = str(uuid.uuid4())
        body = {"uuid": outcome, "kind": "insight", "text": f"Load outcome {outcome[:8]}", "city": "", "version": ""}
        sends = 2 if rng.random() < 0.2 else 1  # the second one is capture.js re-sending after a lost answer
        for _send in range(sends):
            began = time.perf_counter()
            status = call(port, "POST", path, person["session"], body)
            recorder.record("save outcome", began, status, (200, 201))
            if status in (200, 201) and outcome not in acknowledged["outcomes"]:
                acknowledged["outcomes"].append(outcome)
        time.sleep(rng.uniform(1, 3))


def warm_up(port: int, data: dict, acknowledged: dict) -> None:
    """One unmeasured request per simulated person, eight at a time, so that every gunicorn worker has loaded its
    templates, translations and connections before the timed part: a citizen's read, a facilitator's save."""

    def first(person):
        if "workshop" not in person:
            call(port, "GET", f"/exhibition/topics/{TOPICS[person['id'] % len(TOPICS)]}/", person["session"])
            return
        outcome = str(uuid.uuid4())
        body = {"uuid": outcome, "kind": "insight", "text": f"Load outcome {outcome[:8]}", "city": "", "version": ""}
        if call(port, "POST", f"/workshops/{person['workshop']}/outcomes/", person["session"], body) in (200, 201):
            acknowledged["outcomes"].append(outcome)

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        list(pool.map(first, data["citizens"] + data["facilitators"]))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * share) - 1)]


def options_parse(arguments: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=200)
    parser.add_argument("--facilitators", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--redis-db", type=int, default=15)
    parser.add_argument("--seed", type=int, default=2019)
    return parser.parse_args(arguments)


def summit_prepare(env: dict, options: argparse.Namespace) -> dict:
    """A seeded, compiled summit and the accounts the simulated people use."""
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(env, "seed_demo", "--no-accounts")
    manage(env, "compile_exhibition")
    prepare = PREPARE.replace("FACILITATORS", str(options.facilitators)).replace("CITIZENS", str(options.citizens))
    return json.loads(manage(env, "shell", "--verbosity", "0", "-c", prepare, capture=True).strip().splitlines()[-1])


def people_run(env: dict, options: argparse.Namespace, data: dict, recorder: Recorder, acknowledged: dict) -> float:
    """Every citizen and facilitator at once, with the nightly compile started a third of the way in; the load
    generator's CPU seconds."""
    until = time.monotonic() + options.seconds
    rng = random.Random(options.seed)
    people = [
        threading.Thread(target=citizen, args=(options.port, person, data, until, recorder, acknowledged,
                                               random.Random(rng.random())))
        for person in data["citizens"]
    ] + [
        threading.Thread(target=facilitator, args=(options.port, person, until, recorder, acknowledged,
                                                   random.Random(rng.random())))
        for person in data["facilitators"]
    ]  # fmt: skip
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    for person in people:
        person.start()
    time.sleep(options.seconds / 3)  # the compile starts a third of the way in, by design
    # Queued from a Django shell at the worker's priority: beat's own queueing costs nothing, this shell's start does.
    subprocess.run(["nice", "-n", "19", PYTHON, "manage.py", "shell", "--verbosity", "0", "-c",
                    "from exhibition.tasks import compile_nightly; compile_nightly.delay()"],
                   cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    for person in people:
        person.join()
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    return (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)


def stored_verify(env: dict, acknowledged: dict) -> dict:
    """What the database holds against what was acknowledged, once the compile has had a bounded time to publish."""
    deadline = time.monotonic() + 120
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as expected:
        json.dump(acknowledged, expected)
    verify = VERIFY.replace("EXPECTED", repr(expected.name))
    while True:
        result = json.loads(manage(env, "shell", "--verbosity", "0", "-c", verify, capture=True).strip())
        statuses = [status for _number, status in result["editions"]]
        if "compiling" not in statuses or time.monotonic() > deadline:
            return result
        time.sleep(1)


def report(options: argparse.Namespace, recorder: Recorder, acknowledged: dict, result: dict, client_cpu: float):
    requests = sum(len(values) for values in recorder.latencies.values())
    print(f"{options.citizens} citizens, {options.facilitators} facilitators, {options.seconds:.0f} s, "
          f"gunicorn workers: {options.workers}; {requests} requests ({requests / options.seconds:.0f}/s)")  # fmt: skip
    print(f"load generator CPU: {client_cpu:.1f} s in {options.seconds:.0f} s "
          f"({client_cpu / options.seconds:.0%} of one of this machine's cores)")  # fmt: skip
    figures_print(latency_figures(recorder))
    print(f"acknowledged: {len(acknowledged['comments'])} comments, {len(acknowledged['reactions'])} reactions "
          f"(user, comment, kind), {len(acknowledged['outcomes'])} outcomes")  # fmt: skip
    print(f"editions (number, status): {result['editions']}")


def latency_figures(recorder: Recorder) -> list[Figure]:
    """p50 and p95 per kind of request; the goal is a p95 under 300 ms for each."""
    figures = []
    for kind, values in sorted(recorder.latencies.items()):
        p95 = percentile(values, 0.95) * 1000
        value = f"p95 {p95:.0f} ms (p50 {statistics.median(values) * 1000:.0f} ms, {len(values)} requests)"
        figures.append(Figure(f"load: {kind}", value, "p95 < 300 ms", p95 < 300))
    return figures


def failures_of(recorder: Recorder, result: dict) -> list[str]:
    failures = []
    if recorder.server_errors:
        failures.append(f"{recorder.server_errors} answers of 5xx")
    if recorder.unexpected:
        failures.append(f"{len(recorder.unexpected)} unexpected answers, e.g. {sorted(set(recorder.unexpected))[:3]}")
    failures += result["problems"][:10]
    if result["editions"][-1][1] != "published" or len(result["editions"]) < 2:
        failures.append(f"the compile during the load did not publish: {result['editions']}")
    return failures


def main():
    options = options_parse()
    _recorder, failures = load_run(options)
    if failures:
        print("FAIL: " + "; ".join(failures))
        sys.exit(1)
    print("PASS: zero 5xx, every acknowledged comment, reaction and outcome stored exactly once, the compile published")


def measure() -> list[Figure]:
    """For `make bench`: the default run's latencies, and whether it lost nothing."""
    recorder, failures = load_run(options_parse([]))
    verdict = "; ".join(failures) if failures else "nothing lost, no 5xx, compile published"
    return [*latency_figures(recorder), Figure("load: acknowledged writes", verdict, "all stored once", not failures)]


def load_run(options: argparse.Namespace) -> tuple[Recorder, list[str]]:
    """The whole run, with its report printed; what failed, if anything."""
    redis = f"redis://127.0.0.1:6379/{options.redis_db}"
    subprocess.run(["redis-cli", "-n", str(options.redis_db), "flushdb"], check=True, stdout=subprocess.DEVNULL)
    with scratch_environment("load") as env:
        env.update(CELERY_BROKER_URL=redis, CACHE_URL=redis, COMMENT_RATE="100000/1m", REACTION_RATE="100000/1m")
        data = summit_prepare(env, options)
        worker = subprocess.Popen(
            ["nice", "-n", "19", PYTHON, "-m", "celery", "-A", "summit", "worker", "--pool", "solo",
             "--loglevel", "WARNING"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        recorder = Recorder()
        acknowledged = {"comments": [], "reactions": {}, "outcomes": []}
        try:
            with gunicorn(env, options.port, options.workers):
                warm_up(options.port, data, acknowledged)
                client_cpu = people_run(env, options, data, recorder, acknowledged)
            result = stored_verify(env, acknowledged)
        finally:
            worker.terminate()
            worker.wait(timeout=60)
    report(options, recorder, acknowledged, result, client_cpu)
    return recorder, failures_of(recorder, result)


if __name__ == "__main__":
    main()
