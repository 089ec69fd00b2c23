"""Sign-up, the ticket page (confirm, cancel), the door, and the press room's pages. The live-question room is in
events/views_room.py."""

from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from events import permissions, selectors
from events.forms import AccreditationForm, CheckInForm, GuestSignUpForm, TicketPhotoForm
from events.models import Event, RegistrationStatus
from events.services import press, sign_ups
from summit.caching import cached_page
from summit.calendars import programme_calendar
from summit.ratelimit import rate_limit_hit
from summit.text import markdown_to_html


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
        registration, created = sign_ups.registration_sign_up(
            event=event, user=request.user if request.user.is_authenticated else None, name=name, email=email
        )
    except sign_ups.SignUpClosed as error:
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
@cache_control(private=True, no_store=True)  # a name, a door code and its QR: kept by no cache, shared by none
def registration(request, token):
    """The link in every email: confirm the address (a guest), see the ticket, or cancel. Changes need a POST, so
    a mail scanner that opens links changes nothing."""
    registration = selectors.registration_by_token(token=token)
    if registration is None:
        raise Http404
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "confirm":
            registration = sign_ups.registration_confirm_address(registration=registration)
            messages.success(request, _("Thank you, your address is confirmed."))
        elif action == "cancel":
            by = request.user if request.user.is_authenticated else None
            registration = sign_ups.registration_cancel(registration=registration, by=by)
            messages.success(request, _("Cancelled. Thank you for telling us."))
        return redirect(registration.get_absolute_url())
    qr = None
    if registration.status == RegistrationStatus.CONFIRMED:
        qr = segno.make_qr(registration.code, error="m").svg_inline(scale=8, omitsize=True, title=_("Your code"))
    item = registration.event.item
    context = {"registration": registration, "item": item, "qr": qr}
    if item.venue and item.venue.address:
        query = urlencode({"query": f"{item.venue.name}, {item.venue.address}"})
        context["map_url"] = f"https://www.openstreetmap.org/search?{query}"
    return render(request, "events/registration.html", context)


@require_GET
@cache_control(private=True, no_store=True)
def registration_calendar(request, token):
    """The event for a calendar app, from the ticket page (the confirmation email attaches the same file)."""
    registration = selectors.registration_by_token(token=token)
    if registration is None or registration.status == RegistrationStatus.CANCELLED:
        raise Http404
    item = registration.event.item
    content = programme_calendar(summit=item.summit, items=[item], url=settings.SITE_URL + item.get_absolute_url())
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="event.ics"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request, pk):
    """The door, on a phone: scan the ticket's QR code with the camera (a photo, read by zbar on the server), type
    the code under it, or find the person by name; two doors may run at once."""
    event = get_object_or_404(Event.objects.select_related("item__summit"), item_id=pk)
    if not permissions.can_run_event(request.user, event):
        raise PermissionDenied
    form = CheckInForm(request.POST if "code" in request.POST else None)
    photo_form = TicketPhotoForm(request.POST, request.FILES) if "photo" in request.FILES else TicketPhotoForm()
    code = None
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
    elif request.method == "POST" and photo_form.is_bound:
        if not photo_form.is_valid():
            messages.error(request, " ".join(error for errors in photo_form.errors.values() for error in errors))
            return redirect(request.get_full_path())
        code = sign_ups.code_from_photo(image=photo_form.cleaned_data["photo"])
        if code is None:
            messages.error(request, _("No QR code could be read in the photo. Try again closer, or type the code."))
            return redirect(request.get_full_path())
    if code is not None:
        result = sign_ups.registration_check_in(event=event, code=code, by=request.user)
        if result is None:
            messages.error(request, _("No confirmed place has the code %(code)s.") % {"code": code})
        elif result.first_time:
            messages.success(request, _("Welcome, %(name)s: checked in.") % {"name": result.registration.name})
        else:
            messages.warning(
                request,
                _("%(name)s was already checked in at %(time)s.")
                % {
                    "name": result.registration.name,
                    "time": time_format(
                        timezone.localtime(result.registration.checked_in_at, event.item.summit.tzinfo), "TIME_FORMAT"
                    ),
                },
            )
        return redirect(request.get_full_path())
    query = request.GET.get("q", "")[:100]
    context = {
        "event": selectors.event_of_item(item=event.item),
        "item": event.item,
        "form": form,
        "photo_form": photo_form,
        "query": query,
        "people": selectors.door_list(event=event, query=query),
    }
    return render(request, "events/check_in.html", context)


@require_GET
@cached_page(seconds=30)
def press_release(request, pk):
    """One release; before its publication time only accredited journalists see it, marked as embargoed."""
    release = selectors.press_release_visible(user=request.user, pk=pk)
    if release is None:
        raise Http404
    return render(request, "events/press_release.html", {"release": release, "body": markdown_to_html(release.body)})


@require_http_methods(["GET", "POST"])
def accreditation(request):
    """Journalists ask for accreditation; organisers approve it in the admin."""
    initial = {"name": request.user.name, "email": request.user.email} if request.user.is_authenticated else {}
    form = AccreditationForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if rate_limit_hit(request, "accreditation", settings.SIGN_UP_RATE):
            return render(request, "429.html", status=429)
        if form.is_valid():
            _accreditation, created = press.accreditation_request(**form.cleaned_data)
            if created:
                messages.success(request, _("Thank you. The organisers will answer you by email."))
            else:
                messages.info(request, _("We already have a request from this address; the organisers will answer it."))
            return redirect("press")
    return render(request, "events/accreditation.html", {"form": form}, status=400 if form.errors else 200)
