"""A short run of bench/load.py in the suite: 10 s of citizens and facilitators on gunicorn, a real worker,
PostgreSQL and Redis, with a compile during it; the script checks every acknowledged write is stored exactly once."""

import os
import subprocess
import sys

import pytest

from tests.processes import ROOT

pytestmark = pytest.mark.processes


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="Needs PostgreSQL and Redis, as in CI's first run; the embedded default has neither.",
)
def test_ten_seconds_of_load_lose_nothing_and_answer_no_5xx():
    result = subprocess.run(
        [sys.executable, "bench/load.py", "--seconds", "10", "--citizens", "40", "--facilitators", "4"],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip

    last = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr[-2000:]
    assert result.returncode == 0 and last.startswith("PASS"), last
    assert "read exhibit" in result.stdout and "save outcome" in result.stdout
