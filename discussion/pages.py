"""The discussion's public interface for host pages: what `discussion/_discussion.html` needs to show a thread's
comments and the forms that write to them. Host views (exhibits, practices, clauses, pledges) call
`discussion_context`; none imports the discussion's views."""

from django.core.paginator import Paginator
from django.urls import reverse

from discussion import hosts, selectors
from discussion.forms import CommentForm
from discussion.models import ReactionKind, Thread

COMMENTS_PER_PAGE = 20


def _scope_kwargs(scope: str, pk: int) -> tuple[str, dict]:
    """The URL name prefix and arguments of a thread's comment and feed paths in `scope`."""
    if scope == hosts.SUMMIT:
        return "", {"pk": pk}
    kind, _sep, name = scope.partition(":")
    return f"{kind}_", {"name": name, "pk": pk}


def discussion_context(request, thread: Thread | None, scope: str = hosts.SUMMIT) -> dict:
    """The thread's comments (the summit's, or a host scope's own) with the forms that write to them."""
    if thread is None:
        return {"thread": None}
    sort = "liked" if request.GET.get("sort") == "liked" else "newest"
    page = Paginator(selectors.thread_comments(thread=thread, sort=sort, scope=scope), COMMENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    prefix, kwargs = _scope_kwargs(scope, thread.pk)
    return {
        "thread": thread,
        "post_url": reverse(f"discussion:{prefix}comment_create", kwargs=kwargs),
        "feed_url": reverse(f"discussion:{prefix}thread_feed", kwargs=kwargs),
        "comments": page,
        "sort": sort,
        "comment_form": CommentForm(guest=not request.user.is_authenticated),
        "reaction_kinds": ReactionKind.choices,
    }
