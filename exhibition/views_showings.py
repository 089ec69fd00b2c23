"""A city's showing, on its own pages: the showing and its topics with their own discussion, its calendar, its
print-shop kit, the kiosk screen at the venue, paper comments typed in by its moderators, their invitations, and
the mayor's form (/me/showing/). The summit's own exhibition pages are in exhibition/views.py."""

from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods

from discussion.permissions import is_scope_moderator
from discussion.selectors import discussion_figures, paper_comments, thread_for_key
from discussion.services import comment_from_paper
from exhibition import offline, selectors
from exhibition.forms import PaperCommentForm, ShowingForm
from exhibition.hosting import showing_scope
from exhibition.models import ExhibitKind, Showing
from exhibition.permissions import can_run_showing
from exhibition.services import showings

# PDFs of a numbered edition never change. HTML pages carry the visitor's own header, so browsers may keep them
# but shared caches may not.
from exhibition.views import CURRENT, topic_context
from summit import selectors as summit_selectors
from summit.caching import cached_page
from summit.calendars import days_calendar
from summit.invitation_pages import invitation_page, invitation_problem_page
from summit.models import City
from summit.permissions import delegations
from summit.services import InvitationError
from summit.storage import file_response
from summit.viewers import reader_wrote


def _showing(city: str) -> Showing:
    showing = selectors.showing_for_city(city_slug=city)
    if showing is None:
        raise Http404(_("This city has no showing of the exhibition."))
    return showing


def _showing_reader(request, city) -> tuple:
    """What a showing's page shows a signed-in reader of their own: its editing link (for the city's mayor or deputy:
    their delegations) and the paper comments' link (for its moderators)."""
    user = request.user
    return sorted(delegations(user)), is_scope_moderator(user, f"showing:{city}")


@require_GET
@cache_control(**CURRENT)
@cached_page(seconds=30, signed_in=True, vary=_showing_reader)
def showing_detail(request, city):
    """A city's own showing: where and when, the topics it shows with its own discussion, and the poster kit."""
    showing = _showing(city)
    edition = selectors.showing_edition(showing=showing)
    topics = list(selectors.edition_exhibits(edition=edition).filter(kind=ExhibitKind.TOPIC)) if edition else []
    figures = discussion_figures(scope=showing_scope(showing))
    for exhibit in topics:
        exhibit.showing_comments = figures.get(exhibit.key, {}).get("comments", 0)
    now = timezone.now()
    state = showing.state_on(now.astimezone(showing.tzinfo).date())
    hours = [(name, showing.hours_on(day)) for day, name in WEEKDAYS.items()]
    context = {
        "showing": showing, "edition": edition, "topics": topics, "state": state, "hours": hours,
        "open_now": showing.is_open_at(now), "can_edit": can_run_showing(request.user, showing.city),
        "can_moderate": is_scope_moderator(request.user, showing_scope(showing)),
        "map_url": f"https://www.openstreetmap.org/search?query={quote(showing.address)}" if showing.address else "",
    }  # fmt: skip
    return render(request, "exhibition/showing.html", context)


@require_GET
def showing_calendar(request, city):
    """The showing as an all-day event from its opening to its closing day, for the visitor's calendar."""
    showing = _showing(city)
    hours = "; ".join(f"{name} {h[0]:%H:%M}-{h[1]:%H:%M}" for day, name in WEEKDAYS.items()
                      if (h := showing.hours_on(day)))  # fmt: skip
    ics = days_calendar(
        uid=f"showing-{showing.pk}", summary=showing.title, first_day=showing.starts_on, last_day=showing.ends_on,
        location=", ".join(filter(None, [showing.venue, showing.address])),
        description=_("Opening hours: %(hours)s") % {"hours": hours} if hours else "",
        url=settings.SITE_URL + showing.get_absolute_url(),
    )  # fmt: skip
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{showing.city.slug}-exhibition.ics"'
    return response


