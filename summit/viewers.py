"""Who is reading: the signed-in user, verified once and then kept in the shared cache with their roles, so that a
signed-in page costs no user or role query (`viewer`, through `CachedAuthenticationMiddleware`); and a reader who
just changed what a page shows late to others (`reader_wrote`), who summit.caching then gives only that page as
rendered after it."""

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

# How long a verified signed-in user is kept; a write to anything shown drops it sooner (see `viewer`). Longer than
# any page is kept (`cached_page`'s seconds), which `reader_wrote` relies on.
VIEWER_SECONDS = 300


def viewer(request):
    """The user of `request`, verified by Django's `auth.get_user`, then kept in the cache with what the role
    predicates read of them (groups, delegations and the apps' `permissions.ROLE_LOADERS`) under the pages' version
    they were verified at.

    Users, group memberships, delegations, facilitators and moderators are watched models, so a changed password, a
    deactivated account or a new role moves the version on and the next request verifies the user again. A kept
    user is only given to a session that carries the same user id, backend and password hash Django verified, and
    the cache never holds the hash itself.
    """
    session = request.session
    user_id = session.get(auth.SESSION_KEY)
    if user_id is None:
        return auth.get_user(request)
    key = _viewer_key(user_id)
    wrote = _wrote_key(user_id, request.path)
    found = cache.get_many([PAGES_VERSION_KEY, key, wrote])
    request.pages_version = found.get(PAGES_VERSION_KEY, 0)
    request.reader_wrote = found.get(wrote)

    def proof():
        return (request.pages_version, session.get(auth.BACKEND_SESSION_KEY), session.get(auth.HASH_SESSION_KEY))

    if key in found and found[key][0] == proof():
        return found[key][1]
    user = auth.get_user(request)
    if user.is_authenticated:
        permissions.roles_load(user)
        kept = copy.copy(user)
        # Kept without the password hash: the field is then deferred, so reading it loads it, and a save leaves it be.
        del kept.password
        cache.set(key, (proof(), kept), VIEWER_SECONDS)
    return user


def viewer_forget(user_id: int) -> None:
    """Verify this user again on their next request: something kept with them changed without a change to what
    pages show (what they follow)."""
    cache.delete(_viewer_key(user_id))


def _viewer_key(user_id) -> str:
    return f"viewer:{user_id}"


def _wrote_key(user_id, path: str) -> str:
    return f"reader-wrote:{user_id}:{hashlib.sha256(path.encode()).hexdigest()[:32]}"


def reader_wrote(user_id: int, url: str) -> None:
    """This reader has just changed something that the page at `url` shows late to everyone else (a reaction's
    count, a new comment): from now on they are given that page only as rendered after the change, until every copy
    kept before it has expired; other pages, which may show it later too (a hub's latest comments), stay as kept.
    Called after the change's commit; the web processes' clocks are kept in step (NTP), since a page's render time,
    taken on one, is compared with this time, taken on another."""
    cache.set(_wrote_key(user_id, urlsplit(url).path), time.time_ns(), VIEWER_SECONDS)


class CachedAuthenticationMiddleware(AuthenticationMiddleware):
    """Django's authentication middleware, with `request.user` from `viewer`."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: viewer(request))
