"""Sign-up, the ticket page (confirm, cancel) and the door."""

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateformat import time_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from events import permissions, selectors, services
from events.forms import CheckInForm, GuestSignUpForm
from events.models import Event, RegistrationStatus
from summit.ratelimit import rate_limit_hit


@require_POST
def sign_up(request, pk):
    """Sign up from the programme item's page: with the account, or as a guest who confirms the address."""
    event = get_object_or_404(Event.objects.select_related("item"), item_id=pk, item__is_public=True)
    back = redirect("programme_item", pk=pk)
    if rate_limit_hit(request, "sign-up", settings.SIGN_UP_RATE):
        return render(request, "429.html", status=429)
    if request.user.is_authenticated:
        name, email = request.user.name or request.user.email, request.user.email
    else:
        form = GuestSignUpForm(request.POST)
        if not form.is_valid():
            return render(request, "events/sign_up_problem.html", {"form": form, "event": event}, status=400)
        name, email = form.cleaned_data["name"], form.cleaned_data["email"]
    try:
        registration, created = services.registration_sign_up(
            event=event, user=request.user if request.user.is_authenticated else None, name=name, email=email
        )
    except services.SignUpClosed as error:
        messages.error(request, str(error))
        return back
    if not created:
        messages.info(request, _("You are already signed up with this address; we have not emailed you again."))
    elif registration.status == RegistrationStatus.UNCONFIRMED:
        messages.success(
            request, _("Nearly there: open the link we have just emailed to %(email)s.") % {"email": email}
        )
    elif registration.status == RegistrationStatus.CONFIRMED:
        messages.success(request, _("Your place is confirmed. Your ticket is on its way by email."))
    else:
        messages.info(request, _("The event is full: you are on the waiting list, and we email you if a place frees."))
    return back


@require_http_methods(["GET", "POST"])
def registration(request, token):
    """The link in every email: confirm the address (a guest), see the ticket, or cancel. Changes need a POST, so
    a mail scanner that opens links changes nothing."""
    registration = selectors.registration_by_token(token=token)
    if registration is None:
        raise Http404
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "confirm":
            registration = services.registration_confirm_address(registration=registration)
            messages.success(request, _("Thank you, your address is confirmed."))
        elif action == "cancel":
            by = request.user if request.user.is_authenticated else None
            registration = services.registration_cancel(registration=registration, by=by)
            messages.success(request, _("Cancelled. Thank you for telling us."))
        return redirect(registration.get_absolute_url())
    qr = None
    if registration.status == RegistrationStatus.CONFIRMED:
        qr = segno.make_qr(registration.code, error="m").svg_inline(scale=8, omitsize=True, title=_("Your code"))
    return render(
        request, "events/registration.html", {"registration": registration, "item": registration.event.item, "qr": qr}
    )


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request, pk):
    """The door, on a phone: search by name, or type the code under the QR code; two doors may run at once."""
    event = get_object_or_404(Event.objects.select_related("item__summit"), item_id=pk)
    if not permissions.can_run_event(request.user, event):
        raise PermissionDenied
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.registration_check_in(event=event, code=form.cleaned_data["code"], by=request.user)
        if result is None:
            messages.error(
                request, _("No confirmed place has the code %(code)s.") % {"code": form.cleaned_data["code"]}
            )
        elif result.first_time:
            messages.success(request, _("Welcome, %(name)s: checked in.") % {"name": result.registration.name})
        else:
            messages.warning(
                request,
                _("%(name)s was already checked in at %(time)s.")
                % {
                    "name": result.registration.name,
                    "time": time_format(
                        timezone.localtime(result.registration.checked_in_at, event.item.summit.tzinfo), "H:i"
                    ),
                },
            )
        return redirect(request.get_full_path())
    query = request.GET.get("q", "")[:100]
    context = {
        "event": selectors.event_of_item(item=event.item),
        "item": event.item,
        "form": form,
        "query": query,
        "people": selectors.door_list(event=event, query=query),
    }
    return render(request, "events/check_in.html", context)
