"""The discussion's own pages and forms. Host pages include `discussion/_discussion.html` with
`discussion.pages.discussion_context`.

A host scope appears in the (fixed) paths as `<kind>/<name>`: the showing of Arnhem's comments are posted to
/exhibition/cities/arnhem/threads/<pk>/comments/, which is scope "showing:arnhem".
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from discussion import hosts, permissions, selectors, services
from discussion.forms import CommentEditForm, CommentForm, FlagForm, ReactionForm
from discussion.models import Comment, CommentStatus, Thread
from summit.ratelimit import rate_limit_hit
from summit.viewers import reader_wrote

FEED_COMMENTS = 50


def _scope(kind: str | None, name: str | None) -> str:
    """The scope named by a path, or 404 when its host does not know it."""
    if kind is None:
        return hosts.SUMMIT
    scope = f"{kind}:{name}"
    if hosts.scope_title(scope) is None:
        raise Http404(_("This discussion does not exist."))
    return scope


class CommentFeed(Feed):
    """The newest published comments of one discussion: the summit's, or a host scope's (a showing's)."""

    feed_type = Atom1Feed

    def get_object(self, request, pk, kind=None, name=None):
        thread = get_object_or_404(Thread, pk=pk)
        scope = _scope(kind, name)
        if not hosts.scope_discusses(scope, thread.key):
            raise Http404(hosts.scope_refusal(scope))
        return thread, scope

    def title(self, obj):
        thread, scope = obj
        if scope != hosts.SUMMIT:
            return _("Discussion: %(title)s (%(showing)s)") % {
                "title": thread.title,
                "showing": hosts.scope_title(scope),
            }
        return _("Discussion: %(title)s") % {"title": thread.title}

    def link(self, obj):
        thread, scope = obj
        return thread.page_url(scope)

    def items(self, obj):
        thread, scope = obj
        return selectors.thread_feed_comments(thread=thread, scope=scope)[:FEED_COMMENTS]

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


def _too_many(request, written: str = ""):
    """The 429 page; a refused comment's text comes back on it, so the writer can copy it and send it later."""
    return render(request, "429.html", {"written": written}, status=429)


@csrf_exempt  # guests post from the cached page, which has no token; signed-in posts are checked below
@require_POST
def comment_create(request, pk, kind=None, name=None):
    """A comment or reply on a thread: the summit's discussion, or a host scope's (a showing's)."""
    if request.user.is_authenticated:
        return _comment_create_signed_in(request, pk, kind, name)
    return _comment_create(request, pk, kind, name)


def _comment_create(request, pk, kind=None, name=None):
    thread = get_object_or_404(Thread, pk=pk)
    scope = _scope(kind, name)
    page_url = thread.page_url(scope)
    if rate_limit_hit(request, "comment", settings.COMMENT_RATE):
        return _too_many(request, written=request.POST.get("body", ""))
    form = CommentForm(request.POST, guest=not request.user.is_authenticated)
    if form.is_valid():
        parent = None
        if form.cleaned_data["parent"]:
            parent = get_object_or_404(thread.comments, pk=form.cleaned_data["parent"])
        try:
            comment = services.comment_post(
                thread=thread,
                user=request.user,
                body=form.cleaned_data["body"],
                guest_name=form.cleaned_data.get("guest_name", ""),
                parent=parent,
                scope=scope,
            )
        except PermissionDenied as error:
            messages.error(request, str(error))
            return redirect(f"{page_url}#discussion")
        if request.user.is_authenticated:  # others see it within a page's seconds, its author at once
            reader_wrote(request, page_url)
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


def _published(pk: int) -> Comment:
    return get_object_or_404(Comment.objects.select_related("thread"), pk=pk, status=CommentStatus.PUBLISHED)


@login_required
@require_POST
def comment_react(request, pk):
    comment = _published(pk)
    if rate_limit_hit(request, "reaction", settings.REACTION_RATE):
        return _too_many(request)
    form = ReactionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That reaction is not one this page offers."))
        return redirect(comment.get_absolute_url())
    comment = services.reaction_toggle(comment=comment, user=request.user, kind=form.cleaned_data["kind"])
    # The pages kept for everyone show counts up to half a minute late; the reader who reacted sees theirs at once.
    reader_wrote(request, comment.get_absolute_url())
    messages.success(
        request,
        ngettext(
            "Noted. This comment now has %(count)s reaction.",
            "Noted. This comment now has %(count)s reactions.",
            comment.reaction_count,
        )
        % {"count": comment.reaction_count},
    )
    return redirect(comment.get_absolute_url())


@login_required
@require_POST
def comment_flag(request, pk):
    comment = _published(pk)
    if rate_limit_hit(request, "flag", settings.REACTION_RATE):
        return _too_many(request)
    form = FlagForm(request.POST)
    if form.is_valid():
        services.comment_flag(comment=comment, user=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Thank you. A moderator will look at this comment."))
    else:
        messages.error(request, _("Please say why a moderator should look at this comment."))
    return redirect(f"{comment.thread.page_url(comment.scope)}#discussion")


def _own_comment(request, pk) -> Comment:
    """The user's own comment, or 404: nobody learns anything about other people's comments here."""
    return get_object_or_404(Comment.objects.select_related("thread"), pk=pk, author=request.user)


@login_required
@require_http_methods(["GET", "POST"])
def comment_edit(request, pk):
    comment = _own_comment(request, pk)
    if not permissions.can_edit_comment(request.user, comment):
        messages.error(
            request,
            _("Comments can be changed for %(minutes)s minutes after posting.")
            % {"minutes": settings.COMMENT_EDIT_MINUTES},
        )
        return redirect(comment.get_absolute_url())
    form = CommentEditForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        services.comment_edit(comment=comment, by=request.user, body=form.cleaned_data["body"])
        messages.success(request, _("Your comment has been changed."))
        return redirect(comment.get_absolute_url())
    return render(request, "discussion/comment_edit.html", {"comment": comment, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def comment_delete(request, pk):
    comment = _own_comment(request, pk)
    if request.method == "POST":
        services.comment_delete(comment=comment, by=request.user)
        messages.success(request, _("Your comment has been deleted."))
        return redirect(f"{comment.thread.page_url(comment.scope)}#discussion")
    return render(request, "discussion/comment_delete.html", {"comment": comment})
