"""Sign-up, the ticket page (confirm, cancel), the door, and live questions (asking, the queue, the screen)."""

import hashlib
import secrets

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import time_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from events import permissions, selectors, services
from events.forms import AccreditationForm, CheckInForm, GuestSignUpForm, QuestionForm, TicketPhotoForm
from events.models import Event, QuestionStatus, QuestionVote, RegistrationStatus
from summit.caching import cached_page
from summit.ratelimit import rate_limit_hit
from summit.text import markdown_to_html
from summit.transitions import InvalidTransition

# One question a minute per phone or account.
QUESTION_RATE = "1/1m"


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
        code = services.code_from_photo(image=photo_form.cleaned_data["photo"])
        if code is None:
            messages.error(request, _("No QR code could be read in the photo. Try again closer, or type the code."))
            return redirect(request.get_full_path())
    if code is not None:
        result = services.registration_check_in(event=event, code=code, by=request.user)
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
        "photo_form": photo_form,
        "query": query,
        "people": selectors.door_list(event=event, query=query),
    }
    return render(request, "events/check_in.html", context)


PHONE_COOKIE = "phone"
PHONE_COOKIE_SALT = "events.phone"


def _voter(request) -> str | None:
    """Who likes and asks, for counting once: the account, or the phone's own cookie (no account needed)."""
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    phone = request.get_signed_cookie(PHONE_COOKIE, default=None, salt=PHONE_COOKIE_SALT)
    return f"phone:{hashlib.sha256(phone.encode()).hexdigest()[:32]}" if phone else None


def _etag(request, pk: int, *, per_person: bool) -> str:
    """The polled parts' validator: the questions' version (from the cache), and for the ask page whose likes and
    links it shows. Checked before anything touches the database."""
    version = services.questions_version(item_id=pk)
    if not per_person:
        return f'"{version}"'
    who = hashlib.sha256(f"{_voter(request)}|{request.LANGUAGE_CODE}".encode()).hexdigest()[:12]
    return f'"{version}-{who}"'


def _not_modified(etag: str) -> HttpResponse:
    response = HttpResponseNotModified()
    response["ETag"] = etag
    return response


def _revalidate(response: HttpResponse, etag: str) -> HttpResponse:
    """The browser keeps the part and asks again with If-None-Match: nothing changed costs a 304."""
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return response


def _room_event(pk) -> Event:
    return get_object_or_404(Event.objects.select_related("item__summit"), item_id=pk, item__is_public=True)


def _ask_context(request, event) -> dict:
    voter = _voter(request)
    mine = selectors.votes_of(event=event, voter=voter) if voter else set()
    questions = list(selectors.questions_for_room(event=event))
    for question in questions:
        question.liked = (question.pk, QuestionVote.Kind.LIKE) in mine
    return {
        "event": event,
        "item": event.item,
        "questions": questions,
        "can_run": permissions.can_run_event(request.user, event),
    }


@require_http_methods(["GET", "POST"])
def ask(request, pk):
    """Live questions from the room: ask (once a minute per phone), like (once per phone), report. The list
    refreshes itself every few seconds (htmx asks for `?part=list`)."""
    polled = request.method == "GET" and request.GET.get("part") == "list"
    if polled:
        etag = _etag(request, pk, per_person=True)
        if etag in request.headers.get("If-None-Match", ""):
            return _not_modified(etag)
    event = _room_event(pk)
    form = QuestionForm(request.POST or None)
    if request.method == "POST":
        voter = _voter(request)
        if voter is None:
            messages.error(request, _("Your browser must keep this site's cookie to ask questions here."))
        elif rate_limit_hit(request, f"ask:{voter}", QUESTION_RATE) or rate_limit_hit(request, "ask", "30/1m"):
            messages.error(request, _("One question a minute, please: let others ask too."))
        elif form.is_valid():
            try:
                services.question_ask(
                    event=event, text=form.cleaned_data["text"], asked_by=form.cleaned_data["asked_by"], asker=voter,
                    user=request.user if request.user.is_authenticated else None,
                )  # fmt: skip
            except services.QuestionsClosed as closed:
                messages.error(request, str(closed))
            else:
                messages.success(request, _("Thank you: your question is on the list."))
                return redirect("events:ask", pk=pk)
        else:
            messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
    template = "events/ask.html#question-list" if polled else "events/ask.html"
    response = render(request, template, {**_ask_context(request, event), "form": form})
    if polled:
        _revalidate(response, etag)
    if (
        not request.user.is_authenticated
        and request.get_signed_cookie(PHONE_COOKIE, default=None, salt=PHONE_COOKIE_SALT) is None
    ):
        response.set_signed_cookie(
            PHONE_COOKIE, secrets.token_urlsafe(16), salt=PHONE_COOKIE_SALT, max_age=365 * 86400,
            httponly=True, samesite="Lax", secure=not settings.DEBUG,
        )  # fmt: skip
    return response


