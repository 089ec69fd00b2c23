"""Weighing the summit's statements: one at a time, Agree / Disagree / Pass, on a phone from a poster's QR code or
on a venue's kiosk (`?kiosk=1`: big buttons, a fresh start after 60 s without a touch); and the opinion groups.

A visitor without an account votes with a pass for the showing's own "room" (rooms.passes), issued by the server
on their first vote and limited per address (ROOM_JOIN_RATE); an account votes as itself. Votes count per person
within VOTE_RATE, and per address within the rooms' ceiling, which a venue behind one address does not reach.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from discussion import hosts
from discussion.permissions import is_scope_moderator
from opinions import selectors, services
from opinions.forms import PaperTallyForm, ProposalForm
from opinions.models import Choice
from rooms.passes import Voter, acting_refused, pass_cookie_set, voter_of
from summit.caching import cached_page
from summit.models import Topic
from summit.ratelimit import address_key, rate_count, rate_limit_hit

KIOSK_IDLE_SECONDS = 60


def _scope(city: str | None) -> tuple[str, str | None]:
    """The scope of a page ("" or "showing:<city>") and the showing's title; a 404 for a showing that is not."""
    if city is None:
        return "", None
    scope = f"showing:{city}"
    title = hosts.scope_title(scope)
    if title is None:
        raise Http404(_("There is no showing in this city."))
    return scope, title


def _pass_room(scope: str) -> str:
    return f"opinions-{scope.replace(':', '-') or 'summit'}"


def _voter(request, scope: str) -> Voter | None:
    if request.user.is_authenticated:
        return Voter(key=f"user:{request.user.pk}", since=request.user.date_joined, account=True)
    return voter_of(request, room=_pass_room(scope))


@require_http_methods(["GET", "POST"])
def statements(request, slug, city=None):
    """The next statement of the topic this person has not answered, and how the others answered those before. A
    vote (POST) reads only the statement and writes one row: a venue's kiosks and phones send many."""
    scope, showing = _scope(city)
    kiosk = request.GET.get("kiosk") == "1"
    voter = _voter(request, scope)
    if request.method == "POST":
        return _vote(request, slug, scope, voter, kiosk)
    topic = get_object_or_404(Topic, slug=slug)
    if kiosk and request.GET.get("next") == "person" and not request.user.is_authenticated:
        response = redirect(request.path + "?kiosk=1")
        response.delete_cookie(f"room-{_pass_room(scope)}")  # the next person at the kiosk starts afresh
        return response
    return _statements_page(request, topic, scope, showing, city, voter=voter, kiosk=kiosk)


def _statements_page(request, topic, scope, showing, city, *, voter=None, kiosk=False, proposal=None, status=200):
    statement, answered, total = selectors.statement_next(topic_slug=topic.slug, voter=voter.key if voter else None)
    signed_in = request.user.is_authenticated
    context = {"topic": topic, "scope": scope, "showing": showing, "city": city, "statement": statement,
               "answered": answered, "total": total, "kiosk": kiosk, "idle_seconds": KIOSK_IDLE_SECONDS,
               "results": selectors.statement_results(topic_slug=topic.slug, scope=scope), "choices": Choice,
               "proposal": proposal or ProposalForm(),
               "proposed": selectors.statements_proposed_by(user=request.user, topic_slug=topic.slug) if signed_in
               else [],
               "can_tally": is_scope_moderator(request.user, scope)}  # fmt: skip
    return render(request, "opinions/statements.html", context, status=status)


def _vote(request, slug: str, scope: str, voter: Voter | None, kiosk: bool):
    number = request.POST.get("statement", "")
    try:
        choice = Choice(int(request.POST.get("choice", "")))
    except ValueError:
        return render(request, "400.html", {"reason": _("Agree, disagree or pass: nothing else.")}, status=400)
    response = HttpResponseRedirect(request.get_full_path())  # a path: no need for redirect()'s reverse()
    if voter is None:
        if rate_count(f"room-join:{address_key(request)}", settings.ROOM_JOIN_RATE):
            return render(request, "429.html", status=429)
        voter = pass_cookie_set(response, room=_pass_room(scope))
    refused = acting_refused(request, voter, action="opinion-vote", rate=settings.VOTE_RATE,
                             too_many=_("That was a lot of votes. Please wait a minute."))  # fmt: skip
    if refused:
        messages.error(request, refused)
        return response
    user = request.user if request.user.is_authenticated else None
    statement_id = int(number) if number.isdigit() and len(number) < 10 else 0
    if not services.vote_cast(statement_id=statement_id, topic_slug=slug, voter=voter.key, user=user, scope=scope,
                              choice=choice):  # fmt: skip
        raise Http404(_("This topic shows no such statement."))
    if not kiosk:
        messages.success(request, _("Thank you: your vote counts. Here is the next statement."))
    return response


@login_required
@require_POST
def propose(request, slug, city=None):
    """A signed-in visitor proposes a statement; it waits for the organisers, like a comment for its moderators."""
    scope, showing = _scope(city)
    topic = get_object_or_404(Topic, slug=slug)
    form = ProposalForm(request.POST)
    if form.is_valid():
        if rate_limit_hit(request, "statement-propose", settings.COMMENT_RATE):
            return render(request, "429.html", status=429)
        try:
            services.statement_propose(topic=topic, text=form.cleaned_data["text"], user=request.user)
        except services.StatementTaken:
            form.add_error("text", _("This topic already has a statement with these words."))
        else:
            messages.success(request, _("Thank you. The organisers read your statement before others can weigh it."))
            return redirect(request.path.removesuffix("propose/"))
    return _statements_page(request, topic, scope, showing, city, voter=_voter(request, scope), proposal=form,
                            status=400)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def paper(request, city, slug):
    """A showing's moderators type in what its voting wall shows for a topic's statements: the dots as they stand,
    replacing what was typed before."""
    scope, showing = _scope(city)
    if not is_scope_moderator(request.user, scope):
        raise Http404(_("Only this showing's moderators type in its voting wall."))
    topic = get_object_or_404(Topic, slug=slug)
    current = selectors.paper_tallies(topic_slug=slug, scope=scope)
    statements = list(selectors.statements_shown(topic_slug=slug))
    form = PaperTallyForm(request.POST or None, statements=statements, current=current)
    if request.method == "POST" and form.is_valid():
        count = services.paper_tallies_save(scope=scope, tallies=form.tallies(), user=request.user)
        saved = ngettext("The wall's counts are saved: %(count)s statement carries paper votes.",
                         "The wall's counts are saved: %(count)s statements carry paper votes.", count)  # fmt: skip
        messages.success(request, saved % {"count": count})
        return redirect(request.path)
    last = max(current.values(), key=lambda tally: tally["updated_at"], default=None)
    context = {"topic": topic, "topics": Topic.objects.order_by("order"), "showing": showing, "city": city,
               "form": form, "last": last}  # fmt: skip
    return render(request, "opinions/paper.html", context, status=400 if form.errors else 200)


@require_GET
@cached_page(seconds=30, signed_in=True)
def opinions(request):
    """The opinion groups across all showings, the groups of each showing, and the cities compared statement by
    statement."""
    scopes = selectors.scopes_computed()
    cities = [{"scope": scope, "title": hosts.scope_title(scope), "map": selectors.opinion_map(scope=scope)}
              for scope in scopes if hosts.scope_title(scope)]  # fmt: skip
    context = {"overall": selectors.opinion_map(scope=""), "cities": cities,
               "comparison": selectors.city_comparison(scopes=[city["scope"] for city in cities])}  # fmt: skip
    return render(request, "opinions/opinions.html", context)
