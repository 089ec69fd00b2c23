"""What citizens think, at scale: the opinion groups of 10,000 participants, and votes through gunicorn.

1. Clustering (in this process, scikit-learn already loaded, as in the nightly worker): 10,000 participants over
   3 showings weigh 40 % of 500 statements (2 million votes, two planted camps), streamed as the database hands
   them over. Times the groups across all showings and for each showing, and the process's peak memory.
2. Votes through gunicorn (4 workers, a fresh PostgreSQL database with the demo data): wrk posts the votes of
   200 visitors, each with their own pass, on the topic's statements, against a static file from the same server.
   After two seconds of each to warm the workers up, three rounds of the static file then the votes, 5 s each:
   this machine's speed drifts by a third from minute to minute, and a round compares the two at the same speed.
   Also what one request cost in CPU in the middle round, in the web workers, PostgreSQL and Redis.

    .venv/bin/python bench/opinion_groups.py

Needs PostgreSQL on 127.0.0.1:5432, Redis on 127.0.0.1:6379 and wrk. `make bench` runs it with the others.
"""

import http.client
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from common import (
    ROOT,
    Figure,
    WrkRun,
    figures_print,
    gunicorn,
    manage,
    program_cpu,
    scratch_environment,
    server_cpu,
    wrk,
    wrk_check,
)

sys.path.insert(0, str(ROOT))

from opinions.clustering import opinion_groups

PEOPLE, STATEMENTS, FILL, SHOWINGS = 10_000, 500, 0.4, 3
CLUSTER_SECONDS, CLUSTER_MB, VOTE_RATIO = 2.0, 500, 0.3
STATIC = "/static/css/site.css"
TOPIC = "healthy-cities"


def planted_votes() -> tuple[list[str], list[int], list[int], list[int]]:
    """Columns of (voter, statement, choice, showing): two camps who agree on opposite halves, 20 % noise."""
    rng = random.Random(2019)
    voters, statements, choices, showings = [], [], [], []
    keys = [f"pass:{person}" for person in range(PEOPLE)]
    for person, key in enumerate(keys):
        camp = person % 2
        for statement in rng.sample(range(STATEMENTS), int(STATEMENTS * FILL)):
            voters.append(key)
            statements.append(statement)
            choices.append(1 if (statement % 2 == camp) ^ (rng.random() < 0.2) else -1)
            showings.append(person % SHOWINGS)
    return voters, statements, choices, showings


def clustering_measure() -> list[Figure]:
    import sklearn.cluster  # noqa: F401, PLC0415 — loaded before the clock starts, as in a running worker

    voters, statements, choices, showings = planted_votes()
    began = time.perf_counter()
    overall = opinion_groups(zip(voters, statements, choices, strict=True))
    seconds = time.perf_counter() - began
    each = []
    for showing in range(SHOWINGS):
        began = time.perf_counter()
        opinion_groups(
            (v, s, c) for v, s, c, w in zip(voters, statements, choices, showings, strict=True) if w == showing
        )
        each.append(time.perf_counter() - began)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    sizes = "+".join(str(group["size"]) for group in overall["groups"])
    return [
        Figure(
            f"opinion groups: {PEOPLE:,} people, {len(voters):,} votes",
            f"{seconds:.2f} s ({sizes})",
            f"< {CLUSTER_SECONDS:.0f} s",
            seconds < CLUSTER_SECONDS,
        ),
        Figure("opinion groups: each of 3 showings", f"{max(each):.2f} s at most", "", None),
        Figure("opinion groups: peak memory of the process", f"{peak:.0f} MB", f"< {CLUSTER_MB} MB", peak < CLUSTER_MB),
    ]


SETUP = """
from opinions.models import Statement
print(*Statement.objects.filter(topic__slug="TOPIC", status="shown").values_list("pk", flat=True))
"""

# Each request is the next visitor's vote on the next statement, every visitor with their own pass and CSRF
# cookie, as a venue's phones send them; each wrk thread starts elsewhere in the round, so no two requests at once
# are the same person's. The choice turns too: agree, disagree, pass. The requests are written once, before the
# clock starts, so that wrk sends each as cheaply as the static file's.
SCRIPT = """
local visitors = {{{visitors}}}
local statements = {{{statements}}}
local threads = 0
setup = function(thread) thread:set("offset", threads * 7919); threads = threads + 1 end
init = function(args)
    requests = {{}}
    for number = 1, #visitors * #statements * 3 do
        local visitor = visitors[number % #visitors + 1]
        local statement = statements[math.floor(number / #visitors) % #statements + 1]
        local headers = {{["Content-Type"] = "application/x-www-form-urlencoded", ["Cookie"] = visitor[1],
                         ["X-CSRFToken"] = visitor[2]}}
        requests[number] = wrk.format("POST", nil, headers, "statement=" .. statement .. "&choice=" .. (number % 3 - 1))
    end
    counter = offset
end
request = function()
    counter = counter + 1
    return requests[counter % #requests + 1]
end
"""
VISITORS = 200
ROUNDS, ROUND_SECONDS = 3, 5  # static file then votes in each round; the round with the middle ratio is the figure
SERVERS = {"PostgreSQL": "postgres", "Redis": "redis-server"}