@require_GET
@cache_control(private=True, no_cache=True)
@cached_page(seconds=30, signed_in=True)
def showing_topic(request, city, slug):
    """A showing poster's QR code lands here: the exhibit, with the comments made at this showing."""
    showing = _showing(city)
    edition = selectors.showing_edition(showing=showing)
    if edition is None:
        return render(request, "exhibition/empty.html", status=404)
    return render(request, "exhibition/topic.html", topic_context(request, edition, slug, showing))


@require_GET
@cache_control(private=True, no_cache=True)
def showing_kit(request, city):
    """The showing's poster kit as a zip. Kits are built by a Celery worker (after every new edition, or on the
    first download after a change); until it is ready this answers 202 with the build's progress, which the page
    follows with htmx (`?progress=1` returns only that part) or the reader reloads."""
    showing = _showing(city)
    edition = selectors.showing_edition(showing=showing)
    if edition is None:
        return render(request, "exhibition/empty.html", status=404)
    ready = showings.showing_kit_is_ready(showing=showing, edition=edition)
    if ready and not request.GET.get("progress"):
        return file_response(
            showing.kit,
            as_attachment=True,
            content_type="application/zip",
            filename=f"poster-kit-{showing.city.slug}-edition-{edition.number}.zip",
        )
    if not ready:
        showing = showings.showing_kit_start(showing=showing)
    context = {
        "showing": showing,
        "edition": edition,
        "ready": ready,
        "posters": selectors.edition_exhibits(edition=edition)
        .filter(kind__in=[ExhibitKind.TOPIC, ExhibitKind.DECLARATION])
        .count(),
    }
    template = "exhibition/_kit_progress.html" if request.GET.get("progress") else "exhibition/kit_preparing.html"
    return render(request, template, context, status=200 if ready else 202)


def _showing_city(request) -> City:
    """The city whose showing the signed-in mayor or deputy runs (`?city=` when they speak for several), or 404."""
    cities = [
        city for city in summit_selectors.cities_of_delegate(user=request.user) if can_run_showing(request.user, city)
    ]
    wanted = request.GET.get("city")
    city = next((city for city in cities if city.slug == wanted), None) if wanted else (cities[0] if cities else None)
    if city is None:
        raise Http404("Only the city's mayor or deputy mayor sets up its showing.")
    return city


