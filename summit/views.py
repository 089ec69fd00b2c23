import logging
import sys
import uuid

from celery import current_app as celery_app
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from summit import notifications, permissions, selectors
from summit.caching import cached_page
from summit.calendars import programme_calendar
from summit.forms import AccountDeleteForm, ProgrammeFilterForm
from summit.invitation_pages import invitation_page, invitation_problem_page
from summit.models import Invitation, InvitationRole
from summit.services import (
    InvitationError,
    invitation_accept,
    invitation_check,
    user_delete,
    user_emails_off,
    user_signup_from_invitation,
)

logger = logging.getLogger(__name__)


@require_GET
@cached_page(seconds=30, signed_in=True)
def programme(request):
    summit = selectors.summit_current_or_404()
    form = ProgrammeFilterForm(request.GET or None)
    filters = {}
    if form.is_valid():
        filters = {"kind": form.cleaned_data["kind"] or None, "topic": form.cleaned_data["topic"]}
    items = selectors.programme_items(
        summit=summit, include_delegates_only=permissions.can_see_delegates_only(request.user), **filters
    )
    context = {
        "summit": summit,
        "form": form,
        "days": selectors.programme_by_day(items=items, summit=summit),
        "filtered": any(filters.values()),
    }
    template = "summit/programme.html#programme-list" if request.htmx else "summit/programme.html"
    return render(request, template, context)


@require_GET
def programme_ics(request):
    """Public items only, each linking to the programme."""
    summit = selectors.summit_current_or_404()
    content = programme_calendar(
        summit=summit,
        items=list(selectors.programme_items(summit=summit)),
        url=settings.SITE_URL + reverse("programme"),
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="programme.ics"'
    return response


@require_GET
def healthz(request):
    """Database, cache and broker each answer, or the response is 503 naming the one that did not."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as error:
        checks["database"] = f"error: {error.__class__.__name__}"
    try:
        # A key of its own per check: concurrent checks must not read each other's value.
        nonce = uuid.uuid4().hex
        cache.set(f"healthz:{nonce}", nonce, 10)
        checks["cache"] = "ok" if cache.get(f"healthz:{nonce}") == nonce else "error: value not stored"
        cache.delete(f"healthz:{nonce}")
        if getattr(cache, "degraded", False):
            checks["cache"] = "error: unreachable, serving from the fallback in each process"
    except Exception as error:
        checks["cache"] = f"error: {error.__class__.__name__}"
    try:
        with celery_app.connection_for_write() as broker:
            broker.ensure_connection(max_retries=1, timeout=2)
        checks["broker"] = "ok"
    except Exception as error:
        checks["broker"] = f"error: {error.__class__.__name__}"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)


def server_error(request):
    """The 500 page, with the request id the log has too; or, when the database could not be reached or dropped
    the connection (restarting, failing over; also a deadlock or a timeout), a 503 asking to retry in a few seconds
    and to check first whether what was sent arrived. The next request reconnects by itself.

    Rendered without context processors or the base template: they may need the part that failed.
    """
    context = {"request_id": getattr(request, "id", "")}
    _type, error, _traceback = sys.exc_info()
    if isinstance(error, OperationalError | InterfaceError):
        logger.error("Database unreachable, answered 503: %r", error)
        response = HttpResponse(render_to_string("503.html", context), status=503)
        response["Retry-After"] = "5"
        return response
    return HttpResponse(render_to_string("500.html", context), status=500)


def _invitation_landing(invitation: Invitation) -> str:
    """Where the invited person starts: facilitators at their workshops, delegates at My city."""
    return "workshops:workshop_list" if invitation.role == InvitationRole.FACILITATOR else "me"


@require_http_methods(["GET", "POST"])
def invitation_accept_view(request, key):
    """Open a delegate's or facilitator's invitation."""
    try:
        invitation = invitation_check(key=key)
    except InvitationError as error:
        return invitation_problem_page(request, error)
    if invitation.city:
        lead = _("You are invited to the Living Together Summit as %(role)s of %(city)s.") % {
            "role": invitation.get_role_display(), "city": invitation.city.name}  # fmt: skip
    else:
        lead = _("You are invited to the Living Together Summit as %(role)s.") % {"role": invitation.get_role_display()}
    return invitation_page(
        request, email=invitation.email, lead=lead, landing=_invitation_landing(invitation),
        accept=lambda user: invitation_accept(key=key, user=user),
        signup=lambda name, password: user_signup_from_invitation(key=key, name=name, password=password),
    )  # fmt: skip


@require_GET
def topic_styles(request):
    """Topic colours as CSS custom properties, so templates need no inline styles under the strict CSP."""
    rules = "\n".join(f".topic-{topic.slug} {{ --topic-colour: {topic.colour}; }}" for topic in selectors.topics_all())
    response = HttpResponse(rules + "\n", content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response


@csrf_exempt  # the signed token authenticates; mail clients send one-click POSTs without a CSRF token (RFC 8058)
@require_http_methods(["GET", "POST"])
def emails_off(request, token):
    """The link in every discussion email. GET asks once (link scanners must not unsubscribe people); POST acts."""
    user = notifications.user_from_token(token)
    if user is None:
        return render(request, "summit/emails_off.html", {"invalid": True}, status=404)
    if request.method == "POST":
        user_emails_off(user=user)
        return render(request, "summit/emails_off.html", {"done": True})
    return render(request, "summit/emails_off.html", {"email": user.email})


@require_GET
def privacy(request):
    return render(request, "summit/privacy.html")


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    """Delete the account after the password is typed again; comments stay, signed "former participant"."""
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        user_delete(user=user)
        messages.success(request, _("Your account has been deleted."))
        return redirect("home")
    return render(request, "summit/account_delete.html", {"form": form}, status=400 if form.errors else 200)
