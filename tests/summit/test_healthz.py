from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client

pytestmark = pytest.mark.django_db


def test_healthz_reports_every_part_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "broker": "ok"}


@pytest.mark.processes
def test_healthz_names_an_unreachable_broker(client, monkeypatch):
    # Port 9 on loopback has no Redis: a real connection attempt that fails. Celery reads this variable
    # before its configured broker_url, so it applies whichever broker the run was started with.
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:9/0")

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["broker"].startswith("error")
    assert body["database"] == "ok"


def test_healthz_names_an_unreachable_cache(client, settings):
    # The production backend, which serves from a fallback while Redis is down: /healthz must still say so.
    settings.CACHES = {
        "default": {"BACKEND": "summit.cache_backend.DegradingRedisCache", "LOCATION": "redis://127.0.0.1:9/0"}
    }

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["cache"].startswith("error: unreachable")
    assert response.json()["broker"] == "ok"


@pytest.mark.parametrize("path", ["/", "/accounts/password/reset/"])
def test_a_host_not_allowed_gets_a_400_page_not_a_500(client, path):
    response = client.post(path, {"email": "x@example.org"}) if "reset" in path else client.get(path)
    refused = (
        client.get(path, HTTP_HOST="evil.example")
        if "reset" not in path
        else client.post(path, {"email": "x@example.org"}, HTTP_HOST="evil.example")
    )

    assert response.status_code in (200, 302)
    assert refused.status_code == 400


@pytest.mark.django_db(transaction=True)
def test_concurrent_health_checks_all_answer_ok():
    """A load balancer checks from several places at once; no check may read another's value (with one key for all,
    this failed on Redis, as in CI's first run)."""

    def check(_number):
        try:
            return Client().get("/healthz").status_code
        finally:
            connection.close()  # each thread's own connection

    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = list(pool.map(check, range(40)))

    assert statuses == [200] * 40
