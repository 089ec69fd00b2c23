"""A short page cache for anonymous readers: public pages are read by many (a crowd at a poster), written by few."""

import hashlib
import logging
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import translation
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


# Moved on by every write to what public pages show, so every cached page is dropped at once: writes are rare next
# to reads, and one version cannot miss a page the way a list of affected pages could.
PAGES_VERSION_KEY = "page-version"


def public_pages_changed() -> None:
    """Drop every cached page: what they show has changed."""
    try:
        cache.incr(PAGES_VERSION_KEY)
    except ValueError:
        cache.set(PAGES_VERSION_KEY, 1, None)


def _written(sender, using, update_fields=None, **kwargs):
    """A row of a watched model was saved or deleted, by a service, the admin or a shell.

    The pages are dropped at once and again after the commit: a reader whose page was rendered from the rows before
    the commit and stored under the new version would otherwise keep it until it expires.
    """
    if kwargs.get("action", "post_").startswith("pre_"):
        return
    if update_fields and set(update_fields) <= getattr(sender, "cached_pages_ignore_fields", frozenset()):
        return
    public_pages_changed()
    connection = transaction.get_connection(using)
    if connection.in_atomic_block and any(func is public_pages_changed for _, func, _ in connection.run_on_commit):
        return
    transaction.on_commit(public_pages_changed, using=using)


def watch_writes(app_config) -> None:
    """Drop the cached pages whenever a model of `app_config` is written (each app calls this in `ready()`).

    A model that no cached page shows live (one shown only through a compiled edition, or whose figures may be
    `seconds` old) says `cached_pages_ignore = True`; fields that may lag that way are in `cached_pages_ignore_fields`.
    Writes through `QuerySet.update()` send no signal: a service that changes shown data that way calls
    `public_pages_changed` itself.
    """
    for model in app_config.get_models(include_auto_created=True):
        if getattr(model, "cached_pages_ignore", False):
            continue
        uid = f"cached-pages:{model._meta.label}"
        post_save.connect(_written, sender=model, dispatch_uid=uid)
        post_delete.connect(_written, sender=model, dispatch_uid=uid)
        m2m_changed.connect(_written, sender=model, dispatch_uid=uid)


def fragment_key(request, variant: str) -> str:
    """What a page's shared part depends on, for `{% cache 30 name page_fragment %}` (the `site` context processor
    offers it as `page_fragment`; a write drops the part sooner than 30 s): the pages' version, the language, the
    path with its query and `variant` (what differs between groups of readers: delegates see delegates-only
    programme items). Signed-in readers get the part from the cache; only the rest of the page (the header with
    their menu, their forms) is rendered for each of them.
    """
    version = cache.get(PAGES_VERSION_KEY, 0)
    return f"{version}|{translation.get_language()}|{request.get_full_path()}|{variant}"


def anonymous_page_cache(seconds: int):
    """Let `page_cache` keep this view's pages for anonymous readers for `seconds`."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            request.page_cache_seconds = seconds
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _page_key(request) -> tuple[str, str] | None:
    """The cache key of the page and the language it is in, for a request that may be served from the cache."""
    cookies = request.COOKIES
    if request.method != "GET" or settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return None
    if "lang" in request.GET:  # switches the language and sets its cookie: answered by the view
        return None
    language = translation.get_language_from_request(request)
    # get_host() refuses a host not in ALLOWED_HOSTS (a 400), and a page may hold absolute links to its host.
    path = f"{language}|{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return "page:" + hashlib.sha256(path.encode()).hexdigest(), language


def page_cache(get_response):
    """Serve the pages of views marked `anonymous_page_cache` to anonymous readers from the shared cache.

    It stands before the session, language, CSRF and authentication middleware, so a page from the cache costs one
    round trip to Redis and none of their work. Only readers without a session or a pending message are served
    from it: signed-in people always get a fresh page (it carries their name, forms with their CSRF token and their
    own comments' controls). A page that used the CSRF token (a form) or set a cookie is never stored, nor one in
    another language than the request asks for. A write to what the pages show drops them all (`watch_writes`):
    the version a page was stored under must still be the current one. What is not worth that (reaction counts)
    may be up to the view's `seconds` old.
    """

    def middleware(request):
        page = _page_key(request)
        if page is None:
            return get_response(request)
        key, language = page
        found = cache.get_many([PAGES_VERSION_KEY, key])
        version = found.get(PAGES_VERSION_KEY, 0)
        if key in found and found[key][0] == version:
            _version, content, headers = found[key]
            return HttpResponse(content, headers=headers)
        response = get_response(request)
        seconds = getattr(request, "page_cache_seconds", None)
        storable = (
            seconds
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE", False)
            and response.get("Content-Language") == language
            and not request.user.is_authenticated
        )
        if storable:
            cache.set(key, (version, response.content, dict(response.headers)), seconds)
        return response

    return middleware
