"""The site layer's hub pages: they combine the apps (programme, practices, exhibition, discussion) on one page.

The core (the rest of summit/) imports no app; these pages stand above every app and may import them all.
"""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from declarations import selectors as declaration_selectors
from delegations import selectors as delegation_selectors
from discussion import hosts
from discussion import selectors as discussion_selectors
from events import permissions as event_permissions
from events import selectors as event_selectors
from events.forms import GuestSignUpForm
from events.services import sign_ups as event_sign_ups
from exhibition import selectors as exhibition_selectors
from exhibition.permissions import can_run_showing
from hubs import following
from opinions import selectors as opinion_selectors
from summit import permissions, selectors
from summit.caching import cached_page
from summit.models import ProgrammeKind
from workshops import selectors as workshop_selectors

# Hub pages show the newest approved practices and link to the filtered list for the rest.
PRACTICES_ON_HUB = 12


@require_GET
@cached_page(seconds=30)
def programme_item(request, pk):
    """One programme item: when and where, what it is about, and its sign-up (places left, the waiting list, the
    visitor's own registration)."""
    summit = selectors.summit_current_or_404()
    item = get_object_or_404(
        selectors.programme_items(
            summit=summit, include_delegates_only=permissions.can_see_delegates_only(request.user)
        ),
        pk=pk,
    )
    event = event_selectors.event_of_item(item=item)
    can_follow = permissions.can_see_delegates_only(request.user)  # a delegate's agenda
    followed = can_follow and item.pk in delegation_selectors.agenda_items_followed(user=request.user)
    context = {"summit": summit, "item": item, "event": event, "can_follow": can_follow, "followed": followed}
    if event is not None:
        try:
            event_sign_ups.sign_up_check(event)
            closed = ""
        except event_sign_ups.SignUpClosed as reason:
            closed = str(reason)
        context |= {
            "closed": closed,
            "places_left": max(event.capacity - event.taken, 0),
            "registration": event_selectors.registration_of(event=event, user=request.user),
            "guest_form": GuestSignUpForm(),
            "can_run": event_permissions.can_run_event(request.user, event),
        }
    return render(request, "hubs/programme_item.html", context)


@require_GET
@cached_page(seconds=30)
def press(request):
    """The press room: press meetings, releases (embargoed ones for accredited journalists), the current edition's
    posters and catalogue, photos with credits and licences, and whom to call."""
    summit = selectors.summit_current_or_404()
    edition = exhibition_selectors.edition_current()
    context = {
        "summit": summit,
        "meetings": selectors.programme_items(summit=summit, kind=ProgrammeKind.PRESS_MEETING),
        "releases": event_selectors.press_releases(user=request.user),
        "accredited": event_selectors.is_accredited(request.user),
        "edition": edition,
        "posters": exhibition_selectors.edition_posters(edition=edition) if edition else [],
        "photos": event_selectors.press_photos(),
        "contacts": event_selectors.press_contacts(),
    }
    return render(request, "hubs/press.html", context)


@require_GET
@cached_page(seconds=30, signed_in=True)
def home(request):
    summit = selectors.summit_current()
    if summit is None:
        return render(request, "hubs/home_empty.html")
    today = timezone.now().astimezone(summit.tzinfo).date()
    today_items = selectors.programme_on_day(
        summit=summit, day=today, include_delegates_only=permissions.can_see_delegates_only(request.user)
    )
    return render(
        request,
        "hubs/home.html",
        {
            "summit": summit,
            "today": today,
            "today_items": today_items,
            "topics": selectors.topics_all(),
            "cities": selectors.cities_all(),
            "edition": exhibition_selectors.edition_current(),
        },
    )


@require_GET
@cached_page(seconds=30, signed_in=True)
def topic_detail(request, slug):
    summit = selectors.summit_current_or_404()
    topic = get_object_or_404(selectors.topics_all(), slug=slug)
    items = selectors.programme_items(
        summit=summit, topic=topic, include_delegates_only=permissions.can_see_delegates_only(request.user)
    )
    practices = workshop_selectors.practices_public(topic=topic)[:PRACTICES_ON_HUB]
    return render(
        request,
        "hubs/topic_detail.html",
        {
            "summit": summit,
            "topic": topic,
            "items": items,
            "practices": practices,
            "exhibit": exhibition_selectors.exhibit_current(key=f"topic:{topic.slug}"),
            "pledges": declaration_selectors.pledges_of(topic=topic),
        },
    )


@require_GET
@cached_page(seconds=30, signed_in=True)
def city_detail(request, slug):
    city = get_object_or_404(selectors.city_with_delegates(slug=slug))
    practices = workshop_selectors.practices_public(city=city)[:PRACTICES_ON_HUB]
    context = {
        "city": city,
        "practices": practices,
        "showing": exhibition_selectors.showing_for_city(city_slug=city.slug),
        "signatures": declaration_selectors.signatures_of_city(city=city),
        "pledges": declaration_selectors.pledges_of(city=city),
    }
    return render(request, "hubs/city_detail.html", context)


@login_required
@require_GET
@cached_page(seconds=30, signed_in=True, vary=lambda request: sorted(permissions.delegations(request.user)))
def me(request):
    """A delegate's dashboard: their city's practices in every status, their showing, and the open questions."""
    cities = selectors.cities_of_delegate(user=request.user)
    if not cities:
        return render(request, "hubs/me_not_delegate.html", status=403)
    showings = exhibition_selectors.showings_of_cities(cities=cities)
    questions = list(discussion_selectors.comments_awaiting_answer(user=request.user)[:20])
    titles = {scope: hosts.scope_title(scope) for scope in {question.scope for question in questions}}
    city_opinions = [
        {"city": city, "scope": (scope := f"showing:{city.slug}"), "map": opinion_selectors.opinion_map(scope=scope),
         "results": opinion_selectors.city_results(scope=scope)}
        for city in cities
        if showings.get(city.pk)
    ]  # fmt: skip
    return render(
        request,
        "hubs/me.html",
        {
            "cities": cities,
            "city_showings": [(city, showings.get(city.pk), can_run_showing(request.user, city)) for city in cities],
            "practices": workshop_selectors.practices_for_editor(user=request.user),
            "questions": [(question, titles[question.scope]) for question in questions],
            "city_opinions": city_opinions,
        },
    )


@login_required
@require_GET
def my_data(request):
    """What we hold about the signed-in person: download it, or delete the account."""
    if request.GET.get("download"):
        comments = discussion_selectors.comments_by_author(user=request.user)
        titles = {scope: hosts.scope_title(scope) for scope in comments.values_list("scope", flat=True).distinct()}
        payload = {
            "account": {"email": request.user.email, "name": request.user.name, "joined": request.user.date_joined},
            "comments": [
                {
                    "thread__title": comment.thread.title,
                    "showing__title": titles[comment.scope],
                    "body": comment.body,
                    "status": comment.status,
                    "is_official": comment.is_official,
                    "created_at": comment.created_at,
                    "edited_at": comment.edited_at,
                }
                for comment in comments
            ],
            "following": [
                {"followed": follow["label"], "key": follow["key"], "since": follow["since"]}
                for follow in following.follows_of(user=request.user)
            ],
        }
        response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False, "indent": 2})
        response["Content-Disposition"] = 'attachment; filename="my-living-together-data.json"'
        return response
    return render(request, "hubs/my_data.html")
