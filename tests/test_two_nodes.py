"""Two web nodes and two Celery workers with no shared disk (a VAR_DIR each), behind nginx, on one PostgreSQL, one
Redis and one S3 server: what one node or worker stores, the other serves, and a node that dies under load takes
no acknowledged write with it.

The nodes, workers and balancer run the commands and configuration in deploy/ (the systemd units' ExecStart with
this test's ports, deploy/nginx/summit.conf with its upstream lines pointing at the two nodes).
"""

import contextlib
import os
import shlex
import signal
import socket
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from deploy.balancer import nginx_command
from discussion.models import Comment, Thread
from exhibition.models import Edition, EditionStatus
from exhibition.tasks import compile_nightly
from summit.celery import app as celery_app
from summit.storage import storages_config
from tests.factories import BestPracticeFactory, CityFactory, ShowingFactory, jpeg_bytes
from tests.processes import ROOT, Browser, free_port, process_env, session_for, wait_until
from workshops.models import PracticeImage

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.processes]

DEPLOY = ROOT / "deploy"


def unit_command(unit: str, **replace: str) -> list[str]:
    """The ExecStart of a deploy/systemd unit, run with this Python, each option in `replace` given a new value."""
    line = next(line for line in (DEPLOY / "systemd" / unit).read_text().splitlines() if line.startswith("ExecStart="))
    words = shlex.split(line.removeprefix("ExecStart="))[1:]  # after the virtual environment's python
    for option, value in replace.items():
        words[words.index(f"--{option}") + 1] = value
    return [sys.executable, *words]


@contextlib.contextmanager
def running(command: list[str], env: dict, ready=None):
    """A process in a group of its own (so that killing it kills its children too), stopped at the end."""
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    try:
        if ready is not None:
            wait_until(lambda: process.poll() is None and ready(), seconds=40, what=f"{command[2]} is ready")
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)
        # Its children too (gunicorn's and Celery's workers), so none holds a connection to the test database.
        wait_until(lambda: not _group_alive(process.pid), seconds=60, what=f"{command[2]}'s processes end")


