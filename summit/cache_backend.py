"""The shared cache's Redis backend: one client per connection pool, and a cache per process while Redis does not
answer, so that requests degrade instead of failing (settings.CACHES uses it whenever CACHE_URL is redis://)."""

import hashlib
import logging

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import NoScriptError, RedisError

logger = logging.getLogger(__name__)

# How long the cache stays on its fallback after Redis failed to answer, before trying Redis again.
REDIS_RETRY_SECONDS = 10

# Rate limits' windows (summit.ratelimit), run by Redis as one command: each key starts at 0 for its window of
# ARGV[i] seconds (SET NX EX) and counts one more; the counts, in the keys' order.
WINDOW_COUNT = """
local counts = {}
for i, key in ipairs(KEYS) do
    redis.call("SET", key, 0, "EX", ARGV[i], "NX")
    counts[i] = redis.call("INCR", key)
end
return counts
"""
WINDOW_COUNT_SHA = hashlib.sha1(WINDOW_COUNT.encode()).hexdigest()  # noqa: S324 (Redis names its scripts so)


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's Redis cache client, keeping one `redis.Redis` per connection pool: Django builds one for every call,
    which costs as much as the round trip itself, and a signed-in page makes three."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        if index not in self._clients:
            self._clients[index] = super().get_client(key, write=write)
        return self._clients[index]


class DegradingRedisCache(RedisCache):
    """Redis, or while Redis does not answer, a cache in this process: pages are served uncached or from the
    process's own copy, and rate limits keep counting per process, so an outage never turns a request into a 500.

    After a failure Redis is left alone for REDIS_RETRY_SECONDS, so each request does not wait on it again. Django
    builds a cache object per thread; the fallback's name (by server) makes them share one store per process.
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self._fallback = LocMemCache(f"redis-fallback:{server}", {"TIMEOUT": params.get("TIMEOUT", 300)})

    @property
    def degraded(self) -> bool:
        """True while Redis is being left alone after failing to answer (/healthz reports it)."""
        return self._fallback.get("redis-down") is not None

    def _went_down(self, error: RedisError) -> None:
        self._fallback.set("redis-down", True, REDIS_RETRY_SECONDS)
        logger.error("Cache unreachable, using this process's own for %d s: %r", REDIS_RETRY_SECONDS, error)

    def _call(self, method: str, *args, **kwargs):
        if not self.degraded:
            try:
                return getattr(super(), method)(*args, **kwargs)
            except RedisError as error:
                self._went_down(error)
        return getattr(self._fallback, method)(*args, **kwargs)

    def window_counts(self, windows: list[tuple[str, int]]) -> list[int] | None:
        """Count one more under each (key, seconds) in one command (WINDOW_COUNT). None while Redis does not answer;
        the caller (summit.ratelimit) then counts key by key, in this process's cache."""
        if self.degraded:
            return None
        keys = [self.make_and_validate_key(key) for key, _seconds in windows]
        arguments = [len(keys), *keys, *(seconds for _key, seconds in windows)]
        try:
            client = self._cache.get_client(write=True)
            try:
                return client.execute_command("EVALSHA", WINDOW_COUNT_SHA, *arguments)
            except NoScriptError:  # the first time since Redis started: EVAL sends the script, and Redis keeps it
                return client.execute_command("EVAL", WINDOW_COUNT, *arguments)
        except RedisError as error:
            self._went_down(error)
            return None

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", *args, **kwargs)

    def clear(self):
        return self._call("clear")
