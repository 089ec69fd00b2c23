"""Time of the nightly compile on `seed_demo --size large` (200 practices, 1,000 outcomes), on PostgreSQL.

Prints the full compile, a re-compile after one topic changed, a re-compile with no change, and the share of the
full compile spent inside WeasyPrint itself (the rest is this project's own overhead).

    .venv/bin/python bench/compile.py

Needs PostgreSQL on 127.0.0.1:5432 (trust auth); the database it creates is dropped at the end.
"""

import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MEASURE = """
import time
from exhibition.services import compile_inline
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
"""


def main():
    database = f"lts_bench_compile_{os.getpid()}"
    scratch = tempfile.mkdtemp(prefix=f"{database}-")
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "VAR_DIR": scratch,
        "LOG_LEVEL": "WARNING",
    }
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", database], check=True)
    try:
        for command in (["migrate", "--noinput"], ["seed_demo", "--no-accounts", "--size", "large"]):
            subprocess.run(
                [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
            )
        subprocess.run(
            [sys.executable, "manage.py", "shell", "--verbosity", "0", "-c", MEASURE], cwd=ROOT, env=env, check=True
        )
    finally:
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", database], check=False)


if __name__ == "__main__":
    main()
