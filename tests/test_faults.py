"""Faults made real, with real processes: what citizens, mayors and facilitators were told was saved stays saved,
and what had to follow (emails, renditions, kit builds, editions) follows once the fault is gone.

Each test runs gunicorn and/or Celery workers on the test's PostgreSQL database (see tests/processes.py).
"""

import contextlib
import email
import signal
import subprocess
import threading
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from django.db.models import F

from discussion.models import Comment, Thread
from discussion.services import comment_post
from exhibition.models import Edition, EditionStatus, KitStatus, Showing
from exhibition.services.editions import compile_inline
from exhibition.tasks import compile_nightly
from summit.celery import app as celery_app
from summit.models import OutboxTask, User
from summit.outbox import outbox_dispatch
from tests.factories import PASSWORD, DelegateFactory, ShowingFactory, TopicFactory, jpeg_bytes
from tests.processes import Browser, celery_worker, process_env, session_for, wait_until, web_server
from workshops.models import Outcome, OutcomePhoto, Workshop

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.processes]

DEAD_BROKER = "redis://127.0.0.1:9/0"  # nothing listens on port 9: every connection is refused


@pytest.fixture
def real_broker():
    """The test process queues to the run's broker instead of running tasks in-process."""
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = True


def sent_emails(folder: Path) -> list[email.message.Message]:
    messages = []
    for path in sorted(folder.glob("*.log")):
        # The file backend writes each message followed by a line of dashes.
        for chunk in path.read_text().split("-" * 79):
            if chunk.strip():
                messages.append(email.message_from_string(chunk.strip()))
    return messages


def test_with_the_broker_down_every_write_succeeds_and_what_it_queued_follows_once(
    sources, publish, citizen, facilitator, tmp_path, real_broker
):
    publish()
    thread = Thread.objects.get(key="topic:healthy-cities")
    question = comment_post(thread=thread, user=citizen, body="Who plants the trees?")
    delegate = DelegateFactory(city__name="Arnhem", city__slug="arnhem", user__email="mayor@arnhem.example")
    mayor = delegate.user
    workshop = Workshop.objects.filter(topic__slug="healthy-cities").get()
    workshop.facilitators.add(facilitator)
    showing = ShowingFactory(city=delegate.city)
    OutboxTask.objects.all().delete()  # what setting up queued is not this test's business
    mails = tmp_path / "mails"
    env = process_env(CELERY_BROKER_URL=DEAD_BROKER, EMAIL_URL=f"filemail:///{mails}")

    with web_server(env) as port:
        citizen_browser = Browser(port, session_for(citizen))
        comment = citizen_browser.post(f"/exhibition/threads/{thread.pk}/comments/", {"body": "And who waters?"})
        answer = Browser(port, session_for(mayor)).post(
            f"/exhibition/threads/{thread.pk}/comments/",
            {"body": "The city does, for three years.", "parent": question.pk},
        )
        signup = Browser(port).post(
            "/accounts/signup/",
            {"name": "Ada", "email": "ada@example.org", "password1": PASSWORD, "password2": PASSWORD},
        )
        facilitator_browser = Browser(port, session_for(facilitator))
        outcome_uuid = str(uuid.uuid4())
        outcome = facilitator_browser.post(
            f"/workshops/{workshop.pk}/outcomes/",
            {"uuid": outcome_uuid, "kind": "insight", "text": "Shade first", "city": "", "version": ""},
        )
        photo = facilitator_browser.post(
            f"/workshops/{workshop.pk}/photos/", {"caption": "The flipchart"},
            files={"image": ("flipchart.jpg", jpeg_bytes(), "image/jpeg")},
        )  # fmt: skip
        kit = Browser(port).get(f"/exhibition/cities/{showing.city.slug}/kit.zip")
        health = Browser(port).get("/healthz")

    assert [comment.status, answer.status, signup.status, outcome.status, photo.status, kit.status] == [
        302, 302, 302, 201, 302, 202,
    ]  # fmt: skip
    assert health.status == 503 and '"broker": "error' in health.body
    assert Comment.objects.filter(body="And who waters?").exists()
    assert Comment.objects.get(body="The city does, for three years.").is_official
    assert User.objects.filter(email="ada@example.org").exists()
    assert Outcome.objects.filter(uuid=outcome_uuid).count() == 1
    assert OutcomePhoto.objects.filter(workshop=workshop).count() == 1
    waiting = sorted(OutboxTask.objects.filter(dispatched_at=None).values_list("task", flat=True))
    assert waiting == [
        "exhibition.tasks.build_showing_kit",
        "summit.tasks.email_send",  # the official answer, to the citizen
        "summit.tasks.email_send",  # the confirmation, to Ada
        "summit.tasks.image_renditions",  # the flipchart photo's
    ]
    # The first request that tried says why; the others left their task to the drain without waiting on the broker.
    assert "Connection refused" in OutboxTask.objects.exclude(last_error="").first().last_error

    # The broker is back: the beat's drain hands everything over, a worker does it; a second drain sends nothing.
    with celery_worker(process_env(EMAIL_URL=f"filemail:///{mails}")):
        assert outbox_dispatch() == 4
        assert outbox_dispatch() == 0
        wait_until(
            lambda: (
                OutboxTask.objects.filter(task="summit.tasks.email_send", done_at=None).count() == 0
                and OutcomePhoto.objects.get().renditions_ready
                and Showing.objects.get(pk=showing.pk).kit_status == KitStatus.READY
            ),
            seconds=120,
            what="the worker sends both emails, makes the renditions and builds the kit",
        )

    recipients = sorted(message["To"] for message in sent_emails(mails))
    assert recipients == ["ada@example.org", "citizen@example.org"]