@require_POST
def question_vote(request, pk, question_pk):
    event = _room_event(pk)
    question = get_object_or_404(event.questions.exclude(status=QuestionStatus.HIDDEN), pk=question_pk)
    voter = _voter(request)
    kind = request.POST.get("kind")
    if voter is None:
        messages.error(request, _("Your browser must keep this site's cookie to like questions here."))
    elif kind not in QuestionVote.Kind.values:
        return render(request, "400.html", {"reason": _("Like or report, nothing else.")}, status=400)
    elif rate_limit_hit(request, "question-vote", settings.REACTION_RATE):
        return render(request, "429.html", status=429)
    else:
        services.question_vote(question=question, voter=voter, kind=kind)
        if kind == QuestionVote.Kind.REPORT:
            messages.success(request, _("Thank you. The moderators will look at it."))
    if request.htmx:
        return render(request, "events/ask.html#question-list", _ask_context(request, event))
    return redirect("events:ask", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def question_queue(request, pk):
    """The moderators' queue: open or close questions, shortlist, put on the screen, mark answered (by whom), hide."""
    event = get_object_or_404(Event.objects.select_related("item__summit"), item_id=pk)
    if not permissions.can_run_event(request.user, event):
        raise PermissionDenied
    if request.method == "POST":
        if "questions_open" in request.POST:
            event.questions_open = request.POST["questions_open"] == "1"
            event.save(update_fields=["questions_open"])
            return redirect("events:questions", pk=pk)
        question = get_object_or_404(event.questions, pk=request.POST.get("question", "0").strip() or 0)
        to = request.POST.get("to", "")
        if to not in QuestionStatus.values:
            return render(request, "400.html", {"reason": _("That is not a step a question can take.")}, status=400)
        try:
            services.question_moderate(
                question=question, to=to, by=request.user, answered_by=request.POST.get("answered_by", "")[:150]
            )
        except InvalidTransition:
            messages.error(request, _("Someone else moved this question meanwhile; here is where it is now."))
        return redirect("events:questions", pk=pk)
    columns = selectors.questions_by_status(event=event)
    return render(request, "events/questions.html", {"event": event, "item": event.item, "columns": columns})


@require_GET
def screen(request, pk):
    """The room's projector: the question being answered, the shortlist, and how to ask. It refreshes a part of
    itself every 2 seconds; when the network drops, htmx keeps the last state on screen."""
    if request.GET.get("part") == "state":
        etag = _etag(request, pk, per_person=False)
        if etag in request.headers.get("If-None-Match", ""):
            return _not_modified(etag)
    event = _room_event(pk)
    context = {"event": event, "item": event.item, **selectors.screen_state(event=event)}
    if request.GET.get("part") == "state":
        return _revalidate(render(request, "events/screen.html#screen-state", context), etag)
    ask_url = settings.SITE_URL + reverse("events:ask", kwargs={"pk": pk})
    context |= {
        "ask_url": ask_url,
        "qr": segno.make_qr(ask_url, error="m").svg_inline(scale=10, omitsize=True, title=_("Ask your question")),
    }
    return render(request, "events/screen.html", context)


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
            _accreditation, created = services.accreditation_request(**form.cleaned_data)
            if created:
                messages.success(request, _("Thank you. The organisers will answer you by email."))
            else:
                messages.info(request, _("We already have a request from this address; the organisers will answer it."))
            return redirect("press")
    return render(request, "events/accreditation.html", {"form": form}, status=400 if form.errors else 200)
