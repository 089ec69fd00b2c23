"""Throughput through nginx with one web node and with two: deploy/nginx/summit.conf in front of gunicorn nodes.

Starts, on loopback, one and then two gunicorn nodes of 2 workers each (as tests/test_two_nodes.py runs them) on
one PostgreSQL database and one Redis cache with the demo data and a compiled edition, and nginx with the
production site file (deploy/balancer.py points its upstream lines at the nodes). For each set-up, wrk measures
through nginx a static file (the reference, served by a node's WhiteNoise as every request is proxied), the topic
exhibit a poster's QR code opens for an anonymous reader, and the same page for a signed-in citizen.

All of it shares this machine's cores, so a second node here shows what the balancing costs and that no request
is refused or lost between nodes, not a doubling: on two machines each node brings its own cores. No goal.

    .venv/bin/python bench/nodes.py [--seconds 5]

Needs PostgreSQL on 127.0.0.1:5432 (trust auth), Redis on 127.0.0.1:6379, wrk and nginx.
"""

import argparse
import contextlib
import http.client
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import (
    ROOT,
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

sys.path.insert(0, str(ROOT))  # deploy/balancer.py, which the two-node test runs too

from deploy.balancer import nginx_command

STATIC = "/static/css/site.css"
EXHIBIT = "/exhibition/topics/healthy-cities/"
NODE_PORTS = (8771, 8772)
FRONT = 8773
REDIS_DB = 11

SETUP = (
    SIGN_IN
    + """
import json
from summit.models import User
citizen = User.objects.create_user(email="citizen.nodes@example.org", password=None, name="Chris Citizen")
print(json.dumps({"citizen": session_of(citizen)}))
"""
)


@contextlib.contextmanager
def balancer(ports: list[int]):
    """nginx in front of `ports`, on FRONT, until the block ends."""
    with tempfile.TemporaryDirectory(prefix="lts-nginx-") as folder:
        server = subprocess.Popen(nginx_command(Path(folder), FRONT, ports), stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 10
            while not _answers(FRONT):
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("nginx did not answer within 10 s")
                time.sleep(0.1)
            yield
        finally:
            server.terminate()
            server.wait(timeout=10)


def _answers(port: int) -> bool:
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
        connection.request("GET", "/healthz")
        return connection.getresponse().status == 200
    except OSError:
        return False


def measure(seconds: int = 5) -> list[Figure]:
    wrk_check()
    if not shutil.which("nginx"):
        raise SystemExit("nginx is missing: apt-get install nginx-light")
    with scratch_environment("nodes", redis_db=REDIS_DB) as env:
        manage(env, "migrate", "--noinput")
        manage(env, "seed_demo", "--no-accounts")
        manage(env, "compile_exhibition")
        manage(env, "collectstatic", "--noinput")
        citizen = signed_in_cookie(
            json.loads(manage(env, "shell", "--verbosity", "0", "-c", SETUP, capture=True))["citizen"]
        )
        figures = []
        with gunicorn(env, NODE_PORTS[0], 2), gunicorn(env, NODE_PORTS[1], 2):
            rates = {}
            for nodes in (1, 2):
                with balancer(list(NODE_PORTS[:nodes])):
                    figures += _through(nodes, seconds, citizen, rates)
        figures.append(Figure("nodes: two against one, topic exhibit", f"{rates[2] / rates[1]:.2f}x", "", None))
    return figures


def _through(nodes: int, seconds: int, citizen: str, rates: dict) -> list[Figure]:
    label = "one node" if nodes == 1 else "two nodes"
    wrk(FRONT, STATIC, 1)  # warm up every worker
    static = wrk(FRONT, STATIC, seconds)
    figures = [Figure(f"nodes: {label}, static file via nginx", _rate(static), "", None)]
    for reader, header in (("anonymous", ""), ("citizen", citizen)):
        wrk(FRONT, EXHIBIT, 1, header)
        run = wrk(FRONT, EXHIBIT, seconds, header)
        if reader == "anonymous":
            rates[nodes] = run.rate
        value = f"{run.rate / static.rate:.2f}x of static ({_rate(run)})"
        figures.append(Figure(f"nodes: {label}, topic exhibit, {reader}", value, "0 errors", run.errors == 0))
    return figures


def _rate(run) -> str:
    return f"{run.rate:.0f}/s, p99 {run.p99_ms:.0f} ms" + (f", {run.errors} errors" if run.errors else "")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5)
    figures_print(measure(parser.parse_args().seconds))


if __name__ == "__main__":
    main()
