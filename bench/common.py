"""Shared set-up for the benchmarks: a scratch PostgreSQL database and gunicorn on loopback."""

import contextlib
import http.client
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


@contextlib.contextmanager
def scratch_environment(name: str):
    """A fresh PostgreSQL database and var/ folder, with production settings; dropped afterwards."""
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
        [PYTHON, "-m", "gunicorn", "summit.wsgi", "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning"],
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
