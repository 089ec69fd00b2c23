"""Who is reading: the signed-in user, verified once and then kept in the shared cache with their roles for their
session, so that a signed-in page costs no user or role query (`viewer`, through `CachedAuthenticationMiddleware`,
and `summit.signed_in_pages`, which reads it with the session itself); and a reader who just changed what a page
shows late to others (`reader_wrote`), who is then given only that page as rendered after it."""

import copy
import hashlib
import time
from urllib.parse import urlsplit

from django.contrib import auth
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from summit import permissions
from summit.caching import PAGES_VERSION_KEY
from summit.near_pages import near_pages

# How long a verified signed-in user is kept; a write to anything shown drops it sooner (see `viewer`). Longer than
# any page is kept (`cached_page`'s seconds), which `reader_wrote` relies on.
VIEWER_SECONDS = 300
# The sessions a user's kept copies were last kept for, so `viewer_forget` finds them all.
SESSIONS_REMEMBERED = 50


def viewer(request):
    """The user of `request`, verified by Django's `auth.get_user`, then kept in the cache for this session with
    what the role predicates read of them (groups, delegations and the apps' `permissions.ROLE_LOADERS`) under the
    pages' version they were verified at.

    Users, group memberships, delegations, facilitators and moderators are watched models, so a changed password, a
    deactivated account or a new role moves the version on and the next request verifies the user again. A kept
    user is only given to a session that still holds the same user id, backend and password hash Django verified
    (`kept_reader`), and the cache never holds the password hash itself.
    """
    session = request.session
    if session.session_key is None:  # no session cookie, or a malformed one
        return auth.get_user(request)
    record, wrote = reader_keys(session.session_key, request.path)
    # The session's own data comes in the same round trip (summit.sessions), unless something read it already.
    unread = session.unread_cache_key()
    found = cache.get_many([PAGES_VERSION_KEY, record, wrote] + ([unread] if unread else []))
    if unread and found.get(unread) is not None:
        session.data_given(found[unread])
    if session.get(auth.SESSION_KEY) is None:
        return auth.get_user(request)
    request.pages_version = found.get(PAGES_VERSION_KEY, 0)
    request.reader_wrote = found.get(wrote)
    kept = kept_reader(found.get(record), request.pages_version, session)
    if kept is not None:
        return kept
    user = auth.get_user(request)
    if user.is_authenticated:
        permissions.roles_load(user)
        kept = copy.copy(user)
        # Kept without the password hash: the field is then deferred, so reading it loads it, and a save leaves it be.
        del kept.password
        cache.set(record, (_proof(request.pages_version, session), kept), VIEWER_SECONDS)
        _session_remember(user.pk, record)
    return user


def kept_reader(found, version: int, session):
    """The user kept for a session (`found`, read from `reader_keys`' first key) if it was verified at `version`
    for what `session` (the session, or its data as kept in the cache) holds now; else None."""
    if found is None or found[0] != _proof(version, session):
        return None
    return found[1]


def _proof(version: int, session) -> tuple:
    return (
        version,
        session.get(auth.SESSION_KEY),
        session.get(auth.BACKEND_SESSION_KEY),
        session.get(auth.HASH_SESSION_KEY),
    )


def reader_keys(session_key: str, path: str) -> tuple[str, str]:
    """The cache keys of the user kept for a session, and of the time this session's reader last wrote something
    shown late on the page at `path` (`reader_wrote`)."""
    session = hashlib.sha256(session_key.encode()).hexdigest()[:32]
    return f"viewer:{session}", f"reader-wrote:{session}:{hashlib.sha256(path.encode()).hexdigest()[:32]}"


def _session_remember(user_id: int, record: str) -> None:
    """Note `record` among the user's kept copies. Two sessions of one user verified at the same moment may both
    read the list before either writes it, and one is then left out: that session shows what the user follows up to
    VIEWER_SECONDS late, the only thing `viewer_forget` is for."""
    key = f"viewer-sessions:{user_id}"
    known = cache.get(key, ())
    if record not in known:
        cache.set(key, (*known[-(SESSIONS_REMEMBERED - 1) :], record), VIEWER_SECONDS)


def viewer_forget(user_id: int) -> None:
    """Verify this user again on their next request in every session: something kept with them changed without a
    change to what pages show (what they follow). Other processes may serve what they read within the last second
    for a second more (summit.near_pages)."""
    cache.delete_many(cache.get(f"viewer-sessions:{user_id}", ()))
    near_pages.version_forget()


def reader_wrote(request, url: str) -> None:
    """This request's reader has just changed something that the page at `url` shows late to everyone else (a
    reaction's count, a new comment): from now on, in this session, they are given that page only as rendered after
    the change, until every copy kept before it has expired; other pages, which may show it later too (a hub's
    latest comments), stay as kept, and so does the page in the reader's other sessions (another device sees it when
    everyone does). Called after the change's commit; the web processes' clocks are kept in step (NTP), since a
    page's render time, taken on one, is compared with this time, taken on another."""
    _record, wrote = reader_keys(request.session.session_key, urlsplit(url).path)
    cache.set(wrote, time.time_ns(), VIEWER_SECONDS)


class CachedAuthenticationMiddleware(AuthenticationMiddleware):
    """Django's authentication middleware, with `request.user` from `viewer`."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: viewer(request))
