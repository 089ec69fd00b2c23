"""The public exhibition. Numbered editions never change, so their pages and PDFs are cached for long."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from exhibition import discussion, selectors, services
from exhibition.charts import bar_chart
from exhibition.forms import CommentEditForm, CommentForm, FlagForm, ReactionForm
from exhibition.models import Comment, CommentStatus, Edition, ExhibitKind, ReactionKind, Showing, Thread
from summit.caching import anonymous_page_cache
from summit.ratelimit import rate_limit_hit
from summit.text import localised
from workshops.models import OutcomeKind

# PDFs of a numbered edition never change. HTML pages carry the visitor's own header, so browsers may keep them
# but shared caches may not.
IMMUTABLE = {"public": True, "max_age": 60 * 60 * 24 * 30, "immutable": True}
EDITION_PAGE = {"private": True, "max_age": 60 * 60}
CURRENT = {"private": True, "max_age": 60}


def _edition_context(edition: Edition) -> dict:
    exhibits = list(
        selectors.edition_exhibits(edition=edition).filter(kind__in=[ExhibitKind.OVERVIEW, ExhibitKind.TOPIC])
    )
    overview = next((exhibit for exhibit in exhibits if exhibit.kind == ExhibitKind.OVERVIEW), None)
    topics = [exhibit for exhibit in exhibits if exhibit.kind == ExhibitKind.TOPIC]
    rows = [(localised(t, "name"), t["outcomes"], t["colour"]) for t in overview.payload["topics"]] if overview else []
    chart = bar_chart(rows)
    return {"edition": edition, "overview": overview, "topics": topics, "chart": chart}


@require_GET
@cache_control(**CURRENT)
def exhibition_home(request):
    edition = selectors.edition_current()
    if edition is None:
        return render(request, "exhibition/empty.html")
    context = {**_edition_context(edition), "is_current_page": True, "showings": selectors.showings_public()}
    return render(request, "exhibition/edition.html", context)


def _topic_context(request, edition: Edition, slug: str, showing: Showing | None = None) -> dict:
    exhibit = get_object_or_404(edition.exhibits, key=f"topic:{slug}")
    votes = bar_chart(
        [(o["text"][:40], o["votes"], exhibit.payload["topic"]["colour"]) for o in exhibit.payload["top_outcomes"]]
    )
    context = {"edition": edition, "exhibit": exhibit, "chart": votes, "showing": showing}
    context.update(discussion_context(request, selectors.thread_for_key(key=exhibit.key), showing=showing))
    return context


@require_GET
@cache_control(private=True, no_cache=True)
@anonymous_page_cache(seconds=30)
def topic_exhibit(request, slug):
    """The poster's QR code lands here: the current edition's exhibit for the topic, whatever the edition."""
    edition = selectors.edition_current()
    if edition is None:
        return render(request, "exhibition/empty.html", status=404)
    return render(request, "exhibition/topic.html", _topic_context(request, edition, slug))


@require_GET
@cache_control(private=True, no_cache=True)
@anonymous_page_cache(seconds=30)
def workshop_exhibit(request, pk):
    """One workshop's outcomes in the current edition, grouped by kind, with their own discussion."""
    edition = selectors.edition_current()
    if edition is None:
        return render(request, "exhibition/empty.html", status=404)
    exhibit = get_object_or_404(edition.exhibits, key=f"workshop:{pk}")
    sections = [(OutcomeKind(kind).label, outcomes) for kind, outcomes in exhibit.payload["outcomes"].items()]
    context = {"edition": edition, "exhibit": exhibit, "sections": sections}
    context.update(discussion_context(request, selectors.thread_for_key(key=exhibit.key)))
    return render(request, "exhibition/workshop.html", context)


@require_GET
def edition_list(request):
    page = Paginator(selectors.editions_public(), 20).get_page(request.GET.get("page"))
    return render(request, "exhibition/edition_list.html", {"page": page})


def _public_edition(number: int) -> Edition:
    return get_object_or_404(selectors.editions_public(), number=number)


@require_GET
@cache_control(**EDITION_PAGE)
def edition_detail(request, number):
    return render(request, "exhibition/edition.html", _edition_context(_public_edition(number)))


@require_GET
@cache_control(**IMMUTABLE)
def catalogue_pdf(request, number):
    edition = _public_edition(number)
    if not edition.catalogue:
        raise Http404(_("This edition has no catalogue."))
    return FileResponse(edition.catalogue.open("rb"), content_type="application/pdf",
                        filename=f"catalogue-edition-{number}.pdf")  # fmt: skip


@require_GET
@cache_control(**IMMUTABLE)
def poster_pdf(request, number, slug):
    exhibit = get_object_or_404(_public_edition(number).exhibits, key=f"topic:{slug}")
    if not exhibit.poster:
        raise Http404(_("This exhibit has no poster."))
    return FileResponse(exhibit.poster.open("rb"), content_type="application/pdf",
                        filename=f"poster-edition-{number}-{slug}.pdf")  # fmt: skip


class EditionFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("Living Together Summit: exhibition editions")
    subtitle = gettext_lazy("A new edition of the exhibition, compiled from the summit's workshops and practices.")

    def link(self):
        return reverse("exhibition_home")

    def items(self):
        return selectors.editions_public()[:20]

    def item_title(self, item):
        return _("Edition %(number)s") % {"number": item.number}

    def item_description(self, item):
        return _("Published %(date)s: %(count)s exhibits.") % {
            "date": item.published_at.date().isoformat() if item.published_at else "",
            "count": item.exhibits_total,
        }

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at


class CommentFeed(Feed):
    """The newest published comments of one discussion: the summit's, or with `city` that city's showing's."""

    feed_type = Atom1Feed

    def get_object(self, request, pk, city=None):
        thread = get_object_or_404(Thread, pk=pk)
        showing = _showing(city) if city is not None else None
        if showing is not None and not thread.key.startswith("topic:"):
            raise Http404(_("A showing discusses its topic exhibits only."))
        return thread, showing

    def title(self, obj):
        thread, showing = obj
        if showing is not None:
            return _("Discussion: %(title)s (%(showing)s)") % {"title": thread.title, "showing": showing.title}
        return _("Discussion: %(title)s") % {"title": thread.title}

    def link(self, obj):
        thread, showing = obj
        return thread.page_url(showing)

    def items(self, obj):
        thread, showing = obj
        return selectors.thread_feed_comments(thread=thread, showing=showing)[:FEED_COMMENTS]

    def item_title(self, item):
        if item.is_official:
            return _("Official answer — %(label)s") % {"label": item.official_label}
        return _("%(name)s on %(title)s") % {"name": item.display_name, "title": item.thread.title}

    def item_description(self, item):
        return item.body_html  # cleaned by nh3 when saved; the feed escapes it once more as XML text

    def item_link(self, item):
        return item.get_absolute_url()

    def item_author_name(self, item):
        return str(item.display_name)

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.edited_at or item.created_at


FEED_COMMENTS = 50
COMMENTS_PER_PAGE = 20


