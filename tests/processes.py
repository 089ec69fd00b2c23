"""Real processes for the fault tests: gunicorn and Celery workers on this test's PostgreSQL database, and a small
HTTP client that speaks to them as a browser would (session cookie, CSRF cookie and header).

The test creates its data with the ORM; the processes see it because they share the database (so these tests
need PostgreSQL: pytest-django's SQLite test database lives in the test process's memory).
"""

import contextlib
import functools
import http.client
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def wait_until(condition, *, seconds: float, what: str, every: float = 0.2):
    """Poll `condition` until it returns something truthy, at most `seconds`; fail the test saying `what`."""
    deadline = time.monotonic() + seconds
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"Not within {seconds} s: {what}")
        time.sleep(every)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@functools.cache
def collected_static() -> str:
    """The static files as a deployment collects them (with DEBUG off the pages link to hashed names), once per run."""
    folder = tempfile.mkdtemp(prefix="summit-static-")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT, env={**os.environ, "DEBUG": "false", "SECRET_KEY": "collectstatic", "STATIC_ROOT": folder},
        check=True,
    )  # fmt: skip
    return folder


def process_env(**overrides) -> dict:
    """Production settings on this test's database, media folder and broker; `overrides` win."""
    if connection.vendor != "postgresql":
        pytest.skip("The processes share the test database, which needs PostgreSQL; CI runs this on PostgreSQL.")
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        "MEDIA_ROOT": settings.MEDIA_ROOT,
        "SITE_URL": settings.SITE_URL,
        "DEBUG": "false",
        "SECRET_KEY": settings.SECRET_KEY,  # session hashes are signed with it
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": collected_static(),
        "ADMIN_REQUIRE_MFA": "false",
        "LOG_LEVEL": "WARNING",
    }
    env.update(overrides)
    return env


@contextlib.contextmanager
def web_server(env: dict, *, workers: int = 2):
    """gunicorn on a free loopback port; yields the port once it answers."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "summit.wsgi", "--config", "deploy/gunicorn.conf.py", "--workers",
         str(workers), "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:

        def answers():
            if server.poll() is not None:
                pytest.fail("gunicorn exited before it answered")
            try:
                return Browser(port).get("/healthz").status
            except OSError:
                return None

        wait_until(answers, seconds=30, what="gunicorn answers")
        yield port
    finally:
        server.terminate()
        server.wait(timeout=20)


@contextlib.contextmanager
def celery_worker(env: dict):
    """A worker in its own process (solo pool: the process that runs the task is the one a test may kill)."""
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "summit", "worker", "--pool", "solo", "--loglevel", "WARNING"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        yield worker
    finally:
        if worker.poll() is None:
            worker.terminate()
            worker.wait(timeout=30)


def session_for(user) -> str:
    """A signed-in session for `user`, as allauth's login would leave it."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


@dataclass
class Answer:
    status: int
    headers: dict
    body: str


@dataclass
class Browser:
    """One visitor: keeps the session cookie, sends the CSRF cookie and header Django checks on plain HTTP."""

    port: int
    session: str = ""
    csrf: str = field(default_factory=lambda: secrets.token_hex(16))

    def request_bytes(self, method: str, path: str, body: bytes = b"", content_type: str = "") -> bytes:
        """The response body as it came, for comparing files."""
        return self._send(method, path, body, content_type)[1]

    def request(self, method: str, path: str, body: bytes = b"", content_type: str = "") -> Answer:
        response, content = self._send(method, path, body, content_type)
        return Answer(response.status, dict(response.getheaders()), content.decode(errors="replace"))

    def _send(self, method: str, path: str, body: bytes, content_type: str):
        cookies = f"csrftoken={self.csrf}" + (f"; sessionid={self.session}" if self.session else "")
        headers = {"Cookie": cookies, "X-CSRFToken": self.csrf}
        if content_type:
            headers["Content-Type"] = content_type
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return response, response.read()
        finally:
            connection.close()

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def post(self, path: str, data: dict, files: dict | None = None) -> Answer:
        if not files:
            return self.request(
                "POST", path, urllib.parse.urlencode(data).encode(), "application/x-www-form-urlencoded"
            )
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in data.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for name, (filename, content, mimetype) in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: {mimetype}\r\n\r\n".encode()
                + content
                + b"\r\n"
            )
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request("POST", path, b"".join(parts), f"multipart/form-data; boundary={boundary}")