def visitor(port: int, path: str, statement: str) -> tuple[str, str]:
    """A visitor's Cookie header and CSRF token after their first vote: the CSRF cookie from the page, the pass
    from the vote."""
    cookies = {}

    def request(method, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                cookies[name] = rest.split(";", 1)[0]

    request("GET")
    request("POST", f"statement={statement}&choice=1", {"Cookie": f"csrftoken={cookies['csrftoken']}",
            "X-CSRFToken": cookies["csrftoken"], "Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
    jar = "; ".join(f"{name}={value}" for name, value in cookies.items() if name != "messages")
    return jar, cookies["csrftoken"]


def costed(server, run) -> tuple[WrkRun, dict[str, float]]:
    """A wrk run, and the CPU milliseconds each of its requests cost the web workers, PostgreSQL and Redis: the
    machine is busy throughout, so how the rates compare follows from what each request costs, and where."""

    def used():
        return {"web": server_cpu(server.pid), **{part: program_cpu(program) for part, program in SERVERS.items()}}

    before = used()
    result = run()
    after, requests = used(), result.rate * ROUND_SECONDS
    return result, {part: 1000 * (after[part] - before[part]) / requests for part in before}


def votes_measure(port: int = 8769) -> list[Figure]:
    wrk_check()
    with scratch_environment("opinions", redis_db=10) as env:
        env.update(VOTE_RATE="10000000/1m", ROOM_ADDRESS_RATE="10000000/1m", ROOM_JOIN_RATE="10000000/1m")
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        manage(env, "seed_demo", "--no-accounts")
        statements = manage(env, "shell", "--verbosity", "0", "-c", SETUP.replace("TOPIC", TOPIC), capture=True)
        statements = statements.split()
        path = f"/exhibition/topics/{TOPIC}/statements/"
        with gunicorn(env, port, 4) as server, tempfile.TemporaryDirectory() as folder:
            visitors = [visitor(port, path, statements[0]) for _ in range(VISITORS)]
            script = Path(folder) / "votes.lua"
            script.write_text(SCRIPT.format(
                visitors=", ".join(f'{{"{jar}", "{token}"}}' for jar, token in visitors),
                statements=", ".join(statements),
            ))  # fmt: skip
            wrk(port, STATIC, 2)  # warming up: every worker past its first requests (imports, first connections)
            wrk(port, path, 2, script=str(script))
            rounds = [
                (costed(server, lambda: wrk(port, STATIC, ROUND_SECONDS)),
                 costed(server, lambda: wrk(port, path, ROUND_SECONDS, script=str(script))))
                for _round in range(ROUNDS)
            ]  # fmt: skip
    middle = sorted(rounds, key=lambda pair: pair[1][0].rate / pair[0][0].rate)[ROUNDS // 2]
    (static, static_cpu), (votes, votes_cpu) = middle
    ratios = ", ".join(f"{vote.rate / file.rate:.2f}" for (file, _), (vote, _) in rounds)
    ratio, errors = votes.rate / static.rate, sum(vote.errors for _file, (vote, _cpu) in rounds)
    parts = ", ".join(f"{part} {milliseconds:.2f}" for part, milliseconds in votes_cpu.items())
    return [
        Figure("static file (wrk, same server; the middle round)", f"{static.rate:.0f}/s", "", None),
        Figure(
            "CPU per request in that round",
            f"static file {sum(static_cpu.values()):.2f} ms, vote {sum(votes_cpu.values()):.2f} ms ({parts})",
            "",
            None,
        ),
        Figure(
            f"statement vote POST ({VISITORS} visitors, {len(statements)} statements)",
            f"{votes.rate:.0f}/s = {ratio:.2f}x static (rounds: {ratios}), {errors} errors",
            f">= {VOTE_RATIO}x static",
            ratio >= VOTE_RATIO and errors == 0,
        ),
    ]


def measure() -> list[Figure]:
    return [*clustering_measure(), *votes_measure()]


if __name__ == "__main__":
    figures_print(measure())
