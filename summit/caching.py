"""Short page caches: public pages are read by many (a crowd at a poster) and written by few.

Anonymous readers get whole pages from `page_cache`. Signed-in readers get their user from `summit.viewers`, and
whole pages from `SignedInPageCache` where a view says the page is the same for everyone with the same roles, with
their own CSRF token and their own parts (`reader_part`) filled in.
"""

import hashlib
import logging
import re
import time
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import SafeString

from summit import permissions
from summit.near_pages import near_pages

logger = logging.getLogger(__name__)

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


def _pages_version(request) -> int:
    """The pages' version, read once per request (`viewer` reads it with the user)."""
    if not hasattr(request, "pages_version"):
        request.pages_version = cache.get(PAGES_VERSION_KEY, 0)
    return request.pages_version


def cached_page(seconds: int, signed_in: bool = False, vary=None):
    """Let `page_cache` keep this view's pages for anonymous readers for `seconds`.

    With `signed_in`, `SignedInPageCache` keeps them for signed-in readers too, one copy per set of roles: only for
    a view whose page shows every signed-in reader with the same roles the same thing but for their CSRF token and
    their `reader_part`s (no name, no sign-up state). With `vary` as well, a function of the request and the view's
    arguments, one copy per set of roles and value of `vary` (a delegate's dashboard: their cities). It runs before
    the view on every signed-in request, so it should read only what `viewer` keeps with the user.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            request.page_cache_seconds = seconds
            return view(request, *args, **kwargs)

        if signed_in:  # read by SignedInPageCache.process_view, before the view
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
    message are served from it (signed-in readers: `SignedInPageCache`), and never htmx's requests for a part of a
    page. A page that used the CSRF token (a form) or set a cookie is never stored, nor one in another language than
    the request asks for. A write to what the pages show drops them all (`watch_writes`): the version a page was
    stored under must still be the current one (for anonymous readers of another process, within a second). What is
    not worth that (reaction counts, new comments) may be up to the view's `seconds` old.
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


# Stands for the reader's CSRF token in a page kept for every signed-in reader with the same roles: rendered into
# the page instead of the token (the `site` context processor), filled in for each reader. No text on a page holds
# a NUL (form text is cleaned of control characters, PostgreSQL refuses them), and `reader_part`'s markers use it too.
CSRF_HOLE = "\x00csrf-token\x00"
READER_PART = re.compile(rb"\x00part-(\d+)\x00")


def reader_part(request, template_name: str, values: dict, only_for: int | None = None) -> SafeString:
    """A small part of a page that differs by reader (their own comment's controls, a Follow button), rendered from
    `template_name` with `values` (which must pickle), the reader as `user`, their `csrf_token` and the time as
    `now`; with `only_for`, only for the user of that id (nothing for anyone else). Rendered at once, or, in a
    page being kept for every signed-in reader (`SignedInPageCache`), as a marker that is filled in for each one."""
    stored = getattr(request, "signed_in_page", None)
    if stored is None:
        return _part_render(request, template_name, only_for, values)
    parts = stored[3]
    parts.append((template_name, only_for, values))
    return format_html("\x00part-{}\x00", len(parts) - 1)


def _part_render(request, template_name: str, only_for: int | None, values: dict) -> str:
    if only_for is not None and only_for != request.user.pk:
        return ""
    context = {**values, "user": request.user, "now": timezone.now(), "csrf_token": get_token(request)}
    return get_template(template_name).render(context)


class SignedInPageCache:
    """Serve signed-in readers pages of views marked `cached_page(signed_in=True)` from the cache, one copy per
    language, address and set of roles (the menu differs by role), with the reader's own CSRF token and their own
    parts (`reader_part`) filled in.

    It stands last, so the session, language, CSRF, authentication and message middleware have done their work: a
    page from the cache costs the session and the user (`viewer`, which reads the pages' version), two round trips
    to Redis, and the page, a third unless this process kept it (`summit.near_pages`); no view or template. Not for
    a reader with a message pending (it is shown on the next page), nor htmx's requests for a part of a page. A
    page is stored only if it rendered the token as the hole (nothing asked for the real token), set no cookie,
    showed no message and kept its language; the pages' version in its key drops it on any write.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        stored = getattr(request, "signed_in_page", None)
        if stored is None or response.streaming:
            return response
        key, seconds, language, parts, rendered_at = stored
        storable = (
            response.status_code == 200
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE", False)
            and translation.get_language() == language
            and not len(messages.get_messages(request))  # none shown or left for the next page by the view
        )
        if storable:
            kept = (response.content, dict(response.headers), parts, time.time() + seconds, rendered_at)
            cache.set(key, kept, seconds)
            near_pages.set(key, kept, kept[3], len(response.content))
        response.content = _filled(request, response.content, parts)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        seconds, vary = getattr(view_func, "signed_in_page", (None, None))
        if not seconds or request.method != "GET" or "lang" in request.GET or "HX-Request" in request.headers:
            return None
        user = request.user
        if not user.is_authenticated or len(messages.get_messages(request)):
            return None
        roles = (permissions.is_organiser(user), permissions.is_delegate(user), permissions.is_facilitator(user))
        if vary is not None:
            roles += (vary(request, *view_args, **view_kwargs),)
        language = translation.get_language()
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        page = f"{_pages_version(request)}|{language}|{address}|{roles}"
        key = "signed-in-page:" + hashlib.sha256(page.encode()).hexdigest()
        found = _kept_since(key, getattr(request, "reader_wrote", None) or 0)
        if found is not None:
            content, headers, parts, _until, _rendered_at = found
            return HttpResponse(_filled(request, content, parts), headers=headers)
        request.signed_in_page = (key, seconds, language, [], time.time_ns())
        return None


def _kept_since(key: str, wrote: int):
    """The signed-in page kept under `key` if it was rendered after `wrote` (`reader_wrote`'s time, 0 for a reader
    who wrote nothing lately), from this process or from Redis. A reader who just reacted or commented is given a
    page rendered after it, so their own write shows; that fresher page is then kept for everyone with their roles."""
    near = near_pages.get(key)
    if near is not None and near[4] > wrote:
        return near
    shared = cache.get(key)
    if shared is None or (near is not None and shared[4] <= near[4]):
        return None
    near_pages.set(key, shared, shared[3], len(shared[0]))
    return shared if shared[4] > wrote else None


def _filled(request, content: bytes, parts: list) -> bytes:
    """A kept page for this reader: their CSRF token and their parts in place of the holes."""
    if parts:
        content = READER_PART.sub(lambda m: _part_render(request, *parts[int(m[1])]).encode(), content)
    hole = CSRF_HOLE.encode()
    return content.replace(hole, get_token(request).encode()) if hole in content else content
