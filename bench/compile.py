"""Time of the nightly compile on `seed_demo --size large` (200 practices, 1,000 outcomes), on PostgreSQL.

Prints the full compile, a re-compile after one topic changed, a re-compile with no change, and the share of the
full compile spent inside WeasyPrint itself (the rest is this project's own overhead).

    .venv/bin/python bench/compile.py

Needs PostgreSQL on 127.0.0.1:5432 (trust auth); the database it creates is dropped at the end.
"""

from common import manage, scratch_environment

MEASURE = """
import time
from exhibition.services.editions import compile_inline
from workshops.models import Outcome

def timed(label):
    started = time.perf_counter()
    start = compile_inline()
    seconds = time.perf_counter() - started
    inside = start.edition.weasyprint_seconds if start.outcome == "started" else 0.0
    print(f"{label:<28} {seconds:7.2f} s  ({start.outcome}; inside WeasyPrint {inside:.2f} s)")
    return seconds, inside

full, inside = timed("full compile")
outcome = Outcome.objects.filter(workshop__topic__slug="healthy-cities").order_by("id").first()
outcome.text += " (changed)"
outcome.save()
one, _ = timed("one topic changed")
none, _ = timed("no change")
print(f"share inside WeasyPrint:     {inside / full:.0%} (our overhead {1 - inside / full:.0%})")
print(f"one-topic change / full:     {one / full:.0%}")
from exhibition.selectors import compile_sources
from exhibition.compile import plan_edition
from exhibition.themes import themes_of
sources = compile_sources()
everything = [{**o, "workshop": w["id"]} for w in sources["workshops"] for o in w["outcomes"]]
started = time.perf_counter()
plan_edition(sources)
planning = time.perf_counter() - started
started = time.perf_counter()
themes = themes_of(everything)
print(f"themes across {len(everything)} outcomes: {time.perf_counter() - started:.2f} s ({len(themes)} themes); "
      f"planning the whole edition with every topic's themes: {planning:.2f} s")
"""


def main():
    with scratch_environment("compile") as env:
        manage(env, "migrate", "--noinput")
        manage(env, "seed_demo", "--no-accounts", "--size", "large")
        print(manage(env, "shell", "--verbosity", "0", "-c", MEASURE, capture=True), end="")


if __name__ == "__main__":
    main()
