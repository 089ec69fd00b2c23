"""Pages kept for every signed-in reader with the same roles: the pages of views marked
`cached_page(signed_in=True)`, one copy per language, address and set of roles (the menu differs by role), with each
reader's own CSRF token and own parts (`reader_part`) filled in.

Two middleware serve them. `SignedInPageCache` stands before the session middleware: for a reader whose browser
holds its session and CSRF cookies, one round trip to Redis reads the pages' version, the session's data, the user
kept for that session (`summit.viewers`) and when the reader last wrote to this page, which this process then
trusts for a second (`near_pages.reader`; a browser that just sent a form reads afresh, `FRESH_COOKIE`); the page
itself comes from this process's copy (`summit.near_pages`) or a second round trip, and none of the middleware
behind it runs. Any
request it cannot answer that way goes on through the whole stack to `SignedInPageRender`, which stands last: it
serves the kept page once the session, language, CSRF and authentication middleware have done their work, or lets
the view render it with holes where the token and the parts go; `SignedInPageCache` then keeps it with the headers
the middleware between them added.

Never for a reader with a message pending (it is shown on the next page), nor htmx's requests for a part of a page.
A page is kept only if it rendered the token as the hole (nothing asked for the real token), set no cookie, showed
no message and kept its language; the pages' version in its key drops it on any write.
"""

import functools
import hashlib
import re
import time
from importlib import import_module

from django.conf import settings
from django.contrib import messages
from django.contrib.messages.storage.session import SessionStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.template.loader import get_template
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import SafeString

from summit import permissions
from summit.caching import PAGES_VERSION_KEY
from summit.near_pages import NEAR_VERSION_SECONDS, near_pages
from summit.viewers import kept_reader, reader_keys

# Stands for the reader's CSRF token in a page kept for every signed-in reader with the same roles: rendered into
# the page instead of the token (the `site` context processor), filled in for each reader. No text on a page holds
# a NUL (form text is cleaned of control characters, PostgreSQL refuses them), and `reader_part`'s markers use it too.
CSRF_HOLE = "\x00csrf-token\x00"
HOLE = CSRF_HOLE.encode()
HOLES = re.compile(rb"(\x00csrf-token\x00|\x00part-\d+\x00)")
# Sent back for a while after each form a browser with a session sends (a comment, a reaction, a sign-out): its
# requests then read the pages' version, its session and user afresh from Redis, whichever process answers, instead
# of what that process read for it within the last second (`near_pages.reader`), so its own write shows at once.
FRESH_COOKIE = "fresh"
FRESH_SECONDS = 2 * NEAR_VERSION_SECONDS
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
# Parts that differ between readers by one value of theirs only, by name: a function of the reader and the part's
# values that gives the value (the Follow button's: whether they follow). Such a part is rendered once per process
# for each value, language and set of values, not for each reader; its template must read nothing else of the
# reader, nor the time.
READER_CHOICES = {}


def reader_part(
    request, template_name: str, values: dict, only_for: int | None = None, choice: str | None = None
) -> SafeString:
    """A small part of a page that differs by reader (their own comment's controls, a Follow button), rendered from
    `template_name` with `values` (which must pickle), the reader as `user`, their `csrf_token` and the time as
    `now`; with `only_for`, only for the user of that id (nothing for anyone else); with `choice`, once for all
    readers with the same value of that READER_CHOICES function (the values must then be hashable too). Rendered
    at once, or, in a page being kept for every signed-in reader, as a marker that is filled in for each one."""
    rendering = getattr(request, "signed_in_page", None)
    if rendering is None:
        return _part_render(request, get_token(request), template_name, only_for, values, choice)
    parts = rendering[3]
    parts.append((template_name, only_for, values, choice))
    return format_html("\x00part-{}\x00", len(parts) - 1)


