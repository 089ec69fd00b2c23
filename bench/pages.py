"""Throughput of the public pages, anonymous and signed in, against a static file from the same server; and a spike.

Starts gunicorn (4 workers) on loopback against a fresh PostgreSQL database with `seed_demo --size large`, one
compiled edition and 500 comments on the Healthy Cities exhibit, and Redis as the cache (database 13, flushed).
Then, with wrk (Debian's package, 2 threads, 16 connections; it is written in C and stays far from being the
bottleneck), in the same run:
1. the static file /static/css/site.css;
2. each public page for an anonymous reader, and its ratio to the static file (goal: at least 0.8x);
3. the same pages for a signed-in citizen and a mayor's /me/, with the session and CSRF cookies a browser holds
   (goal: at least 0.5x);
4. a spike: 64 connections for 20 s on the topic exhibit a poster's QR code opens (goal: no error, p99 < 250 ms);
5. /search/ for words found across kinds, anonymous: the same words again and again (served from the page cache,
   as repeated searches are) as a ratio (goal: at least 0.3x); and new words on every request (a counter in the
   address, so never from the cache): the median with one connection, which is the server's time plus loopback
   (goal: under 50 ms), and the rate with 16. The search limit is lifted for wrk.

    .venv/bin/python bench/pages.py [--seconds 5] [--workers 4]

Needs PostgreSQL on 127.0.0.1:5432 (trust auth), Redis on 127.0.0.1:6379 and wrk.
"""

import argparse
import json
import tempfile
from pathlib import Path

from common import (
    SIGN_IN,
    Figure,
    figures_print,
    gunicorn,
    manage,
    scratch_environment,
    signed_in_cookie,
    wrk,
    wrk_check,
)

STATIC = "/static/css/site.css"
SPIKE = "/exhibition/topics/healthy-cities/"
SEARCH = "/search/?q=housing+city"
# Each request a new address, so the page cache never answers.
NEW_WORDS = """
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", "{path}&n=" .. counter)
end
"""
REDIS_DB = 13

SETUP = (
    SIGN_IN
    + """
import json
from discussion.models import Comment, Thread
from exhibition.models import Edition, Showing
from summit.models import City, Delegate, Topic, User
from workshops.models import BestPractice, Workshop

thread = Thread.objects.get(key="topic:healthy-cities")
author, _ = User.objects.get_or_create(email="bench@example.org", defaults={"name": "Bench"})
comments = Comment.objects.bulk_create(
    [Comment(thread=thread, author=author, body=f"Comment {n}", body_html=f"<p>Comment {n}</p>", status="published")
     for n in range(500)]
)


citizen = User.objects.create_user(email="citizen.bench@example.org", password=None, name="Chris Citizen")
mayor_city = City.objects.order_by("slug").first()
mayor = User.objects.create_user(email="mayor.bench@example.org", password=None, name="Mia Mayor")
Delegate.objects.create(user=mayor, city=mayor_city, title="mayor")
topic = Topic.objects.order_by("order").first()
practice = BestPractice.objects.filter(status="approved").first()
showing = Showing.objects.select_related("city").first()
pages = {
    "home": "/",
    "programme": "/programme/",
    "topic hub": f"/topics/{topic.slug}/",
    "city hub": f"/cities/{practice.city.slug}/",
    "practices": "/practices/",
    "practice": f"/practices/{practice.pk}/",
    "exhibition": "/exhibition/",
    "topic exhibit (500 comments)": "/exhibition/topics/healthy-cities/",
    "workshop exhibit": f"/exhibition/workshops/{Workshop.objects.filter(ready_for_exhibition=True).first().pk}/",
    "edition": f"/exhibition/editions/{Edition.objects.get(is_current=True).number}/",
}
if showing is not None:
    pages["showing"] = f"/exhibition/cities/{showing.city.slug}/"
print(json.dumps({"pages": pages, "citizen": session_of(citizen), "mayor": session_of(mayor)}))
"""
)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8766)
    options = parser.parse_args()
    figures_print(measure(options.seconds, options.workers, options.port))


def measure(seconds: int = 5, workers: int = 4, port: int = 8766) -> list[Figure]:
    wrk_check()
    with scratch_environment("pages", redis_db=REDIS_DB) as env:
        env["SEARCH_RATE"] = "1000000/1m"
        manage(env, "migrate", "--noinput")
        manage(env, "seed_demo", "--no-accounts", "--size", "large")
        manage(env, "compile_exhibition")
        manage(env, "collectstatic", "--noinput")
        setup = json.loads(manage(env, "shell", "--verbosity", "0", "-c", SETUP, capture=True))
        citizen, mayor = (signed_in_cookie(setup[who]) for who in ("citizen", "mayor"))
        with gunicorn(env, port, workers):
            wrk(port, STATIC, 1)  # warm up every worker
            static = wrk(port, STATIC, seconds)
            figures = [Figure("static file /static/css/site.css", f"{static.rate:.0f}/s", "", None)]
            for name, path in setup["pages"].items():
                wrk(port, path, 1)
                run = wrk(port, path, seconds)
                figures.append(_ratio(f"anonymous: {name}", run, static.rate, 0.8))
            for name, path in setup["pages"].items():
                wrk(port, path, 1, citizen)
                run = wrk(port, path, seconds, citizen)
                figures.append(_ratio(f"citizen: {name}", run, static.rate, 0.5))
            wrk(port, "/me/", 1, mayor)
            figures.append(_ratio("mayor: /me/", wrk(port, "/me/", seconds, mayor), static.rate, 0.5))
            figures += _search(port, seconds, static.rate)
            spike = wrk(port, SPIKE, 20, connections=64)
            figures.append(
                Figure(
                    "spike: 64 connections, 20 s, topic exhibit",
                    f"p99 {spike.p99_ms:.0f} ms, {spike.errors} errors, {spike.rate:.0f}/s",
                    "p99 < 250 ms, 0 errors",
                    spike.p99_ms < 250 and spike.errors == 0,
                )
            )
    return figures


def _search(port: int, seconds: int, static_rate: float) -> list[Figure]:
    wrk(port, SEARCH, 1)
    again = _ratio(f"anonymous: search {SEARCH}, same words", wrk(port, SEARCH, seconds), static_rate, 0.3)
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "new_words.lua"
        script.write_text(NEW_WORDS.format(path=SEARCH))
        alone = wrk(port, SEARCH, seconds, connections=1, script=str(script))
        many = wrk(port, SEARCH, seconds, script=str(script))
    return [
        again,
        Figure("search, new words: median, 1 connection", f"{alone.p50_ms:.1f} ms", "< 50 ms", alone.p50_ms < 50),
        Figure("search, new words: 16 connections", f"{many.rate:.0f}/s ({many.rate / static_rate:.2f}x)", "", None),
    ]


def _ratio(name: str, run, static_rate: float, goal: float) -> Figure:
    ratio = run.rate / static_rate
    errors = f", {run.errors} errors" if run.errors else ""
    return Figure(name, f"{ratio:.2f}x ({run.rate:.0f}/s{errors})", f">= {goal}x", ratio >= goal and not run.errors)


if __name__ == "__main__":
    main()
