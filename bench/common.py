"""Shared set-up for the benchmarks: a scratch PostgreSQL database and gunicorn on loopback."""

import contextlib
import http.client
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")  # the unit of the CPU times in /proc/<pid>/stat


# Prepended to a `manage.py shell` script that signs people in: `session_of(user)` is the key of a new signed-in
# session, in the session engine the settings name, for the benchmark's clients to send as their cookie.
SIGN_IN = """
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

def session_of(user):
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key
"""


def signed_in_cookie(session: str) -> str:
    """The Cookie header of a signed-in browser: its session and the CSRF cookie its first page gave it."""
    return f"Cookie: sessionid={session}; csrftoken={secrets.token_hex(16)}"


@contextlib.contextmanager
def scratch_environment(name: str, redis_db: int | None = None):
    """A fresh PostgreSQL database and var/ folder, with production settings; dropped afterwards. With `redis_db`,
    that Redis database (flushed first) is the cache, as in production."""
    database = f"lts_bench_{name}_{os.getpid()}"
    scratch = tempfile.mkdtemp(prefix=f"{database}-")
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "VAR_DIR": scratch,
        "STATIC_ROOT": f"{scratch}/static",
        "LOG_LEVEL": "WARNING",
        "HOME": scratch,
    }
    if redis_db is not None:
        subprocess.run(["redis-cli", "-n", str(redis_db), "flushdb"], check=True, capture_output=True)
        env["CACHE_URL"] = f"redis://127.0.0.1:6379/{redis_db}"
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", database], check=True)
    try:
        yield env
    finally:
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", database], check=False)


def manage(env, *args, capture=False) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=capture, text=True,
        stdout=None if capture else subprocess.DEVNULL,
    )  # fmt: skip
    return result.stdout if capture else ""


@contextlib.contextmanager
def gunicorn(env, port: int, workers: int):
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "summit.wsgi", "--config", "deploy/gunicorn.conf.py", "--workers", str(workers),
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            if server.poll() is not None:
                raise SystemExit("gunicorn exited before it answered")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
                connection.request("GET", "/healthz")
                connection.getresponse().read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit("gunicorn did not answer within 30 s") from None
                time.sleep(0.2)
        yield server
    finally:
        server.terminate()
        server.wait(timeout=10)


@dataclass
class Figure:
    """One line of a benchmark's results: what was measured, the figure, the goal and whether it was met (None:
    no goal, as for the static file the pages are compared with)."""

    name: str
    value: str
    goal: str
    met: bool | None


def figures_print(figures: list[Figure]) -> None:
    """The figures as one table; a missed goal says so, but the benchmark does not fail."""
    width = max(len(figure.name) for figure in figures)
    value_width = max(len(figure.value) for figure in figures)
    for figure in figures:
        verdict = {True: "met", False: "MISSED", None: ""}[figure.met]
        print(f"{figure.name:<{width}}  {figure.value:<{value_width}}  {figure.goal:<24} {verdict}".rstrip())


@dataclass
class WrkRun:
    rate: float  # requests per second
    p99_ms: float
    p50_ms: float
    errors: int  # socket errors and answers other than 2xx/3xx


def wrk_check() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")


def wrk(port: int, path: str, seconds: int, header: str = "", connections: int = 16, script: str = "") -> WrkRun:
    """wrk (2 threads) on `path` for `seconds`, optionally with one request header. wrk is written in C and
    needs a small share of a core for these rates, so the server, not the client, sets the figure."""
    command = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if header:
        command += ["-H", header]
    if script:  # a Lua script that sets the method, body and headers (a form's POST)
        command += ["-s", script]
    output = subprocess.run([*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True)
    text = output.stdout
    scale = {"us": 0.001, "ms": 1, "s": 1000}
    p99, p50 = (re.search(rf"{share}%\s+([\d.]+)(us|ms|s)\b", text) for share in (99, 50))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    errors = (int(non_2xx.group(1)) if non_2xx else 0) + (sum(map(int, sockets.groups())) if sockets else 0)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    return WrkRun(
        rate=rate,
        p99_ms=float(p99.group(1)) * scale[p99.group(2)],
        p50_ms=float(p50.group(1)) * scale[p50.group(2)],
        errors=errors,
    )


def _cpu_ticks(stat: str) -> int:
    """The user and system CPU time in a /proc/<pid>/stat line, in clock ticks."""
    fields = stat.rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def server_cpu(pid: int) -> float:
    """CPU seconds used by gunicorn's master and its workers (children), from /proc."""
    pids = [pid] + [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    return sum(_cpu_ticks(Path(f"/proc/{process}/stat").read_text()) for process in pids) / CLOCK_TICKS


def program_cpu(name: str) -> float:
    """CPU seconds used so far by every running process of the program `name` (postgres, redis-server), from
    /proc: what a benchmark's database and cache servers spend on its requests."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # the process ended meanwhile
            continue
        if text[text.index("(") + 1 : text.rindex(")")] == name:
            total += _cpu_ticks(text)
    return total / CLOCK_TICKS