def _group_alive(group: int) -> bool:
    """Whether a process of `group` still runs (zombies, which hold no connection, do not count)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if fields[0] != "Z" and int(fields[2]) == group:
                return True
    return False


def _answers(port: int) -> bool:
    try:
        return Browser(port).get("/healthz").status == 200
    except OSError:
        return False


@contextlib.contextmanager
def node(env: dict):
    port = free_port()
    command = unit_command("summit-web.service", workers="2", bind=f"127.0.0.1:{port}")
    with running(command, env, ready=lambda: _answers(port)) as process:
        yield port, process


@contextlib.contextmanager
def balancer(ports: list[int], folder: Path):
    """nginx with deploy/nginx/summit.conf, its upstream servers replaced by `ports`, on a port of its own."""
    port = free_port()
    command = nginx_command(folder, port, ports)
    with running(command, os.environ.copy(), ready=lambda: _answers(port)):
        yield port


@pytest.fixture
def cluster(sources, s3_bucket, tmp_path, settings):
    """Two nodes and two workers, each with a VAR_DIR of its own, every file on the S3 server; the test process
    reads and writes the same bucket."""
    settings.STORAGES = storages_config(s3_bucket, static_backend=django_settings.STORAGES["staticfiles"]["BACKEND"])
    common = process_env(STORAGE_URL=s3_bucket, COMMENT_RATE="100000/1m")
    envs = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        envs.append({**common, "VAR_DIR": str(tmp_path / name), "MEDIA_ROOT": str(tmp_path / name / "media")})
    celery_app.conf.task_always_eager = False
    worker = unit_command("summit-worker.service", concurrency="1")
    try:
        with (
            node(envs[0]) as (port_a, process_a), node(envs[1]) as (port_b, _process_b),
            running(worker, envs[0]), running(worker, envs[1]),
            balancer([port_a, port_b], tmp_path) as front,
        ):  # fmt: skip
            yield {"a": port_a, "b": port_b, "front": front, "process_a": process_a}
    finally:
        celery_app.conf.task_always_eager = True


def test_what_one_node_or_worker_stores_the_other_serves_and_a_dying_node_loses_no_acknowledged_write(
    cluster, mayor, citizen
):
    a, b, front = cluster["a"], cluster["b"], cluster["front"]
    mayors = session_for(mayor)

    # A practice photo uploaded through node A: a worker makes its renditions, node B shows them.
    draft = BestPracticeFactory(city=mayor.delegations.first().city, author=mayor)
    uploaded = Browser(a, mayors).post(f"/me/practices/{draft.pk}/images/", {"alt_text": "Neighbours"},
                                       files={"image": ("photo.jpg", jpeg_bytes(), "image/jpeg")})  # fmt: skip
    assert uploaded.status == 302
    image = wait_until(lambda: PracticeImage.objects.filter(thumbnail__gt="").first(), seconds=60,
                       what="a worker makes the renditions")  # fmt: skip
    assert image.thumbnail.url in Browser(b, mayors).get(f"/me/practices/{draft.pk}/").body
    with urllib.request.urlopen(image.thumbnail.url, timeout=10) as stored:  # noqa: S310 — the test's S3 server
        assert stored.read()[:3] == b"\xff\xd8\xff"

    # A compile run by the workers: both nodes serve its posters, the same bytes.
    ShowingFactory(city=CityFactory(name="Arnhem", slug="arnhem", country="NL"))
    compile_nightly.delay()
    edition = wait_until(lambda: Edition.objects.filter(status__in=["published", "failed"]).first(), seconds=120,
                         what="the workers publish an edition")  # fmt: skip
    assert edition.status == EditionStatus.PUBLISHED, edition.error
    poster = f"/exhibition/editions/{edition.number}/posters/healthy-cities.pdf"
    from_a, from_b = Browser(a).request_bytes("GET", poster), Browser(b).request_bytes("GET", poster)
    assert from_a.startswith(b"%PDF") and from_a == from_b

    # A showing's kit asked for through node B is built by a worker and downloads through node A. The edition's
    # publication starts it too, so a worker may have built it before it is asked for (200), or is building it (202).
    assert Browser(b).get("/exhibition/cities/arnhem/kit.zip").status in (200, 202)
    wait_until(lambda: Browser(a).get("/exhibition/cities/arnhem/kit.zip?progress=1").status == 200, seconds=120,
               what="the kit is built")  # fmt: skip
    assert Browser(a).request_bytes("GET", "/exhibition/cities/arnhem/kit.zip").startswith(b"PK\x03\x04")

    # Node A dies under load: nginx sends everyone to node B, and every comment acknowledged was kept.
    thread = Thread.objects.get(key="topic:healthy-cities")
    answers, stop = [], threading.Event()
    citizens = session_for(citizen)  # made here: a thread that used the ORM would keep a database connection open

    def writer(number: int):
        browser = Browser(front, citizens)
        sent = 0
        while not stop.is_set():
            body = f"Two nodes {number}-{sent}"
            answers.append((browser.post(f"/exhibition/threads/{thread.pk}/comments/", {"body": body}).status, body))
            sent += 1

    writers = [threading.Thread(target=writer, args=(number,)) for number in range(3)]
    for thread_of_writer in writers:
        thread_of_writer.start()
    try:
        wait_until(lambda: len(answers) > 15, seconds=30, what="comments flow through nginx")
        os.killpg(cluster["process_a"].pid, signal.SIGKILL)
        # Counted once node A is gone: a loaded machine may let it answer, and take one more write, before it dies.
        wait_until(lambda: _refuses(a), seconds=30, what="node A is gone")
        killed_at = len(answers)
        wait_until(lambda: len(answers) > killed_at + 30, seconds=60, what="comments flow on through node B")
    finally:
        stop.set()
        for thread_of_writer in writers:
            thread_of_writer.join(timeout=60)

    acknowledged = {body for status, body in answers if status == 302}
    kept = set(Comment.objects.filter(body__startswith="Two nodes").values_list("body", flat=True))
    assert acknowledged <= kept
    after = [status for status, _body in answers[killed_at + 3 :]]
    assert all(status == 302 for status in after), after  # all answered by node B
    assert sum(status != 302 for status, _body in answers) <= 3  # at most the writes under way when A died


def _refuses(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except ConnectionRefusedError:
        return True
    return False
