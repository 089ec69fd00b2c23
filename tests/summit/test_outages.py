"""Parts that stop answering: the product degrades, it does not fail nor lose what was written."""

import pytest
from django.core.cache import cache

from discussion.models import Comment, CommentStatus, Thread
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

TOPIC = "/exhibition/topics/healthy-cities/"


@pytest.fixture
def redis_down(settings):
    """The production cache backend pointed at a port where nothing listens: every call is a real failed
    connection."""
    settings.CACHES = {
        "default": {
            "BACKEND": "summit.cache_backend.DegradingRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    yield
    cache.clear()


def test_with_the_cache_down_citizens_sign_in_read_and_comment(client, sources, publish, citizen, redis_down):
    publish()
    thread = Thread.objects.get(key="topic:healthy-cities")

    guest = client.post(
        f"/exhibition/threads/{thread.pk}/comments/", {"body": "Written by a guest.", "guest_name": "Ada"}
    )
    signed_in = client.post("/accounts/login/", {"login": citizen.email, "password": PASSWORD})
    comment = client.post(f"/exhibition/threads/{thread.pk}/comments/", {"body": "Written with an account."})
    page = client.get(TOPIC)

    assert guest.status_code == signed_in.status_code == comment.status_code == 302
    assert Comment.objects.get(body="Written by a guest.").status == CommentStatus.PENDING
    assert Comment.objects.get(body="Written with an account.").status == CommentStatus.PUBLISHED
    assert page.status_code == 200
    assert "Written with an account." in page.content.decode()
    assert client.get("/healthz").json()["cache"].startswith("error: unreachable")


def test_with_the_cache_down_rate_limits_still_hold(client, sources, publish, citizen, redis_down, settings):
    settings.COMMENT_RATE = "3/10m"
    publish()
    thread = Thread.objects.get(key="topic:healthy-cities")
    client.force_login(citizen)

    answers = [client.post(f"/exhibition/threads/{thread.pk}/comments/", {"body": f"Comment {n}"}) for n in range(5)]

    assert [answer.status_code for answer in answers] == [302, 302, 302, 429, 429]
    assert Comment.objects.count() == 3