def _part_render(request, token: str, template_name, only_for: int | None, values: dict, choice=None) -> str:
    if only_for is not None and only_for != request.user.pk:
        return ""
    if choice is None:
        context = {**values, "user": request.user, "now": timezone.now(), "csrf_token": token}
        return get_template(template_name).render(context)
    chosen = READER_CHOICES[choice](request.user, **values)
    context = {**values, "user": request.user, "now": timezone.now(), "csrf_token": CSRF_HOLE}
    key = (template_name, choice, chosen, translation.get_language(), *sorted(values.items()))
    rendered = near_pages.part(key, lambda: get_template(template_name).render(context))
    return rendered.replace(CSRF_HOLE, token)


class SignedInPageCache:
    """Serve a kept page before the session middleware, and keep the pages `SignedInPageRender` rendered."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)
        self.sessions = import_module(settings.SESSION_ENGINE).SessionStore

    def __call__(self, request):
        response = self._served(request)
        if response is not None:
            return response
        response = self.get_response(request)
        if request.method not in SAFE_METHODS and settings.SESSION_COOKIE_NAME in request.COOKIES:
            response.set_cookie(
                FRESH_COOKIE,
                "1",
                max_age=FRESH_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        keep = getattr(request, "signed_in_page_keep", None)
        # The reader's CSRF cookie may be set by filling in their token; any other cookie is for them alone.
        if keep is not None and set(response.cookies) <= {settings.CSRF_COOKIE_NAME}:
            key, seconds, cut, parts, rendered_at, size = keep
            headers = {name: value for name, value in response.headers.items() if name != "Content-Length"}
            # What `_kept_since` returns: the page as `_cut` left it, the headers the middleware between the two
            # added, the parts, when it expires, when it was rendered, and its size.
            kept = (cut, headers, parts, time.time() + seconds, rendered_at, size)
            cache.set(key, kept, seconds)
            near_pages.set(key, kept, kept[3], size)
        return response

    def _served(self, request) -> HttpResponse | None:
        """The kept page for this request, if it can be served without the middleware behind this one."""
        cookies = request.COOKIES
        session_key = cookies.get(settings.SESSION_COOKIE_NAME)
        if (
            session_key is None
            or request.method != "GET"
            or settings.CSRF_COOKIE_NAME not in cookies
            or "messages" in cookies
            or "lang" in request.GET
            or "HX-Request" in request.headers
        ):
            return None
        session = self.sessions(session_key)
        if session.session_key is None or not hasattr(session, "cache_key"):  # a malformed key; sessions not cached
            return None
        try:
            match = _resolved(get_urlconf() or settings.ROOT_URLCONF, request.path_info)
        except Resolver404:
            return None
        seconds, vary = getattr(match.func, "signed_in_page", (None, None))
        if not seconds:
            return None
        self.csrf.process_request(request)
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # a malformed cookie, replaced on the way through
            return None
        record, wrote = reader_keys(session.session_key, request.path)
        found = near_pages.reader(
            wrote,  # one per session and page
            lambda: cache.get_many([PAGES_VERSION_KEY, session.cache_key, record, wrote]),
            fresh=FRESH_COOKIE in cookies,
        )
        data = found.get(session.cache_key)
        if data is None or SessionStorage.session_key in data:  # not in the cache, or a message pending
            return None
        request.pages_version = found.get(PAGES_VERSION_KEY, 0)
        user = kept_reader(found.get(record), request.pages_version, data)
        if user is None:
            return None
        request.user, request.session = user, session
        with translation.override(translation.get_language_from_request(request)):
            page = _kept_since(_page_key(request, vary, match.args, match.kwargs), found.get(wrote) or 0)
            if page is None:
                return None
            content = _filled(request, page[0], page[2])
        response = HttpResponse(content, headers=page[1])
        response["Content-Length"] = len(content)
        return response


@functools.lru_cache(maxsize=1024)
def _resolved(urlconf: str, path: str):
    """The view of `path`, for the few addresses a crowd reads again and again (a 404 is not kept)."""
    return resolve(path, urlconf)


class SignedInPageRender:
    """Serve a kept page to a signed-in reader `SignedInPageCache` could not serve it to, or let the view render
    it with holes and fill them in (`SignedInPageCache` keeps it). It stands last."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        rendering = getattr(request, "signed_in_page", None)
        if rendering is None or response.streaming:
            return response
        key, seconds, language, parts, rendered_at = rendering
        keep = (
            response.status_code == 200
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE", False)
            and translation.get_language() == language
            and not len(messages.get_messages(request))  # none shown or left for the next page by the view
        )
        cut = _cut(response.content, parts)
        if keep:
            request.signed_in_page_keep = (key, seconds, cut, parts, rendered_at, len(response.content))
        response.content = _filled(request, cut, parts)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        seconds, vary = getattr(view_func, "signed_in_page", (None, None))
        if not seconds or request.method != "GET" or "lang" in request.GET or "HX-Request" in request.headers:
            return None
        if not request.user.is_authenticated or len(messages.get_messages(request)):
            return None
        key = _page_key(request, vary, view_args, view_kwargs)
        found = _kept_since(key, getattr(request, "reader_wrote", None) or 0)
        if found is not None:
            cut, headers, parts, _until, _rendered_at, _size = found
            return HttpResponse(_filled(request, cut, parts), headers=headers)
        request.signed_in_page = (key, seconds, translation.get_language(), [], time.time_ns())
        return None


