"""Short page caches: public pages are read by many (a crowd at a poster) and written by few.

Anonymous readers get whole pages from `page_cache`; signed-in readers from `summit.signed_in_pages`, where a view
says the page is the same for everyone with the same roles (`cached_page(signed_in=True)`).
"""

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import translation

from summit.near_pages import near_pages

# Moved on by every write to what public pages show, so every cached page is dropped at once: writes are rare next
# to reads, and one version cannot miss a page the way a list of affected pages could.
PAGES_VERSION_KEY = "page-version"
# Every key has a bound lifetime; the version outlives any page kept under it by far, and when it lapses it starts
# again at 1, under which nothing is kept any more.
PAGES_VERSION_SECONDS = 30 * 86400


def public_pages_changed() -> None:
    """Drop every cached page: what they show has changed."""
    try:
        cache.incr(PAGES_VERSION_KEY)
    except ValueError:
        cache.set(PAGES_VERSION_KEY, 1, PAGES_VERSION_SECONDS)
    near_pages.version_forget()


def _written(sender, using, update_fields=None, **kwargs):
    """A row of a watched model was saved or deleted, by a service, the admin or a shell.

    The pages are dropped at once and again after the commit: a reader whose page was rendered from the rows before
    the commit and stored under the new version would otherwise keep it until it expires.
    """
    if kwargs.get("action", "post_").startswith("pre_"):
        return
    if update_fields and set(update_fields) <= getattr(sender, "cached_pages_ignore_fields", frozenset()):
        return
    if not getattr(kwargs.get("instance"), "cached_pages_shown", True):
        return
    if kwargs.get("created") and getattr(kwargs["instance"], "cached_pages_lag", False):
        return
    public_pages_changed()
    connection = transaction.get_connection(using)
    if connection.in_atomic_block and any(func is public_pages_changed for _, func, _ in connection.run_on_commit):
        return
    transaction.on_commit(public_pages_changed, using=using)


def watch_writes(app_config) -> None:
    """Drop the cached pages whenever a model of `app_config` is written (each app calls this in `ready()`).

    A model that no cached page shows live (one shown only through a compiled edition, or whose figures may be
    `seconds` old) says `cached_pages_ignore = True`; fields that may lag that way are in `cached_pages_ignore_fields`,
    a new row whose `cached_pages_lag` is true (a comment, posted by the hundred while a crowd reads) does not
    drop them: the views that write it call `reader_wrote`, so the writer sees their row at once. Nor does a row
    whose `cached_pages_shown` is false (an edition being compiled, or failed: no page ever showed it).
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


def cached_page(seconds: int, signed_in: bool = False, vary=None):
    """Let `page_cache` keep this view's pages for anonymous readers for `seconds`.

    With `signed_in`, `summit.signed_in_pages` keeps them for signed-in readers too, one copy per set of roles,
    only for a view whose page shows every signed-in reader with the same roles the same thing but for their CSRF
    token and their `reader_part`s (no name, no sign-up state). With `vary` as well, a function of the request and
    the view's arguments, one copy per set of roles and value of `vary` (a delegate's dashboard: their cities). It
    runs before the view on every signed-in request, so it should read only what `viewer` keeps with the user.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            request.page_cache_seconds = seconds
            return view(request, *args, **kwargs)

        if signed_in:  # read by summit.signed_in_pages before the view
            wrapper.signed_in_page = (seconds, vary)
        return wrapper

    return decorator


def _page_key(request) -> tuple[str, str] | None:
    """The cache key of the page and the language it is in, for a request that may be served from the cache."""
    cookies = request.COOKIES
    if request.method != "GET" or settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return None
    if "lang" in request.GET or "HX-Request" in request.headers:  # sets the language cookie; a part of a page
        return None
    language = translation.get_language_from_request(request)
    # get_host() refuses a host not in ALLOWED_HOSTS (a 400), and a page may hold absolute links to its host.
    path = f"{language}|{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return "page:" + hashlib.sha256(path.encode()).hexdigest(), language


def page_cache(get_response):
    """Serve the pages of views marked `cached_page` to anonymous readers from the shared cache.

    It stands before the session, language, CSRF and authentication middleware, so a page from the cache costs one
    round trip to Redis and none of their work, or none at all when this process kept the page itself and read the
    pages' version within the last second (`summit.near_pages`). Only readers without a session or a pending
    message are served from it (signed-in readers: `summit.signed_in_pages`), and never htmx's requests for a part
    of a page. A page that used the CSRF token (a form) or set a cookie is never stored, nor one in another language
    than the request asks for. A write to what the pages show drops them all (`watch_writes`): the version a page
    was stored under must still be the current one (for anonymous readers of another process, within a second).
    What is not worth that (reaction counts, new comments) may be up to the view's `seconds` old.
    """

    def middleware(request):
        page = _page_key(request)
        if page is None:
            return get_response(request)
        key, language = page
        kept = near_pages.get(key)
        if kept is None:
            found = cache.get_many([PAGES_VERSION_KEY, key])
            version, kept = found.get(PAGES_VERSION_KEY, 0), found.get(key)
            near_pages.version_seen(version)
            if kept is not None:
                near_pages.set(key, kept, kept[1], len(kept[2]))
        else:
            version = near_pages.version(lambda: cache.get(PAGES_VERSION_KEY, 0))
        if kept is not None and kept[0] == version:
            _version, _until, content, headers = kept
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
            kept = (version, time.time() + seconds, response.content, dict(response.headers))
            cache.set(key, kept, seconds)
            near_pages.set(key, kept, kept[1], len(response.content))
        return response

    return middleware