def discussion_context(request, thread: Thread | None, showing: Showing | None = None) -> dict:
    """The thread's comments (the summit's, or a showing's own) with the forms that write to them."""
    if thread is None:
        return {"thread": None}
    sort = "liked" if request.GET.get("sort") == "liked" else "newest"
    page = Paginator(selectors.thread_comments(thread=thread, sort=sort, showing=showing), COMMENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    if showing is None:
        post_url = reverse("comment_create", kwargs={"pk": thread.pk})
        feed_url = reverse("thread_feed", kwargs={"pk": thread.pk})
    else:
        post_url = reverse("showing_comment_create", kwargs={"city": showing.city.slug, "pk": thread.pk})
        feed_url = reverse("showing_thread_feed", kwargs={"city": showing.city.slug, "pk": thread.pk})
    return {
        "thread": thread,
        "post_url": post_url,
        "feed_url": feed_url,
        "comments": page,
        "sort": sort,
        "comment_form": CommentForm(guest=not request.user.is_authenticated),
        "reaction_kinds": ReactionKind.choices,
        "edit_since": timezone.now() - datetime.timedelta(minutes=settings.COMMENT_EDIT_MINUTES),
    }


def _too_many(request):
    return render(request, "429.html", status=429)


@csrf_exempt  # guests post from the cached page, which has no token; signed-in posts are checked below
@require_POST
def comment_create(request, pk, city=None):
    """A comment or reply on a thread: the summit's discussion, or with `city` that city's showing's."""
    if request.user.is_authenticated:
        return _comment_create_signed_in(request, pk, city)
    return _comment_create(request, pk, city)


def _comment_create(request, pk, city=None):
    thread = get_object_or_404(Thread, pk=pk)
    showing = None
    if city is not None:
        showing = selectors.showing_for_city(city_slug=city)
        if showing is None:
            raise Http404(_("This city has no showing of the exhibition."))
    page_url = thread.page_url(showing)
    if rate_limit_hit(request, "comment", settings.COMMENT_RATE):
        return _too_many(request)
    form = CommentForm(request.POST, guest=not request.user.is_authenticated)
    if form.is_valid():
        parent = None
        if form.cleaned_data["parent"]:
            parent = get_object_or_404(thread.comments, pk=form.cleaned_data["parent"])
        try:
            comment = discussion.comment_post(
                thread=thread,
                user=request.user,
                body=form.cleaned_data["body"],
                guest_name=form.cleaned_data.get("guest_name", ""),
                parent=parent,
                showing=showing,
            )
        except PermissionDenied as error:
            messages.error(request, str(error))
            return redirect(f"{page_url}#discussion")
        if comment.status == CommentStatus.PENDING:
            messages.info(request, _("Thank you. Your comment will appear once a moderator has read it."))
        else:
            messages.success(request, _("Your comment is published."))
        return redirect(f"{page_url}#comment-{comment.pk}")
    messages.error(
        request,
        _("Your comment could not be posted: %(errors)s")
        % {"errors": " ".join(str(error) for errors in form.errors.values() for error in errors)},
    )
    return redirect(f"{page_url}#discussion")


_comment_create_signed_in = csrf_protect(_comment_create)


@login_required
@require_POST
def comment_react(request, pk):
    comment = get_object_or_404(
        Comment.objects.select_related("thread", "showing__city"), pk=pk, status=CommentStatus.PUBLISHED
    )
    if rate_limit_hit(request, "reaction", settings.REACTION_RATE):
        return _too_many(request)
    form = ReactionForm(request.POST)
    if form.is_valid():
        discussion.reaction_toggle(comment=comment, user=request.user, kind=form.cleaned_data["kind"])
    return redirect(comment.get_absolute_url())


@login_required
@require_POST
def comment_flag(request, pk):
    comment = get_object_or_404(
        Comment.objects.select_related("thread", "showing__city"), pk=pk, status=CommentStatus.PUBLISHED
    )
    if rate_limit_hit(request, "flag", settings.REACTION_RATE):
        return _too_many(request)
    form = FlagForm(request.POST)
    if form.is_valid():
        discussion.comment_flag(comment=comment, user=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Thank you. A moderator will look at this comment."))
    else:
        messages.error(request, _("Please say why a moderator should look at this comment."))
    return redirect(f"{comment.thread.page_url(comment.showing)}#discussion")


def _own_comment(request, pk) -> Comment:
    """The user's own comment, or 404: nobody learns anything about other people's comments here."""
    return get_object_or_404(Comment.objects.select_related("thread", "showing__city"), pk=pk, author=request.user)


@login_required
@require_http_methods(["GET", "POST"])
def comment_edit(request, pk):
    comment = _own_comment(request, pk)
    if not discussion.can_edit_comment(request.user, comment):
        messages.error(
            request,
            _("Comments can be changed for %(minutes)s minutes after posting.")
            % {"minutes": settings.COMMENT_EDIT_MINUTES},
        )
        return redirect(comment.get_absolute_url())
    form = CommentEditForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        discussion.comment_edit(comment=comment, by=request.user, body=form.cleaned_data["body"])
        messages.success(request, _("Your comment has been changed."))
        return redirect(comment.get_absolute_url())
    return render(request, "exhibition/comment_edit.html", {"comment": comment, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def comment_delete(request, pk):
    comment = _own_comment(request, pk)
    if request.method == "POST":
        discussion.comment_delete(comment=comment, by=request.user)
        messages.success(request, _("Your comment has been deleted."))
        return redirect(f"{comment.thread.page_url(comment.showing)}#discussion")
    return render(request, "exhibition/comment_delete.html", {"comment": comment})


def _showing(city: str) -> Showing:
    showing = selectors.showing_for_city(city_slug=city)
    if showing is None:
        raise Http404(_("This city has no showing of the exhibition."))
    return showing


@require_GET
@cache_control(**CURRENT)
def showing_detail(request, city):
    """A city's own showing: where and when, the topics it shows with its own discussion, and the poster kit."""
    showing = _showing(city)
    edition = selectors.showing_edition(showing=showing)
    topics = list(selectors.edition_exhibits(edition=edition).filter(kind=ExhibitKind.TOPIC)) if edition else []
    figures = selectors.discussion_figures(showing=showing)
    for exhibit in topics:
        exhibit.showing_comments = figures.get(exhibit.key, {}).get("comments", 0)
    state = showing.state_on(timezone.localdate())
    context = {"showing": showing, "edition": edition, "topics": topics, "state": state}
    return render(request, "exhibition/showing.html", context)


@require_GET
@cache_control(private=True, no_cache=True)
@anonymous_page_cache(seconds=30)
def showing_topic(request, city, slug):
    """A showing poster's QR code lands here: the exhibit, with the comments made at this showing."""
    showing = _showing(city)
    edition = selectors.showing_edition(showing=showing)
    if edition is None:
        return render(request, "exhibition/empty.html", status=404)
    return render(request, "exhibition/topic.html", _topic_context(request, edition, slug, showing))


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
    ready = services.showing_kit_is_ready(showing=showing, edition=edition)
    if ready and not request.GET.get("progress"):
        return FileResponse(
            showing.kit.open("rb"),
            as_attachment=True,
            content_type="application/zip",
            filename=f"poster-kit-{showing.city.slug}-edition-{edition.number}.zip",
        )
    if not ready:
        showing = services.showing_kit_start(showing=showing)
    context = {
        "showing": showing,
        "edition": edition,
        "ready": ready,
        "posters": selectors.edition_exhibits(edition=edition).filter(kind=ExhibitKind.TOPIC).count(),
    }
    template = "exhibition/_kit_progress.html" if request.GET.get("progress") else "exhibition/kit_preparing.html"
    return render(request, template, context, status=200 if ready else 202)
