"""Weighing the summit's statements: one at a time, Agree / Disagree / Pass, on a phone from a poster's QR code or
on a venue's kiosk (`?kiosk=1`: big buttons, a fresh start after 60 s without a touch); and the opinion groups.

A visitor without an account votes with a pass for the showing's own "room" (rooms.passes), issued by the server
on their first vote and limited per address (ROOM_JOIN_RATE); an account votes as itself. Votes count per person
within VOTE_RATE, and per address within the rooms' ceiling, which a venue behind one address does not reach.
"""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from discussion import hosts
from opinions import selectors, services
from opinions.models import Choice, Statement
from rooms.passes import Voter, acting_refused, pass_cookie_set, voter_of
from summit.caching import cached_page
from summit.models import Topic
from summit.ratelimit import address_key, rate_count

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
    statement, answered, total = selectors.statement_next(topic_slug=slug, voter=voter.key if voter else None)
    context = {"topic": topic, "scope": scope, "showing": showing, "city": city, "statement": statement,
               "answered": answered, "total": total, "kiosk": kiosk, "idle_seconds": KIOSK_IDLE_SECONDS,
               "results": selectors.statement_results(topic_slug=slug, scope=scope), "choices": Choice}  # fmt: skip
    return render(request, "opinions/statements.html", context)


def _vote(request, slug: str, scope: str, voter: Voter | None, kiosk: bool):
    number = request.POST.get("statement", "")
    statement = get_object_or_404(
        Statement.objects.only("pk"), pk=int(number) if number.isdigit() else 0, status="shown", topic__slug=slug
    )
    try:
        choice = Choice(int(request.POST.get("choice", "")))
    except ValueError:
        return render(request, "400.html", {"reason": _("Agree, disagree or pass: nothing else.")}, status=400)
    response = redirect(request.get_full_path())
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
    services.vote_cast(statement=statement, voter=voter.key, user=user, scope=scope, choice=choice)
    if not kiosk:
        messages.success(request, _("Thank you: your vote counts. Here is the next statement."))
    return response


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
