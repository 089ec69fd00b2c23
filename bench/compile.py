"""Time of the nightly compile on `seed_demo --size large` (200 practices, 1,000 outcomes), on PostgreSQL.

Prints the full compile, a re-compile after one topic changed, a re-compile with no change, and the share of the
full compile spent inside WeasyPrint itself (the rest is this project's own overhead).

    .venv/bin/python bench/compile.py

Needs PostgreSQL on 127.0.0.1:5432 (trust auth); the database it creates is dropped at the end.
"""

import json

from common import Figure, figures_print, manage, scratch_environment

MEASURE = """
import json
import time
from exhibition.services.editions import compile_inline
from workshops.models import Outcome

def timed(label):
    started = time.perf_counter()
    start = compile_inline()
    seconds = time.perf_counter() - started
    inside = start.edition.weasyprint_seconds if start.outcome == "started" else 0.0
    return seconds, inside

full, inside = timed("full compile")
outcome = Outcome.objects.filter(workshop__topic__slug="healthy-cities").order_by("id").first()
outcome.text += " (changed)"
outcome.save()
one, _ = timed("one topic changed")
none, _ = timed("no change")
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
themes_seconds = time.perf_counter() - started
print(json.dumps({"full": full, "inside": inside, "one": one, "none": none, "themes": themes_seconds,
                  "outcomes": len(everything), "planning": planning}))
"""


def main():
    figures_print(measure())


def measure() -> list[Figure]:
    with scratch_environment("compile") as env:
        manage(env, "migrate", "--noinput")
        manage(env, "seed_demo", "--no-accounts", "--size", "large")
        times = json.loads(manage(env, "shell", "--verbosity", "0", "-c", MEASURE, capture=True))
    full, one, none = times["full"], times["one"], times["none"]
    return [
        Figure("compile: full (large demo, one process)", f"{full:.1f} s", "", None),
        Figure(
            "compile: one topic changed", f"{one:.1f} s ({one / full:.0%} of full)", "< 25 % of full", one < full / 4
        ),
        Figure("compile: no change", f"{none:.2f} s", "< 2 s", none < 2),
        Figure("compile: share inside WeasyPrint", f"{times['inside'] / full:.0%}", "", None),
        Figure(
            "compile: planning, with every topic's themes",
            f"{times['planning']:.2f} s (themes of {times['outcomes']} outcomes {times['themes']:.2f} s)",
            "",
            None,
        ),
    ]


if __name__ == "__main__":
    main()
