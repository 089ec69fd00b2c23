"""Small request/response hooks: a request id, the language, query and form text cleaned of controls, a page for
405s, Content-Security-Policy, MFA for the admin."""

import logging
import re
import uuid

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from summit.logs import current_request_id
from summit.text import controls_remove

logger = logging.getLogger(__name__)
VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestId:
    """Each request gets an id: the proxy's X-Request-ID when it sends a sane one, else a new one. It is in the
    response's X-Request-ID header, in every log line, and on the 500 and 503 pages (summit.views.server_error).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.META.get("HTTP_X_REQUEST_ID", "")
        request.id = given if VALID_REQUEST_ID.match(given) else uuid.uuid4().hex[:16]
        # Not reset afterwards: Django logs a 4xx or 5xx answer after the middleware returned, and the next request
        # in this thread or context sets its own.
        current_request_id.set(request.id)
        response = self.get_response(request)
        response["X-Request-ID"] = request.id
        return response


CSP = "; ".join(
    [
        "default-src 'self'",
        f"img-src 'self' data: {settings.MEDIA_ORIGIN}".rstrip(),
        "script-src 'self'",
        "style-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def language(get_response):
    """The language of each page: `?lang=de`, which the language cookie then remembers; else that cookie; else the
    browser's Accept-Language; else English. The answer says which (Content-Language) and that it depends on
    Accept-Language (Vary).

    Django's LocaleMiddleware reads the same cookie and header, and also looks for a language at the start of the
    path (for `i18n_patterns`, which this site does not use): it took every request a failed look-up of the path's
    first word as a language, twice: some 3 % of a vote's time."""
    supported = {code for code, _name in settings.LANGUAGES}

    def middleware(request):
        chosen = request.GET.get("lang")
        chosen = chosen if chosen in supported else None
        translation.activate(chosen or translation.get_language_from_request(request))
        request.LANGUAGE_CODE = translation.get_language()
        response = get_response(request)
        patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", translation.get_language())
        if chosen:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                chosen,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
            )
        return response

    return middleware


FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


def _cleaned(query, *, keep_passwords: bool):
    """The query with its values' controls removed; the query itself when none had any (copying it costs more)."""
    changes = {}
    for key, values in query.lists():
        kept = values if keep_passwords and "password" in key else [controls_remove(value) for value in values]
        if kept != values:
            changes[key] = kept
    if not changes:
        return query
    cleaned = query.copy()
    for key, values in changes.items():
        cleaned.setlist(key, values)
    cleaned._mutable = False
    return cleaned


def form_text_clean(get_response):
    """Every query-string value and form field arrives without invisible control characters
    (summit.text.controls_remove), whichever form, view or admin page reads it: a NUL byte never reaches a database
    lookup. Passwords are left exactly as typed."""

    def middleware(request):
        if request.GET:
            request.GET = _cleaned(request.GET, keep_passwords=False)
        if request.method == "POST" and request.content_type in FORM_TYPES:
            request.POST = _cleaned(request.POST, keep_passwords=True)
        return get_response(request)

    return middleware


class AdminInputCheck:
    """Two kinds of forged input Django's admin would answer with a 500, answered with a 400 page saying why:
    ids in the list actions' selection that are not numbers (every model here has a numeric key), and query values
    an add or change form takes as initial data (`?city=abc` where an id belongs), which it fails to look up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path.startswith("/admin/"):
            selected = request.POST.getlist("_selected_action")
            if any(not value.isdigit() for value in selected):
                return render(request, "400.html", {"reason": _("The selection is not valid.")}, status=400)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if (
            request.method == "GET"
            and request.GET
            and request.path.startswith("/admin/")
            and isinstance(exception, ValueError | OverflowError | ValidationError)
        ):
            logger.warning("Admin address with a value it cannot use: %s (%s)", request.get_full_path(), exception)
            reason = _("The address holds a value the administration cannot use. Remove it from the address.")
            return render(request, "400.html", {"reason": reason}, status=400)
        return None


def method_not_allowed_page(get_response):
    """A 405 (a GET on an address that takes only forms' POSTs) says so on a page, instead of an empty answer."""

    def middleware(request):
        response = get_response(request)
        if response.status_code == 405 and not response.content:
            page = render(request, "405.html", status=405)
            page["Allow"] = response["Allow"]
            return page
        return response

    return middleware


def content_security_policy(get_response):
    def middleware(request):
        response = get_response(request)
        # The Django admin relies on a few inline styles; everything else is held to the strict policy.
        if request.path.startswith("/admin/"):
            response.setdefault(
                "Content-Security-Policy", CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
            )
        else:
            response.setdefault("Content-Security-Policy", CSP)
        return response

    return middleware


def admin_requires_mfa(get_response):
    """With ADMIN_REQUIRE_MFA on, staff set up an authenticator before /admin/ opens."""

    def middleware(request):
        if (
            settings.ADMIN_REQUIRE_MFA
            and request.path.startswith("/admin/")
            and request.user.is_authenticated
            and request.user.is_staff
            and not Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists()
        ):
            messages.warning(request, _("Set up two-factor authentication before you use the administration."))
            return redirect("mfa_activate_totp")
        return get_response(request)

    return middleware
