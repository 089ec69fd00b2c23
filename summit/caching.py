"""A short page cache for anonymous readers: the exhibit a QR code opens is read by many, written by few."""

import hashlib
from functools import wraps

from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import get_language


def _version_key(path: str) -> str:
    return "page-version:" + hashlib.sha256(path.encode()).hexdigest()


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
            version = cache.get(_version_key(request.path), 0)
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