def test_a_worker_killed_mid_compile_leaves_the_current_edition_and_the_next_compile_reuses_its_posters(
    client, sources, publish, organiser, real_broker
):
    current = publish()
    for number in range(6):
        TopicFactory(name=f"Topic {number}", slug=f"topic-{number}")  # eight topic posters to render in all

    with celery_worker(process_env()) as worker:
        compile_nightly.delay()
        compiling = wait_until(
            lambda: (
                Edition.objects.filter(status=EditionStatus.COMPILING, exhibits_done__gt=F("exhibits_total") - 8)
                .exclude(exhibits_done=F("exhibits_total"))
                .first()
            ),
            seconds=60,
            what="the first poster of the new edition is rendered",
            every=0.05,
        )
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)

    compiling.refresh_from_db()
    current.refresh_from_db()
    finished = list(compiling.exhibits.filter(kind="topic").exclude(poster="").values_list("key", "poster"))
    assert compiling.status == EditionStatus.COMPILING and 1 <= len(finished) < 8
    assert current.is_current and current.status == EditionStatus.PUBLISHED
    assert f"Edition {current.number}" in client.get("/exhibition/").content.decode()

    # An organiser sees the stuck compile, abandons it and compiles again on a new worker.
    client.force_login(organiser)
    listing = client.get("/admin/exhibition/edition/").content.decode()
    confirm = client.get(f"/admin/exhibition/edition/{compiling.pk}/abandon/")
    client.post(f"/admin/exhibition/edition/{compiling.pk}/abandon/")
    with celery_worker(process_env()):
        compile_nightly.delay()
        edition = wait_until(
            lambda: Edition.objects.filter(number__gt=compiling.number, status=EditionStatus.PUBLISHED).first(),
            seconds=120,
            what="the next compile publishes",
        )

    assert "Abandon it (if its worker was lost)" in listing
    assert "Yes, abandon it" in confirm.content.decode()
    compiling.refresh_from_db()
    assert compiling.status == EditionStatus.FAILED and "Abandoned by" in compiling.error
    assert edition.is_current and Edition.objects.filter(is_current=True).count() == 1
    reused = dict(edition.exhibits.filter(kind="topic").values_list("key", "poster"))
    assert all(reused[key] == poster for key, poster in finished), "finished posters were rendered again"
    assert all(reused.values())


@contextlib.contextmanager
def database_away(name: str):
    """What a PostgreSQL restart does to its clients, limited to this test's database: every open connection is
    cut (queries in flight fail) and new ones are refused until the block ends. Restarting the whole server would
    also cut the test run's own connection and anything else on the machine."""
    db = connection.settings_dict
    server = psycopg.connect(host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], dbname="postgres")
    server.autocommit = True
    server.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
    server.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> %s",
        [name, connection.connection.info.backend_pid],
    )
    try:
        yield
    finally:
        server.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        server.close()