@login_required
@require_http_methods(["GET", "POST"])
def me_showing(request):
    """My city → the showing: its mayor or deputy creates and edits it without writing to the organisers."""
    city = _showing_city(request)
    showing = Showing.objects.filter(city=city).first() or Showing(city=city, time_zone=settings.TIME_ZONE)
    form = ShowingForm(request.POST or None, instance=showing, city=city)
    if request.method == "POST" and form.is_valid():
        showing = showings.showing_save(
            showing=form.save(commit=False), by=request.user, moderators=list(form.cleaned_data["moderators"]),
            invite=form.cleaned_data["invite"],
        )  # fmt: skip
        messages.success(request, _("The showing is saved. This is its public page."))
        return redirect(showing.get_absolute_url())
    pending = showing.invitations.filter(accepted_at=None, expires_at__gt=timezone.now()) if showing.pk else []
    context = {"form": form, "city": city, "showing": showing, "pending": pending}
    return render(request, "exhibition/me_showing.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def moderator_invitation(request, key):
    """Open a showing's moderator invitation: the same steps as a delegate's (summit.views.invitation_page)."""
    try:
        invitation = showings.moderator_invitation_check(key=key)
    except InvitationError as error:
        return invitation_problem_page(request, error)
    lead = _("You are invited to moderate “%(title)s”, the exhibition shown in %(city)s.") % {
        "title": invitation.showing.title, "city": invitation.showing.city.name}  # fmt: skip
    return invitation_page(
        request, email=invitation.email, lead=lead, landing=invitation.showing.get_absolute_url(),
        accept=lambda user: showings.moderator_invitation_accept(key=key, user=user),
        signup=lambda name, password: showings.moderator_signup(key=key, name=name, password=password),
    )  # fmt: skip


def _moderated_showing(request, city: str) -> Showing:
    """The showing, for one of its moderators; anyone else gets 404."""
    showing = _showing(city)
    if not is_scope_moderator(request.user, showing_scope(showing)):
        raise Http404("Only this showing's moderators type in paper comments.")
    return showing


@login_required
@require_http_methods(["GET", "POST"])
def showing_paper(request, city):
    """A moderator types in a comment a visitor left on paper at the venue; it is published at once."""
    showing = _moderated_showing(request, city)
    edition = selectors.showing_edition(showing=showing)
    exhibits = selectors.edition_exhibits(edition=edition).filter(kind=ExhibitKind.TOPIC) if edition else []
    today = timezone.now().astimezone(showing.tzinfo).date()
    form = PaperCommentForm(request.POST or None, request.FILES or None, today=today,
                            topics=[(exhibit.key, exhibit.display_title) for exhibit in exhibits])  # fmt: skip
    if request.method == "POST" and form.is_valid():
        comment = comment_from_paper(
            thread=thread_for_key(key=form.cleaned_data["topic"]), scope=showing_scope(showing), by=request.user,
            body=form.cleaned_data["body"], first_name=form.cleaned_data["first_name"],
            written_on=form.cleaned_data["written_on"], place=showing.city.name, photo=form.cleaned_data["photo"],
        )  # fmt: skip
        reader_wrote(request, comment.get_absolute_url())  # others see it within a page's seconds
        messages.success(request, _("The comment is published. Type in the next one, or see it on its page."))
        return redirect(f"{request.path}?added={comment.pk}")
    context = {
        "showing": showing, "form": form,
        "recent": paper_comments(scope=showing_scope(showing))[:20],
        "added": request.GET.get("added"),
    }  # fmt: skip
    return render(request, "exhibition/paper_comments.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
@cache_control(private=True, no_store=True)
def showing_paper_photo(request, city, pk):
    """The photo of a paper comment's card, for the showing's moderators only."""
    showing = _moderated_showing(request, city)
    comment = get_object_or_404(paper_comments(scope=showing_scope(showing)).exclude(paper_photo=""), pk=pk)
    return file_response(comment.paper_photo)


@require_GET
@cache_control(private=True, no_cache=True)
def showing_screen(request, city):
    """Kiosk mode for a screen at the venue: the showing's topics one after another in its language, each with the
    QR code to comment, and the showing's newest comments. `?seconds=` sets the pace (3 to 120, default 20)."""
    showing = _showing(city)
    edition = selectors.showing_edition(showing=showing)
    exhibits = list(selectors.edition_exhibits(edition=edition).filter(kind=ExhibitKind.TOPIC)) if edition else []
    try:
        seconds = min(max(int(request.GET.get("seconds", offline.SLIDE_SECONDS)), 3), 120)
    except ValueError:
        seconds = offline.SLIDE_SECONDS
    urls = showings.showing_topic_urls(showing=showing, exhibits=exhibits)
    with translation.override(showing.language):
        context = {
            "showing": showing, "slides": offline.screen_slides(exhibits=exhibits, urls=urls),
            "comments": offline.screen_comments(scope=showing_scope(showing), exhibits=exhibits), "seconds": seconds,
            "stylesheets": [static("css/screen.css"), reverse("topic_styles")], "js": static("js/screen.js"),
            "comments_url": reverse("exhibition:showing_screen_comments", kwargs={"city": showing.city.slug}),
        }  # fmt: skip
        return render(request, "exhibition/screen.html", context)


@require_GET
@cache_control(public=True, max_age=30)
def showing_screen_comments(request, city):
    """The screen's newest comments, as JSON, for its script to refresh every minute."""
    showing = _showing(city)
    edition = selectors.showing_edition(showing=showing)
    exhibits = list(selectors.edition_exhibits(edition=edition).filter(kind=ExhibitKind.TOPIC)) if edition else []
    with translation.override(showing.language):
        return JsonResponse({"comments": offline.screen_comments(scope=showing_scope(showing), exhibits=exhibits)})
