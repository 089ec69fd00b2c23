"""Run the web server, a Celery worker and Celery beat together until Ctrl-C: what `make run` starts.

Each child runs in a process group of its own, so the terminal's Ctrl-C reaches only this command, which then
stops the three exactly once: SIGTERM to each, a bounded wait, then SIGKILL to whatever is left of their process
groups (the runserver reloader's child, the worker's pool). A second Ctrl-C while they stop changes nothing.
If one of them exits on its own (say the port is taken), the others are stopped too and the exit code says so.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

STOP_SECONDS = 10
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class _Stop(Exception):
    pass


def _raise_stop(signum, frame):
    raise _Stop


class Command(BaseCommand):
    help = "Serve the site with a Celery worker and beat for development; Ctrl-C stops all three."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, port, **options):
        celery = [sys.executable, "-m", "celery", "-A", "summit"]
        commands = {
            "web server": [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}"],
            "worker": [*celery, "worker", "--loglevel=INFO", "--concurrency=2"],
            "beat": [*celery, "beat", "--loglevel=INFO", f"--schedule={settings.VAR_DIR / 'celerybeat-schedule'}"],
        }
        self.stdout.write(f"Links in emails, feeds and QR codes point to {settings.SITE_URL}/")
        for sig in STOP_SIGNALS:
            signal.signal(sig, _raise_stop)
        children: dict[str, subprocess.Popen] = {}
        failed = None
        try:
            for name, command in commands.items():
                children[name] = subprocess.Popen(command, process_group=0)  # noqa: S603 - our own programs
            while failed is None:
                failed = next((name for name, child in children.items() if child.poll() is not None), None)
                if failed is None:
                    time.sleep(0.5)
        except _Stop:
            pass
        finally:
            for sig in STOP_SIGNALS:
                signal.signal(sig, signal.SIG_IGN)
            self._stop(children)
        if failed is not None:
            raise CommandError(f"The {failed} stopped (exit code {children[failed].returncode}); stopped the rest.")

    def _stop(self, children: dict[str, subprocess.Popen]) -> None:
        running = {name: child for name, child in children.items() if child.poll() is None}
        if running:
            self.stdout.write(f"Stopping the {', '.join(running)}…")
        for child in running.values():
            child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_SECONDS
        for child in running.values():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.stdout.write(f"{child.args[-1]} did not stop within {STOP_SECONDS} s; killed.")
        for child in children.values():
            with contextlib.suppress(ProcessLookupError):  # the whole group has exited already
                os.killpg(child.pid, signal.SIGKILL)
            child.wait()
        self.stdout.write("Stopped.")