def test_the_database_going_away_under_load_gives_a_friendly_503_and_recovers_by_itself(sources, publish, citizen):
    publish()
    thread = Thread.objects.get(key="topic:healthy-cities")
    session = session_for(citizen)
    answers, stop = [], threading.Event()

    connection.ensure_connection()
    with web_server(process_env(COMMENT_RATE="100000/1m"), workers=2) as port:

        def reader_and_writer(number: int):
            browser = Browser(port, session)
            sent = 0
            while not stop.is_set():
                body = f"Load comment {number}-{sent}"
                answer = browser.post(f"/exhibition/threads/{thread.pk}/comments/", {"body": body})
                answers.append((time.monotonic(), "post", answer, body))
                answers.append((time.monotonic(), "get", browser.get("/exhibition/topics/healthy-cities/"), ""))
                sent += 1

        threads = [threading.Thread(target=reader_and_writer, args=(number,)) for number in range(4)]
        for worker in threads:
            worker.start()
        try:
            wait_until(lambda: len(answers) > 20, seconds=30, what="traffic flows")
            with database_away(connection.settings_dict["NAME"]):
                wait_until(
                    lambda: sum(answer.status == 503 for _at, _kind, answer, _body in answers) >= 4,
                    seconds=30,
                    what="requests meet the outage",
                )
            back_at = time.monotonic()
            wait_until(
                lambda: any(at > back_at and answer.status == 200 for at, _kind, answer, _body in answers),
                seconds=10,
                what="pages are served again",
            )
            recovered_at = next(at for at, _kind, answer, _body in answers if at > back_at and answer.status == 200)
            wait_until(lambda: len([a for a in answers if a[0] > recovered_at]) > 20, seconds=30, what="more traffic")
        finally:
            stop.set()
            for worker in threads:
                worker.join(timeout=60)

    statuses = {answer.status for _at, _kind, answer, _body in answers}
    assert statuses <= {200, 302, 503}, statuses
    for _at, _kind, answer, _body in answers:
        if answer.status == 503:
            assert "Back in a moment" in answer.body and "Traceback" not in answer.body
            assert answer.headers["Retry-After"] == "5"
            assert answer.headers["X-Request-ID"] in answer.body
    assert all(answer.status in (200, 302) for at, _kind, answer, _body in answers if at > recovered_at + 1)
    connection.close()  # the test's own connection was not cut, but start clean
    acknowledged = [body for _at, kind, answer, body in answers if kind == "post" and answer.status == 302]
    stored = list(Comment.objects.filter(body__startswith="Load comment").values_list("body", flat=True))
    assert acknowledged and set(acknowledged) <= set(stored)
    assert len(stored) == len(set(stored)), "a comment was stored twice"


@pytest.fixture
def small_disk(settings, tmp_path):
    """Media on a 16 MB file system of its own, and (fill, free): a real ENOSPC, then space again."""
    mount_point = tmp_path / "small"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mount_point)], capture_output=True, check=False
    )
    if mounted.returncode != 0:
        pytest.skip(f"Mounting a small file system needs root: {mounted.stderr.decode().strip()}")
    settings.MEDIA_ROOT = str(mount_point)

    def fill():
        # Unbuffered, so that closing the file has nothing left to write (and no second ENOSPC to raise).
        with (mount_point / "filler").open("wb", buffering=0) as filler, contextlib.suppress(OSError):
            while True:
                filler.write(b"\0" * 65536)

    def free():
        (mount_point / "filler").unlink()

    try:
        yield fill, free
    finally:
        subprocess.run(["umount", str(mount_point)], check=True)


@pytest.fixture
def broken_poster_template(settings, tmp_path):
    """(install, remove): a poster template with a mistake in place of the real one, as an edited copy would be."""
    shipped = settings.TEMPLATES

    def install():
        folder = tmp_path / "templates" / "exhibition" / "pdf"
        folder.mkdir(parents=True)
        (folder / "poster.html").write_text("<h1>{{ exhibit.title }}</h1>{% if %}")
        settings.TEMPLATES = [{**shipped[0], "DIRS": [tmp_path / "templates", *shipped[0]["DIRS"]]}]

    def remove():
        settings.TEMPLATES = shipped

    return install, remove


@pytest.mark.parametrize(
    ("fault", "says"), [("small_disk", "No space left on device"), ("broken_poster_template", "TemplateSyntaxError")]
)
def test_a_poster_that_cannot_be_written_fails_the_compile_cleanly(request, client, sources, organiser, fault, says):
    make_fault, mend_fault = request.getfixturevalue(fault)
    current = compile_inline().edition
    TopicFactory(name="Safe Cities", slug="safe-cities")  # a new poster to render
    make_fault()

    failed = compile_inline().edition

    current.refresh_from_db()
    assert failed.status == EditionStatus.FAILED and says in failed.error
    assert current.is_current and current.status == EditionStatus.PUBLISHED
    assert f"Edition {current.number}" in client.get("/exhibition/").content.decode()
    client.force_login(organiser)
    listing = client.get("/admin/exhibition/edition/").content.decode()
    assert says in listing
    mend_fault()
    recovered = compile_inline().edition
    assert recovered.status == EditionStatus.PUBLISHED and recovered.is_current
