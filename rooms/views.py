"""A room's pages: joining it (the code or QR on its screen gives a phone its pass), the phones' page with the open
poll, the screen (1920 by 1080, large type, the poll on it and its results), and the console where facilitators and
moderators prepare and run polls.

The phone's poll, the screen's state and the console's polls are polled parts (summit.polled): every 2 seconds
htmx asks again with the ETag it holds and gets a 304 without a query while nothing in the room changed. When the
network drops, htmx keeps the last state and catches up on the next answer. Answering is a plain form post, so a
phone without JavaScript answers too; each pass or account answers within POLL_ANSWER_RATE.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rooms import hosts, selectors, services
from rooms.forms import AnswerForm, JoinForm, PollForm
from rooms.models import AnswerReview, PollStatus, Room
from rooms.pages import join_card, results_context
from rooms.passes import acting_refused, pass_cookie_set, voter_of
from rooms.permissions import can_run_room
from summit.polled import etag, not_modified, revalidate, version_get, version_start
from summit.ratelimit import address_key, rate_count
from summit.transitions import InvalidTransition


def _room(code: str) -> Room:
    room = selectors.room_by_code(code=code.upper())
    if room is None:
        raise Http404(_("No room has this code."))
    return room


def _version(code: str) -> str | None:
    return version_get(services.polled_key(code.upper()))


def _version_start(room: Room) -> str:
    return version_start(services.polled_key(room.code))


@require_GET
def join(request):
    """Type the code shown on the room's screen."""
    form = JoinForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        return redirect("rooms:join_code", code=form.cleaned_data["code"])
    return render(request, "rooms/join.html", {"form": form}, status=400 if form.errors else 200)


@require_GET
def join_code(request, code):
    """The QR code's address: give this phone a pass for the room (unless it has one) and open the room's page
    (an event's questions, a workshop's polls)."""
    room = selectors.room_by_code(code=code.upper())
    if room is None:
        form = JoinForm({"code": code})
        if form.is_valid():
            form.add_unknown_error()
        return render(request, "rooms/join.html", {"form": form}, status=404)
    response = redirect(hosts.landing(room.key) or reverse("rooms:phone", kwargs={"code": room.code}))
    if voter_of(request, room=room.key) is not None:
        return response
    if rate_count(f"room-join:{address_key(request)}", settings.ROOM_JOIN_RATE):
        return render(request, "429.html", status=429)
    pass_cookie_set(response, room=room.key)
    if hosts.landing(room.key):  # an event's room: its questions
        messages.success(request, _("You are in the room: ask, and like the questions you want answered."))
    else:
        messages.success(request, _("You are in the room: answer its polls from this phone."))
    return response


def _phone_context(request, room: Room) -> dict:
    voter = voter_of(request, room=room.key)
    poll = selectors.poll_open_of(room=room)
    context = {"room": room, "title": hosts.title(room.key), "joined": voter is not None, "poll": poll,
               "join_form": JoinForm(), "can_run": can_run_room(request.user, room)}  # fmt: skip
    if poll is not None:
        answer = selectors.answer_of(poll=poll, voter=voter.key) if voter else None
        form = AnswerForm(poll=poll)
        form.initial_from(answer)
        context |= {"form": form, "answer": answer}
    return context


@require_http_methods(["GET", "POST"])
def phone(request, code):
    """The phone's page: the open poll to answer (or change the answer), and that its answer counted."""
    polled = request.method == "GET" and request.GET.get("part") == "poll"
    # Whose poll it is (their answer, their form): the phone's passes and session, the language.
    passes = "|".join(value for name, value in sorted(request.COOKIES.items()) if name.startswith("room-"))
    who = (passes, request.COOKIES.get(settings.SESSION_COOKIE_NAME, ""), request.LANGUAGE_CODE)
    if polled and (unchanged := not_modified(request, _version(code), *who)):
        return unchanged
    room = _room(code)
    if request.method == "POST":
        return _answer(request, room)
    context = _phone_context(request, room)
    if polled:
        version = _version_start(room)
        return revalidate(render(request, "rooms/phone.html#phone-poll", context), etag(version, *who))
    return render(request, "rooms/phone.html", context)


def _answer(request, room: Room) -> HttpResponse:
    voter = voter_of(request, room=room.key)
    poll = get_object_or_404(room.polls.prefetch_related("options"), pk=request.POST.get("poll") or 0)
    refused = acting_refused(
        request, voter, action="answer", rate=settings.POLL_ANSWER_RATE,
        too_many=_("That was a lot of answers. Please wait a minute."),
    )  # fmt: skip
    form = AnswerForm(request.POST, poll=poll)
    if refused:
        messages.error(request, refused)
    elif not form.is_valid():
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
        return render(request, "rooms/phone.html", {**_phone_context(request, room), "form": form}, status=400)
    else:
        try:
            services.poll_answer(
                poll=poll, voter=voter, user=request.user if request.user.is_authenticated else None,
                language=request.LANGUAGE_CODE, **form.answer(),
            )  # fmt: skip
        except services.PollClosed as closed:
            messages.error(request, str(closed))
    # The page says "Your answer counts" beside the poll itself: no message on top repeats it.
    return redirect("rooms:phone", code=room.code)


