"""Rate limits' windows on the shared cache (summit.ratelimit): on Redis one command counts them all
(summit.cache_backend.WINDOW_COUNT; CI runs the suite on Redis), elsewhere key by key."""

import uuid

from django.core.cache import cache, caches

from summit.cache_backend import DegradingRedisCache
from summit.ratelimit import rate_count, rate_counts
from tests.processes import wait_until


def test_each_key_counts_in_its_own_window_and_starts_afresh_when_it_ends():
    short, long = f"test-short-{uuid.uuid4().hex}", f"test-long-{uuid.uuid4().hex}"
    if isinstance(caches["default"], DegradingRedisCache):  # as after Redis restarted: it knows no script
        caches["default"]._cache.get_client(write=True).script_flush()

    assert rate_counts([(short, "2/1s"), (long, "1/1m")]) == [False, False]
    assert rate_counts([(short, "2/1s"), (long, "1/1m")]) == [False, True]
    assert rate_counts([(short, "2/1s"), (long, "1/1m")]) == [True, True]
    wait_until(lambda: cache.get(f"rl:{short}") is None, seconds=10, what="the one-second window ends")

    assert rate_count(short, "2/1s") is False
    assert cache.get(f"rl:{short}") == 1 and cache.get(f"rl:{long}") == 3
