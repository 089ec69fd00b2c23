"""Reads for the exhibition: the compile's sources as plain data, and the published editions."""

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import translation

from exhibition.models import Comment, CommentStatus, Edition, EditionStatus, Exhibit, Showing, Thread
from summit.selectors import summit_current, topics_all
from summit.text import markdown_to_html, translations_of
from workshops.models import BestPractice, Outcome, Workshop, WorkshopStatus


def compile_sources() -> dict:
    """Everything an edition is made of, as plain values (no model instances leave this function).

    Texts are frozen in English with the organisers' German and French beside them ("i18n"), whoever started the
    compile in whichever language."""
    with translation.override(settings.LANGUAGE_CODE):
        return _compile_sources()


def _compile_sources() -> dict:
    summit = summit_current()
    outcomes = Outcome.objects.filter(hidden=False).select_related("city").order_by("order", "id")
    workshops = (
        Workshop.objects.filter(Q(status=WorkshopStatus.CLOSED) | Q(ready_for_exhibition=True))
        .select_related("programme_item", "topic")
        .prefetch_related(Prefetch("outcomes", queryset=outcomes))
        .order_by("topic__order", "id")
    )
    practices = (
        BestPractice.objects.filter(is_public=True)
        .select_related("city", "public_topic", "public_cover")
        .order_by("public_topic__order", "city__name", "id")
    )

    return {
        "summit": {
            "name": summit.name if summit else "",
            "slogan": summit.slogan if summit else "",
            "host_city": summit.host_city if summit else "",
            "i18n": translations_of(summit, "name", "slogan") if summit else {},
        },
        "topics": [
            {
                "slug": t.slug,
                "name": t.name,
                "colour": t.colour,
                "summary": t.summary,
                "i18n": translations_of(t, "name", "summary"),
            }
            for t in topics_all()
        ],
        "workshops": [
            {
                "id": w.pk,
                "topic": w.topic.slug,
                "title": w.programme_item.title,
                "i18n": translations_of(w.programme_item, "title"),
                "summary_html": str(markdown_to_html(w.summary)),
                "outcomes": [
                    {
                        "id": str(o.uuid),
                        "kind": o.kind,
                        "text": o.text,
                        "city": o.city.name if o.city else "",
                        "votes": o.votes,
                    }
                    for o in w.outcomes.all()
                ],
            }
            for w in workshops
        ],
        "discussion": discussion_figures(),
        "practices": [
            {
                "id": p.pk,
                "topic": p.public_topic.slug,
                "city": p.city.name,
                "city_slug": p.city.slug,
                "title": p.public_title,
                "summary": p.public_summary,
                "body_html": p.public_content.get("body_html", ""),
                "results_html": p.public_content.get("results_html", ""),
                "image": p.public_cover.poster.name if p.public_cover and p.public_cover.poster else "",
                "image_alt": p.public_cover.alt_text if p.public_cover else "",
                "is_demo": p.is_demo,
            }
            for p in practices
        ],
    }


def edition_current() -> Edition | None:
    return Edition.objects.filter(is_current=True).first()


def exhibit_current(*, key: str) -> Exhibit | None:
    """The exhibit with this stable key in the current edition, if there is one."""
    return Exhibit.objects.filter(edition__is_current=True, key=key).select_related("edition").first()


def editions_public() -> QuerySet[Edition]:
    return Edition.objects.filter(status__in=[EditionStatus.PUBLISHED, EditionStatus.SUPERSEDED]).order_by("-number")


def edition_exhibits(*, edition: Edition) -> QuerySet[Exhibit]:
    return edition.exhibits.order_by("order", "id")


def thread_for_key(*, key: str) -> Thread | None:
    return Thread.objects.filter(key=key).first()


def thread_comments(*, thread: Thread, sort: str = "newest", showing: Showing | None = None) -> QuerySet[Comment]:
    """Published top-level comments with their published replies (official answers first), in a fixed number of
    queries whatever the thread's size. A showing has its own comments on the same thread; `None` is the summit's."""
    replies = (
        Comment.objects.filter(status=CommentStatus.PUBLISHED)
        .select_related("author", "official_city")
        .order_by("-is_official", "created_at", "id")
    )
    comments = (
        # A comment its author deleted after others replied stays as a "deleted" placeholder above the replies.
        thread.comments.filter(
            showing=showing, parent=None, status__in=[CommentStatus.PUBLISHED, CommentStatus.DELETED]
        )
        .select_related("author")
        .prefetch_related(Prefetch("replies", queryset=replies))
    )
    if sort == "liked":
        return comments.order_by("-reaction_count", "-created_at", "-id")
    return comments.order_by("-created_at", "-id")


def thread_feed_comments(*, thread: Thread, showing: Showing | None = None) -> QuerySet[Comment]:
    """Published comments and replies of one discussion, newest first, for its Atom feed."""
    return (
        thread.comments.filter(showing=showing, status=CommentStatus.PUBLISHED)
        .select_related("author", "thread", "showing__city", "official_city")
        .order_by("-created_at", "-id")
    )


def comments_awaiting_answer(*, user) -> QuerySet[Comment]:
    """Citizens' questions a delegate's city could answer and nobody has answered officially yet: on the threads of
    the user's cities and on every topic thread."""
    cities = list(user.delegations.values_list("city_id", flat=True))
    return (
        Comment.objects.filter(parent=None, status=CommentStatus.PUBLISHED)
        .filter(Q(thread__city__isnull=True) | Q(thread__city__in=cities))
        .exclude(replies__is_official=True)
        .select_related("thread", "author", "showing__city")
        .order_by("-created_at")
    )


def discussion_figures(*, showing: Showing | None = None) -> dict[str, dict]:
    """Per thread key: published comments and how many of them have an official answer (for the posters), in the
    summit's own discussion or in a showing's."""
    top_level = Q(comments__parent=None, comments__status=CommentStatus.PUBLISHED, comments__showing=showing)
    threads = Thread.objects.annotate(
        comment_total=Count("comments", filter=top_level, distinct=True),
        answered_total=Count("comments", filter=top_level & Q(comments__replies__is_official=True), distinct=True),
    )
    return {thread.key: {"comments": thread.comment_total, "answered": thread.answered_total} for thread in threads}


def comments_by_author(*, user) -> QuerySet[Comment]:
    return Comment.objects.filter(author=user).select_related("thread", "showing").order_by("created_at")


def showings_public() -> QuerySet[Showing]:
    return Showing.objects.select_related("city").order_by("starts_on", "city__name")


def showing_for_city(*, city_slug: str) -> Showing | None:
    return Showing.objects.select_related("city", "edition").filter(city__slug=city_slug).first()


def showing_edition(*, showing: Showing) -> Edition | None:
    """The edition a showing presents: the one it chose, or the current one."""
    return showing.edition if showing.edition_id else edition_current()