def _page_key(request, vary, view_args, view_kwargs) -> str:
    """The key of the page kept for this request's reader's roles, address and language (the active one)."""
    user = request.user
    roles = (permissions.is_organiser(user), permissions.is_delegate(user), permissions.is_facilitator(user))
    if vary is not None:
        roles += (vary(request, *view_args, **view_kwargs),)
    if not hasattr(request, "pages_version"):  # `viewer` reads it with the user, but not for a user it did not keep
        request.pages_version = cache.get(PAGES_VERSION_KEY, 0)
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    page = f"{request.pages_version}|{translation.get_language()}|{address}|{roles}"
    return "signed-in-page:3:" + hashlib.sha256(page.encode()).hexdigest()


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
    near_pages.set(key, shared, shared[3], shared[5])
    return shared if shared[4] > wrote else None


def _cut(content: bytes, parts: list) -> tuple[list, list, dict]:
    """A page rendered with holes, cut once where each reader's own bits go, so that filling it in for a reader is
    one join: the pieces (with CSRF_HOLE for each token and an empty piece for each part for every reader), where
    those parts go, and, by reader, where the parts for one reader only (`only_for`) go: most readers wrote none of
    a discussion's comments, and their page is filled in without looking at them."""
    pieces, general, personal, text = [], [], {}, []
    for number, piece in enumerate(HOLES.split(content)):
        if number % 2 == 0:
            text.append(piece)
        elif piece == HOLE:
            pieces += [b"".join(text), HOLE]
            text = []
        elif (reader := parts[part := int(piece[6:-1])][1]) is None:
            general.append((len(pieces) + 1, part))
            pieces += [b"".join(text), b""]
            text = []
        else:
            personal.setdefault(reader, []).append((len(pieces), sum(map(len, text)), part))
    pieces.append(b"".join(text))
    return pieces, general, personal


def _filled(request, cut: tuple, parts: list) -> bytes:
    """A page `_cut` filled in for this reader: their CSRF token (masked once, in the page and the parts alike), the
    parts for every reader, and their own parts where they go."""
    pieces, general, personal = cut
    token = get_token(request).encode()
    filled = [token if piece == HOLE else piece for piece in pieces]
    for at, part in general:
        filled[at] = _part_render(request, CSRF_HOLE, *parts[part]).encode().replace(HOLE, token)
    for at, offset, part in reversed(personal.get(request.user.pk, ())):  # from the end, so offsets hold
        rendered = _part_render(request, CSRF_HOLE, *parts[part]).encode().replace(HOLE, token)
        filled[at] = filled[at][:offset] + rendered + filled[at][offset:]
    return b"".join(filled)
