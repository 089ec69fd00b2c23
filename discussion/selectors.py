"""Reads for the discussion. A scope is "" for the summit's own discussion or a host's, such as "showing:arnhem"."""

from django.db.models import Count, Prefetch, Q, QuerySet

from discussion import hosts
from discussion.models import Comment, CommentStatus, Thread
from summit.models import User


def thread_for_key(*, key: str) -> Thread | None:
    return Thread.objects.filter(key=key).first()


def paper_comments(*, scope: str) -> QuerySet[Comment]:
    """The comments of a scope that moderators typed in from paper, newest first, with their threads."""
    return Comment.objects.filter(scope=scope).exclude(paper_place="").select_related("thread").order_by("-created_at")


def comments_newest(*, scope: str, count: int) -> list[Comment]:
    """The newest published comments of a scope (a showing's screen at the venue), with their threads and authors."""
    return list(
        Comment.objects.filter(scope=scope, status=CommentStatus.PUBLISHED)
        .select_related("thread", "author")
        .order_by("-created_at", "-id")[:count]
    )


def thread_comments(*, thread: Thread, sort: str = "newest", scope: str = hosts.SUMMIT) -> QuerySet[Comment]:
    """Published top-level comments with their published replies (official answers first), in a fixed number of
    queries whatever the thread's size. Each scope has its own comments on the same thread."""
    replies = (
        Comment.objects.filter(status=CommentStatus.PUBLISHED)
        .select_related("author", "official_city")
        .order_by("-is_official", "created_at", "id")
    )
    comments = (
        # A comment its author deleted after others replied stays as a "deleted" placeholder above the replies.
        thread.comments.filter(scope=scope, parent=None, status__in=[CommentStatus.PUBLISHED, CommentStatus.DELETED])
        .select_related("author")
        .prefetch_related(Prefetch("replies", queryset=replies))
    )
    if sort == "liked":
        return comments.order_by("-reaction_count", "-created_at", "-id")
    return comments.order_by("-created_at", "-id")


def thread_feed_comments(*, thread: Thread, scope: str = hosts.SUMMIT) -> QuerySet[Comment]:
    """Published comments and replies of one discussion, newest first, for its Atom feed."""
    return (
        thread.comments.filter(scope=scope, status=CommentStatus.PUBLISHED)
        .select_related("author", "thread", "official_city")
        .order_by("-created_at", "-id")
    )


def comments_awaiting_answer(*, user: User) -> QuerySet[Comment]:
    """Citizens' questions a delegate's city could answer and nobody has answered officially yet: on the threads of
    the user's cities and on every topic thread."""
    cities = list(user.delegations.values_list("city_id", flat=True))
    return (
        Comment.objects.filter(parent=None, status=CommentStatus.PUBLISHED)
        .filter(Q(thread__city__isnull=True) | Q(thread__city__in=cities))
        .exclude(replies__is_official=True)
        .select_related("thread", "author")
        .order_by("-created_at")
    )


def discussion_figures(*, scope: str = hosts.SUMMIT) -> dict[str, dict]:
    """Per thread key: published comments and how many of them have an official answer (for the posters), in the
    summit's own discussion or in a host's scope."""
    top_level = Q(comments__parent=None, comments__status=CommentStatus.PUBLISHED, comments__scope=scope)
    threads = Thread.objects.annotate(
        comment_total=Count("comments", filter=top_level, distinct=True),
        answered_total=Count("comments", filter=top_level & Q(comments__replies__is_official=True), distinct=True),
    )
    return {thread.key: {"comments": thread.comment_total, "answered": thread.answered_total} for thread in threads}


def comments_by_author(*, user: User) -> QuerySet[Comment]:
    return Comment.objects.filter(author=user).select_related("thread").order_by("created_at")


def comments_for_open_data(*, until) -> QuerySet[Comment]:
    """Published comments of the summit's discussion up to `until`, for an edition's open data (no scope's own)."""
    return (
        Comment.objects.filter(status=CommentStatus.PUBLISHED, scope=hosts.SUMMIT, created_at__lte=until)
        .select_related("author", "thread", "official_city")
        .order_by("created_at", "id")
    )


def official_answers_since(*, when) -> list[dict]:
    """Mayors' official answers in the summit's discussion since `when`, as plain values for an edition's changes."""
    answers = (
        Comment.objects.filter(
            is_official=True, status=CommentStatus.PUBLISHED, scope=hosts.SUMMIT, created_at__gt=when
        )
        .select_related("thread", "official_city")
        .order_by("created_at", "id")
    )
    return [
        {"discussion": a.thread.title, "city": a.official_city.name if a.official_city else "", "text": a.body}
        for a in answers
    ]
