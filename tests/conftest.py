import os
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request

# Before Django starts: browser tests drive live_server from Playwright's event loop, and tests keep
# their files and cache apart from a development server running on the same checkout.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="summit-tests-"))
os.environ.setdefault("CACHE_URL", "locmemcache://")

import uuid

import boto3
import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from exhibition.models import Exhibit
from exhibition.services.editions import compile_start, edition_make_current
from summit.celery import app as celery_app
from summit.near_pages import near_pages
from tests.factories import (
    CityFactory,
    DelegateFactory,
    FacilitatorFactory,
    OrganiserFactory,
    OutcomeFactory,
    SummitFactory,
    TopicFactory,
    UserFactory,
    WorkshopFactory,
    approved_practice,
)
from tests.processes import free_port, wait_until

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session", autouse=True)
def celery_eager():
    """Tasks run in-process at .delay(); the CI run with a real worker is separate."""
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager = False


@pytest.fixture(autouse=True)
def clear_cache():
    """Rate-limit counters and kept pages must not leak from one test into the next."""
    cache.clear()
    near_pages.clear()
    yield
    cache.clear()
    near_pages.clear()


@pytest.fixture(autouse=True)
def english():
    """Every test starts in English, as a worker or a command does: the test client leaves the language of its last
    request active, and a German request must not make the next test write German into the English columns."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests create many accounts; a password hash that costs a second is the point in production, not here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test stores uploads in a folder of its own; on an object store (STORAGE_URL), under a prefix of its
    own in the bucket."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    if "OPTIONS" in settings.STORAGES["default"]:
        prefix = f"test-{uuid.uuid4().hex}"
        settings.STORAGES = {
            name: {**config, "OPTIONS": {**config["OPTIONS"], "location": prefix}} if "OPTIONS" in config else config
            for name, config in settings.STORAGES.items()
        }


@pytest.fixture(scope="session")
def s3_endpoint():
    """An S3-compatible server over HTTP: CI's (S3_TEST_ENDPOINT), or moto in server mode started for this run."""
    if endpoint := os.environ.get("S3_TEST_ENDPOINT"):
        yield endpoint
        return
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    endpoint = f"http://127.0.0.1:{port}"
    wait_until(lambda: server.poll() is None and _answers(endpoint), seconds=30, what="moto answers")
    yield endpoint
    server.terminate()
    server.wait(timeout=10)


def _answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=1)  # noqa: S310 — the test's own server, over http
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False
    return True


@pytest.fixture
def s3_bucket(s3_endpoint, monkeypatch) -> str:
    """A new bucket on the S3 server, with the credentials boto3 reads; its STORAGE_URL is returned."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    name = f"summit-{uuid.uuid4().hex[:12]}"
    boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1").create_bucket(Bucket=name)
    return f"s3://{name}?endpoint={s3_endpoint}&region=us-east-1"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


@pytest.fixture
def summit(db):
    return SummitFactory()


@pytest.fixture
def topic(db):
    return TopicFactory(name="Healthy Cities", slug="healthy-cities", colour="#2da44e")


@pytest.fixture
def city(db):
    return CityFactory(name="Düsseldorf", slug="dusseldorf")


@pytest.fixture
def organiser(db):
    return OrganiserFactory(email="organiser@example.org", name="Olga Organiser")


@pytest.fixture
def facilitator(db):
    return FacilitatorFactory(email="facilitator@example.org")


@pytest.fixture
def mayor(city):
    return DelegateFactory(city=city, user__email="mayor@example.org", user__name="Mayor Mia").user


@pytest.fixture
def citizen(db):
    return UserFactory(email="citizen@example.org", name="Chris Citizen")


@pytest.fixture
def sources(db, summit):
    """Two topics; one ready workshop with outcomes, one approved practice each."""
    healthy = TopicFactory(
        name="Healthy Cities", name_de="Gesunde Städte", name_fr="Villes en bonne santé",
        summary="Green mobility.", summary_de="Grüne Mobilität.",
        slug="healthy-cities", colour="#2da44e", order=1,
    )  # fmt: skip
    inclusive = TopicFactory(name="Inclusive Cities", slug="inclusive-cities", colour="#d4a72c", order=2)
    for topic in (healthy, inclusive):
        workshop = WorkshopFactory(
            topic=topic, ready_for_exhibition=True, summary="We **agreed**.", programme_item__summit=summit,
            programme_item__title=f"Workshop: {topic.name}",
        )  # fmt: skip
        OutcomeFactory(workshop=workshop, kind="solution", text=f"{topic.name} solution", votes=7)
        OutcomeFactory(workshop=workshop, kind="commitment", text=f"{topic.name} commitment", votes=1)
        approved_practice(topic=topic, title=f"{topic.name} practice")
    return {"healthy": healthy, "inclusive": inclusive}


@pytest.fixture
def publish(db):
    """Publish an edition of the current sources as the compile plans it, without rendering a PDF.

    For tests of pages, discussions and showings; the compile and PDF tests render for real (compile_inline).
    Returns the edition, or the current one when nothing changed.
    """

    def publish_now():
        start = compile_start()
        if start.outcome != "started":
            return start.edition
        Exhibit.objects.filter(edition=start.edition).update(done=True)
        return edition_make_current(edition_id=start.edition.pk, catalogue=b"")

    return publish_now
