"""A short page cache for anonymous readers: the exhibit a QR code opens is read by many, written by few."""

import hashlib
import logging
from functools import wraps

from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.http import HttpResponse
from django.utils.translation import get_language
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# How long the cache stays on its fallback after Redis failed to answer, before trying Redis again.
REDIS_RETRY_SECONDS = 10


class DegradingRedisCache(RedisCache):
    """Redis, or while Redis does not answer, a cache in this process: pages are served uncached or from the
    process's own copy, and rate limits keep counting per process, so an outage never turns a request into a 500.

    After a failure Redis is left alone for REDIS_RETRY_SECONDS, so each request does not wait on it again. Django
    builds a cache object per thread; the fallback's name (by server) makes them share one store per process.
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        self._fallback = LocMemCache(f"redis-fallback:{server}", {"TIMEOUT": params.get("TIMEOUT", 300)})

    @property
    def degraded(self) -> bool:
        """True while Redis is being left alone after failing to answer (/healthz reports it)."""
        return self._fallback.get("redis-down") is not None

    def _call(self, method: str, *args, **kwargs):
        if not self.degraded:
            try:
                return getattr(super(), method)(*args, **kwargs)
            except RedisError as error:
                self._fallback.set("redis-down", True, REDIS_RETRY_SECONDS)
                logger.error("Cache unreachable, using this process's own for %d s: %r", REDIS_RETRY_SECONDS, error)
        return getattr(self._fallback, method)(*args, **kwargs)

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


def _version_key(path: str) -> str:
    return "page-version:" + hashlib.sha256(path.encode()).hexdigest()


# Bumped when every cached page may be out of date at once (a new exhibition edition is published).
ALL_PAGES_KEY = "page-version:all"


def page_cache_invalidate_all() -> None:
    """Drop every cached page: they all show the current edition, and a new one has just been published."""
    try:
        cache.incr(ALL_PAGES_KEY)
    except ValueError:
        cache.set(ALL_PAGES_KEY, 1, None)


def page_cache_invalidate(path: str) -> None:
    """Drop the cached copies of the page at `path` (every language and query string): a moderator's decision or
    a new published comment shows at once, not after the cache expires."""
    try:
        cache.incr(_version_key(path))
    except ValueError:
        cache.set(_version_key(path), 1, None)


def anonymous_page_cache(seconds: int):
    """Serve anonymous GETs of this view from the shared cache for `seconds`.

    Signed-in people always get a fresh page (it carries their name, forms with their CSRF token and their own
    comments' controls), and so does anyone with a pending message. A change to what the page shows calls
    `page_cache_invalidate`; what is not worth that (reaction counts) may be up to `seconds` old.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method != "GET" or request.user.is_authenticated or "messages" in request.COOKIES:
                return view(request, *args, **kwargs)
            versions = cache.get_many([_version_key(request.path), ALL_PAGES_KEY])
            version = f"{versions.get(_version_key(request.path), 0)}.{versions.get(ALL_PAGES_KEY, 0)}"
            path = f"{version}|{get_language()}|{request.get_full_path()}"
            key = "page:" + hashlib.sha256(path.encode()).hexdigest()
            cached = cache.get(key)
            if cached is not None:
                content, content_type = cached
                return HttpResponse(content, content_type=content_type)
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.cookies:
                cache.set(key, (response.content, response["Content-Type"]), seconds)
            return response

        return wrapper

    return decorator