@require_GET
def screen(request, code):
    """The room's projector: how to join, and the poll on the screen with its results, live."""
    state = request.GET.get("part") == "state"
    if state and (unchanged := not_modified(request, _version(code), request.LANGUAGE_CODE)):
        return unchanged
    room = _room(code)
    poll = selectors.poll_on_screen(room=room)
    context = {"room": room, "title": hosts.title(room.key), **(results_context(poll, "screen") if poll else {})}
    if state:
        tag = etag(_version_start(room), request.LANGUAGE_CODE)
        return revalidate(render(request, "rooms/screen.html#screen-state", context), tag)
    return render(request, "rooms/screen.html", context | join_card(room))


def _console_room(request, code) -> Room:
    room = _room(code)
    if not can_run_room(request.user, room):
        raise Http404(_("No room has this code."))  # another workshop's facilitator learns nothing
    return room


def _console_polls(room: Room) -> list:
    polls = list(selectors.polls_of(room=room))
    for poll in polls:
        poll.view = results_context(poll, f"poll-{poll.pk}") if poll.status != PollStatus.DRAFT else None
    return polls


@login_required
@require_http_methods(["GET", "POST"])
def console(request, code):
    """Prepare polls, then run them one at a time: open, close, put on the screen, copy to the topic's other
    workshops; review open-text answers. The polls' results refresh themselves (`?part=polls`)."""
    polled = request.method == "GET" and request.GET.get("part") == "polls"
    if polled and (unchanged := not_modified(request, _version(code), request.user.pk, request.LANGUAGE_CODE)):
        return unchanged
    room = _console_room(request, code)
    items = len(hosts.ranking_items(room.key))
    form = PollForm(request.POST or None, ranking_items=items)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            services.poll_create(
                room=room, kind=data["kind"], question=data["question"], options=data["options"],
                scale=data.get("scale") or "", by=request.user,
            )  # fmt: skip
            messages.success(request, _("The poll is prepared. Open it when the room is ready."))
            return redirect("rooms:console", code=room.code)
        messages.error(request, _("The poll could not be prepared: see below."))
    texts = selectors.texts_of(room=room).exclude(review=AnswerReview.HIDDEN)
    context = {"room": room, "title": hosts.title(room.key), "form": form, "polls": _console_polls(room),
               "texts": texts, "siblings": len(hosts.siblings(room.key)), "ranking_items": items}  # fmt: skip
    if polled:
        tag = etag(_version_start(room), request.user.pk, request.LANGUAGE_CODE)
        return revalidate(render(request, "rooms/console.html#console-polls", context), tag)
    return render(request, "rooms/console.html", context | join_card(room), status=400 if form.errors else 200)


POLL_ACTIONS = {"open", "close", "show", "hide", "delete", "copy"}


@login_required
@require_POST
def poll_act(request, code, pk, action):
    """One step on a poll from the console."""
    room = _console_room(request, code)
    poll = get_object_or_404(room.polls.select_related("room"), pk=pk)
    if action not in POLL_ACTIONS:
        raise Http404(_("There is no such step."))
    if action == "delete" and request.POST.get("confirm") != "1":
        return render(request, "rooms/poll_delete.html", {"room": room, "poll": poll})
    try:
        if action == "open":
            services.poll_open(poll=poll, by=request.user)
        elif action == "close":
            services.poll_close(poll=poll, by=request.user)
        elif action in ("show", "hide"):
            services.poll_show(poll=poll, shown=action == "show", by=request.user)
        elif action == "delete":
            services.poll_delete(poll=poll, by=request.user)
            messages.success(request, _("The poll is deleted."))
        else:
            copied = services.poll_copy(poll=poll, by=request.user)
            messages.success(request, _("Copied into %(count)s other workshops of the topic.") % {"count": copied})
    except (InvalidTransition, ValueError) as refused:
        messages.error(request, str(refused) if action == "delete" else _("Someone changed this poll meanwhile."))
    return redirect("rooms:console", code=room.code)


@login_required
@require_POST
def answer_review(request, code, pk):
    """Show an open-text answer on the screen, or hide it."""
    room = _console_room(request, code)
    answer = get_object_or_404(selectors.texts_of(room=room), pk=pk)
    to = request.POST.get("to")
    if to not in (AnswerReview.SHOWN, AnswerReview.HIDDEN):
        return render(request, "400.html", {"reason": _("Show or hide: nothing else.")}, status=400)
    try:
        services.answer_review(answer=answer, to=to, by=request.user)
    except InvalidTransition:
        messages.error(request, _("Someone changed this answer meanwhile."))
    return redirect("rooms:console", code=room.code)
