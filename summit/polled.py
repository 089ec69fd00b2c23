"""Parts of a page that phones and screens ask for again every few seconds (a room's questions, its polls): a
version kept in the cache that every write changes, and the ETag that lets a poll be answered 304 before anything
touches the database.

A version is kept for VERSION_SECONDS after its last change. `version_get` reads it without writing, so an address
that names nothing writes nothing; the caller checks that the thing exists and then calls `version_start`.
"""

import hashlib
import time

from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotModified

VERSION_SECONDS = 2 * 86400


def version_get(key: str) -> str | None:
    version = cache.get(f"polled:{key}")
    return None if version is None else str(version)


def version_start(key: str) -> str:
    cache.add(f"polled:{key}", time.time_ns(), VERSION_SECONDS)
    return str(cache.get(f"polled:{key}"))


def version_bump(key: str) -> None:
    """A new version once the write commits: every polled part of `key` is fetched again."""
    transaction.on_commit(lambda: cache.set(f"polled:{key}", time.time_ns(), VERSION_SECONDS))


def etag(version: str, *parts) -> str:
    """The version, and whose part it is where the part shows a person's own likes, answers or forms."""
    if not parts:
        return f'"{version}"'
    return f'"{version}-{hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:12]}"'


def not_modified(request, version: str | None, *parts) -> HttpResponse | None:
    """A 304 when the browser already has this version, checked before anything touches the database."""
    if version is None:
        return None
    tag = etag(version, *parts)
    if tag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
        response["ETag"] = tag
        return response
    return None


def revalidate(response: HttpResponse, tag: str) -> HttpResponse:
    """The browser keeps the part and asks again with If-None-Match: nothing changed costs a 304."""
    response["ETag"] = tag
    response["Cache-Control"] = "private, no-cache"
    return response
