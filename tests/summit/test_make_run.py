"""`make run` as a newcomer uses it: in a terminal, on a port of their choosing, stopped with one Ctrl-C."""

import http.cookiejar
import os
import pty
import select
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from tests.exhibition.pdf_tools import qr_decode

pytestmark = pytest.mark.processes

START_SECONDS = 240
STOP_SECONDS = 15


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _read(fd: int, timeout: float) -> bytes:
    ready, _w, _x = select.select([fd], [], [], timeout)
    if not ready:
        return b""
    try:
        return os.read(fd, 65536)
    except OSError:  # the terminal's other end is closed: everything has exited
        return b""


def _processes_with(var_dir: str) -> list[int]:
    """Every process whose environment names this run's VAR_DIR: what `make run` started and left behind."""
    marker = f"VAR_DIR={var_dir}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                if marker in (entry / "environ").read_bytes().split(b"\0"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def _wait_for_http(url: str, deadline: float, fd: int, log: bytearray) -> bytes:
    while time.monotonic() < deadline:
        log.extend(_read(fd, 0.5))
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own local server
                return response.read()
        except OSError:
            continue
    raise AssertionError(f"{url} did not answer; output:\n{log.decode(errors='replace')[-3000:]}")


def _ask_for_a_password_reset(port: int) -> None:
    """What a person does on the password reset page: the server queues an email for the worker to send."""
    cookies = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))
    url = f"http://127.0.0.1:{port}/accounts/password/reset/"
    opener.open(url, timeout=10).read()
    token = next(cookie.value for cookie in cookies if cookie.name == "csrftoken")
    form = urllib.parse.urlencode({"email": "citizen@example.org", "csrfmiddlewaretoken": token}).encode()
    opener.open(urllib.request.Request(url, data=form, headers={"Referer": url}), timeout=10).read()


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc to find leftover processes")
def test_make_run_serves_on_its_port_and_one_ctrl_c_stops_everything(tmp_path):
    port = _free_port()
    var_dir = str(tmp_path / "var")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL", "SITE_URL", "MAKEFLAGS", "MAKELEVEL"}
    }
    env.update(VAR_DIR=var_dir, MEDIA_ROOT=f"{var_dir}/media", TERM="dumb")
    pid, fd = pty.fork()
    if pid == 0:  # the child: `make run` in a terminal of its own, as a person types it
        os.chdir(settings.BASE_DIR)
        os.execvpe("make", ["make", "run", f"PORT={port}"], env)  # noqa: S606 - no shell wanted
    log = bytearray()
    try:
        deadline = time.monotonic() + START_SECONDS
        _wait_for_http(f"http://127.0.0.1:{port}/healthz", deadline, fd, log)
        poster = _wait_for_http(
            f"http://127.0.0.1:{port}/exhibition/editions/1/posters/healthy-cities.pdf", deadline, fd, log
        )
        (tmp_path / "poster.pdf").write_bytes(poster)
        assert (
            qr_decode(tmp_path / "poster.pdf", tmp_path) == f"http://127.0.0.1:{port}/exhibition/topics/healthy-cities/"
        )
        while b" ready." not in log or b"beat: Starting" not in log:  # the worker and beat are up
            log.extend(_read(fd, 1))
            assert time.monotonic() < deadline, log.decode(errors="replace")[-3000:]
        try:
            _ask_for_a_password_reset(port)
        except urllib.error.HTTPError as error:  # the server's own account of it is in its output
            log.extend(_read(fd, 1))
            raise AssertionError(f"{error}; output:\n{log.decode(errors='replace')[-6000:]}") from error
        # The worker prints the email (console backend), ending it with a line of dashes; all of it, so that none
        # of it is counted as output after Ctrl-C.
        while b"To: citizen@example.org" not in log or b"-" * 79 not in log[log.find(b"To: citizen@example.org") :]:
            log.extend(_read(fd, 1))
            assert time.monotonic() < deadline, log.decode(errors="replace")[-3000:]
        lines = log.decode(errors="replace").splitlines()
        first = next(line for line in lines if "Content-Type: text/plain" in line)
        assert first.startswith("Content-Type: text/plain"), first  # as it is, not as a log warning of the worker

        before = len(log)
        os.write(fd, b"\x03")  # Ctrl-C, through the terminal, to its foreground process group
        stop_deadline = time.monotonic() + STOP_SECONDS
        while time.monotonic() < stop_deadline:
            log.extend(_read(fd, 0.5))
            if os.waitpid(pid, os.WNOHANG)[0]:
                break
        else:
            raise AssertionError(f"make run still running {STOP_SECONDS} s after Ctrl-C")
        log.extend(_read(fd, 0.5))
    finally:
        leftovers = _processes_with(var_dir)
        for leftover in leftovers:
            subprocess.run(["kill", "-9", str(leftover)], check=False)
        os.close(fd)

    after = log[before:].decode(errors="replace")
    assert leftovers == [], f"processes left running after Ctrl-C: {leftovers}"
    assert len(after.splitlines()) <= 12, after
    assert "Traceback" not in after
    assert "Segmentation fault" not in after
    assert "Stopped." in after
