"""The live-question room: joining it (the code or QR on its screen gives a phone its pass), asking, liking and
reporting from phones, the moderators' queue, and the room's screen.

Limits, all on the shared cache: each pass or account asks once a minute (QUESTION_RATE) and likes or reports
QUESTION_VOTE_RATE; one address gets passes within ROOM_JOIN_RATE and acts within ROOM_ADDRESS_RATE, generous
enough for a venue whose 500 phones share one address, and never the only barrier (rooms.passes).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from events import permissions, selectors
from events.forms import QuestionActionForm, QuestionForm
from events.models import Event, QuestionStatus, QuestionVote
from events.services import questions as question_services
from rooms import selectors as room_selectors
from rooms.forms import JoinForm
from rooms.pages import join_card, results_context
from rooms.passes import Voter, acting_refused, cookie_name, voter_of
from rooms.services import polled_key, room_ensure
from summit.polled import etag, not_modified, revalidate, version_get, version_start
from summit.transitions import InvalidTransition


def _room_event(pk) -> Event:
    return get_object_or_404(Event.objects.select_related("item__summit"), item_id=pk, item__is_public=True)


def _room_version(pk: int) -> str | None:
    """The questions' version and the room's polls' version together: the ask page's list tells of an open poll,
    and the screen shows the poll on it."""
    questions = version_get(question_services.questions_key(pk))
    polls = version_get(polled_key(f"programme-{pk}"))
    return None if questions is None or polls is None else f"{questions}.{polls}"


def _room_version_start(event: Event) -> str:
    questions = version_start(question_services.questions_key(event.item_id))
    return f"{questions}.{version_start(polled_key(event.room_key))}"


def _ask_context(request, event: Event, voter: Voter | None) -> dict:
    room = room_ensure(key=event.room_key)
    mine = selectors.votes_of(event=event, voter=voter.key) if voter else set()
    questions = list(selectors.questions_for_room(event=event))
    for question in questions:
        question.liked = (question.pk, QuestionVote.Kind.LIKE) in mine
    return {
        "event": event,
        "item": event.item,
        "questions": questions,
        "joined": voter is not None,
        "join_form": JoinForm(),
        "can_run": permissions.can_run_event(request.user, event),
        "room_code": room.code,
        "poll_open": room_selectors.poll_open_of(room=room),
    }


@require_http_methods(["GET", "POST"])
def ask(request, pk):
    """Live questions from the room: ask, like, report, once joined. The list refreshes itself every few seconds
    (htmx asks for `?part=list`)."""
    polled = request.method == "GET" and request.GET.get("part") == "list"
    if polled:
        # Whose list it is (own likes, the forms shown once joined): the phone's pass and session, the language.
        who = (
            request.COOKIES.get(cookie_name(f"programme-{pk}"), ""),
            request.COOKIES.get(settings.SESSION_COOKIE_NAME, ""),
            request.LANGUAGE_CODE,
        )
        if unchanged := not_modified(request, _room_version(pk), *who):
            return unchanged
    event = _room_event(pk)
    voter = voter_of(request, room=event.room_key)
    form = QuestionForm(request.POST or None)
    if request.method == "POST":
        if refused := acting_refused(
            request,
            voter,
            action="ask",
            rate=settings.QUESTION_RATE,
            too_many=_("One question a minute, please: let others ask too."),
        ):
            messages.error(request, refused)
        elif form.is_valid():
            try:
                question_services.question_ask(
                    event=event, text=form.cleaned_data["text"], asked_by=form.cleaned_data["asked_by"], voter=voter,
                    user=request.user if request.user.is_authenticated else None,
                )  # fmt: skip
            except question_services.QuestionsClosed as closed:
                messages.error(request, str(closed))
            else:
                messages.success(request, _("Thank you: your question is on the list."))
                return redirect("events:ask", pk=pk)
        else:
            messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
    context = {**_ask_context(request, event, voter), "form": form}
    if polled:
        tag = etag(_room_version_start(event), *who)
        return revalidate(render(request, "events/ask.html#question-list", context), tag)
    return render(request, "events/ask.html", context)


@require_POST
def question_vote(request, pk, question_pk):
    event = _room_event(pk)
    question = get_object_or_404(event.questions.exclude(status=QuestionStatus.HIDDEN), pk=question_pk)
    voter = voter_of(request, room=event.room_key)
    kind = request.POST.get("kind")
    if kind not in QuestionVote.Kind.values:
        return render(request, "400.html", {"reason": _("Like or report, nothing else.")}, status=400)
    if refused := acting_refused(
        request,
        voter,
        action="question-vote",
        rate=settings.QUESTION_VOTE_RATE,
        too_many=_("That was a lot of clicks. Please wait a minute."),
    ):
        messages.error(request, refused)
    else:
        question_services.question_vote(question=question, voter=voter, kind=kind)
        if kind == QuestionVote.Kind.REPORT:
            messages.success(request, _("Thank you. The moderators will look at it."))
    if request.htmx:
        return render(request, "events/ask.html#question-list", _ask_context(request, event, voter))
    return redirect("events:ask", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def question_queue(request, pk):
    """The moderators' queue: open or close questions, shortlist, put on the screen, mark answered (by whom), hide.
    It brings itself up to date every 2 seconds (static/js/queue.js asks for `?part=queue`), keeping a question
    whose "answered by" a moderator is typing."""
    polled = request.method == "GET" and request.GET.get("part") == "queue"
    if polled and (unchanged := not_modified(
        request, version_get(question_services.questions_key(pk)), request.user.pk, request.LANGUAGE_CODE
    )):  # fmt: skip
        return unchanged
    event = get_object_or_404(Event.objects.select_related("item__summit"), item_id=pk)
    if not permissions.can_run_event(request.user, event):
        raise PermissionDenied
    if request.method == "POST":
        return _question_queue_act(request, event)
    context = {"event": event, "item": event.item, "columns": selectors.questions_by_status(event=event)}
    if polled:
        version = version_start(question_services.questions_key(event.item_id))
        tag = etag(version, request.user.pk, request.LANGUAGE_CODE)
        return revalidate(render(request, "events/questions.html#queue", context), tag)
    return render(request, "events/questions.html", context)


def _question_queue_act(request, event: Event) -> HttpResponse:
    if "questions_open" in request.POST:
        question_services.event_questions_open(event=event, open=request.POST["questions_open"] == "1", by=request.user)
        return redirect("events:questions", pk=event.item_id)
    form = QuestionActionForm(request.POST)
    if not form.is_valid():
        reason = " ".join(error for errors in form.errors.values() for error in errors)
        return render(request, "400.html", {"reason": reason}, status=400)
    question = get_object_or_404(event.questions, pk=form.cleaned_data["question"])
    try:
        question_services.question_moderate(
            question=question, to=form.cleaned_data["to"], by=request.user,
            answered_by=form.cleaned_data["answered_by"],
        )  # fmt: skip
    except InvalidTransition:
        messages.error(request, _("Someone else moved this question meanwhile; here is where it is now."))
    return redirect("events:questions", pk=event.item_id)


@require_GET
def screen(request, pk):
    """The room's projector: how to join (the code and its QR), the question being answered and the shortlist. It
    refreshes a part of itself every 2 seconds; when the network drops, htmx keeps the last state on screen."""
    state = request.GET.get("part") == "state"
    if state and (unchanged := not_modified(request, _room_version(pk), request.LANGUAGE_CODE)):
        return unchanged
    event = _room_event(pk)
    room = room_ensure(key=event.room_key)
    context = {"event": event, "item": event.item, **selectors.screen_state(event=event)}
    if poll := room_selectors.poll_on_screen(room=room):
        context |= results_context(poll, "screen")
    if state:
        tag = etag(_room_version_start(event), request.LANGUAGE_CODE)
        return revalidate(render(request, "events/screen.html#screen-state", context), tag)
    context |= join_card(room)
    return render(request, "events/screen.html", context)
