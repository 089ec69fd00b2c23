"""What an operator sees when something breaks: a request id on the error page and in the log, Sentry on demand."""

import logging
import os
import subprocess
import sys

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.processes]


@pytest.mark.urls("tests.summit.failing_urls")
def test_a_bug_shows_a_500_page_with_the_request_id_the_log_has(client, caplog):
    client.raise_request_exception = False

    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/broken/")

    request_id = response["X-Request-ID"]
    assert response.status_code == 500
    assert f"<code>{request_id}</code>" in response.content.decode()
    assert "RuntimeError" not in response.content.decode()
    errors = [record for record in caplog.records if record.name == "django.request"]
    assert errors and errors[0].request_id == request_id


def test_a_proxy_request_id_is_kept_and_a_forged_one_replaced(client):
    kept = client.get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a")
    replaced = client.get("/healthz", HTTP_X_REQUEST_ID="<script>alert(1)</script>")

    assert kept["X-Request-ID"] == "lb-7f3a"
    assert "<" not in replaced["X-Request-ID"] and len(replaced["X-Request-ID"]) == 16


@pytest.mark.parametrize(("dsn", "active"), [("", False), ("https://key@127.0.0.1:9/1", True)])
def test_errors_go_to_sentry_only_when_a_dsn_is_set(dsn, active):
    environment = {**os.environ, "SENTRY_DSN": dsn}
    script = "import django; django.setup(); import sentry_sdk; print(sentry_sdk.get_client().is_active())"

    result = subprocess.run([sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=True)

    assert result.stdout.strip() == str(active)
