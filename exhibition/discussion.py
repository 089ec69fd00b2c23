"""Writes for the citizens' discussion: posting, official answers, reactions, flags and moderation."""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from exhibition.models import Comment, CommentStatus, Flag, Reaction, Showing, Thread
from exhibition.permissions import can_moderate_comment
from summit.caching import page_cache_invalidate
from summit.models import Delegate, User
from summit.notifications import notify
from summit.permissions import is_organiser
from summit.text import markdown_to_html

logger = logging.getLogger(__name__)


def official_delegation(*, user: User, thread: Thread) -> Delegate | None:
    """The delegation a user answers for on this thread: the city concerned, or any city on topic threads."""
    if not user.is_authenticated:
        return None
    delegations = Delegate.objects.filter(user=user).select_related("city")
    if thread.city_id:
        delegations = delegations.filter(city_id=thread.city_id)
    return delegations.first()


def _is_verified(user: User) -> bool:
    return user.emailaddress_set.filter(verified=True).exists()


@transaction.atomic
def comment_post(
    *,
    thread: Thread,
    user: User,
    body: str,
    guest_name: str = "",
    parent: Comment | None = None,
    showing: Showing | None = None,
) -> Comment:
    """Signed-in people with a verified address publish at once; guests wait for moderation.

    A reply by a delegate of the city concerned (any delegate on a topic thread) is that city's official answer.
    A showing discusses the topic exhibits it shows; its comments stay on its own pages.
    """
    if showing is not None and not thread.key.startswith("topic:"):
        raise PermissionDenied(_("A showing discusses its topic exhibits only."))
    if parent is not None and (
        parent.thread_id != thread.pk
        or parent.showing_id != (showing.pk if showing else None)
        or parent.parent_id
        or parent.status != CommentStatus.PUBLISHED
    ):
        raise PermissionDenied(_("Replies go under a published comment of the same discussion."))
    comment = Comment(thread=thread, showing=showing, parent=parent, body=body, body_html=str(markdown_to_html(body)))
    if user.is_authenticated:
        if user.discussion_blocked:
            raise PermissionDenied(_("A moderator has blocked your account from writing in the discussion."))
        if showing is not None and showing.blocked_authors.filter(pk=user.pk).exists():
            raise PermissionDenied(_("A moderator has blocked your account from writing at this showing."))
        if not _is_verified(user):
            raise PermissionDenied(_("Confirm your email address before you join the discussion."))
        comment.author = user
        comment.status = CommentStatus.PUBLISHED
        delegation = official_delegation(user=user, thread=thread) if parent is not None else None
        if delegation:
            comment.is_official = True
            comment.official_city = delegation.city
            comment.official_title = delegation.title
    else:
        comment.guest_name = guest_name
        comment.status = CommentStatus.PENDING
    comment.save()
    logger.info("Comment %s on %s (%s)", comment.pk, thread.key, comment.status)
    if comment.status == CommentStatus.PUBLISHED:
        _page_changed(comment)
    if comment.is_official:
        notify(
            user=parent.author,
            subject=_("An official answer to your comment"),
            template="exhibition/email/answered.txt",
            context={"answer": comment, "thread": thread, "url": _comment_url(comment)},
        )
    return comment


def _page_changed(comment: Comment) -> None:
    """Readers of the comment's page see the change at once, once it is committed."""
    path = comment.thread.page_url(comment.showing)
    transaction.on_commit(lambda: page_cache_invalidate(path))


def _comment_url(comment: Comment) -> str:
    return f"{settings.SITE_URL}{comment.get_absolute_url()}"


@transaction.atomic
def reaction_toggle(*, comment: Comment, user: User, kind: str) -> Comment:
    """One reaction of each kind per person; a second click takes it back."""
    existing = Reaction.objects.filter(comment=comment, user=user, kind=kind)
    if existing.exists():
        existing.delete()
        Comment.objects.filter(pk=comment.pk).update(reaction_count=F("reaction_count") - 1)
    else:
        Reaction.objects.create(comment=comment, user=user, kind=kind)
        Comment.objects.filter(pk=comment.pk).update(reaction_count=F("reaction_count") + 1)
    comment.refresh_from_db()
    return comment


@transaction.atomic
def comment_flag(*, comment: Comment, user: User, reason: str) -> Comment:
    """A report; at COMMENT_FLAG_THRESHOLD reports a published comment is hidden until a moderator looks."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    _flag, created = Flag.objects.get_or_create(comment=comment, user=user, defaults={"reason": reason})
    if not created:
        return comment
    comment.flag_count += 1
    if comment.flag_count >= settings.COMMENT_FLAG_THRESHOLD and comment.status == CommentStatus.PUBLISHED:
        comment.status = CommentStatus.HIDDEN
        comment.moderation_reason = _("Hidden after several reports; a moderator will review it.")
        _page_changed(comment)
    comment.save(update_fields=["flag_count", "status", "moderation_reason"])
    return comment


def comment_moderate(*, comment: Comment, by: User, status: str, reason: str = "") -> Comment:
    """Publish, hide (with a reason the author sees) or remove a comment: organisers, or the showing's moderators."""
    if not can_moderate_comment(by, comment):
        raise PermissionDenied
    previous = Comment.objects.filter(pk=comment.pk).values_list("status", flat=True).first()
    comment.status = status
    comment.moderation_reason = reason
    comment.save(update_fields=["status", "moderation_reason"])
    _page_changed(comment)
    logger.info("Comment %s set to %s by %s: %s", comment.pk, status, by, reason)
    if previous != status:
        notify(
            user=comment.author,
            subject=_("About your comment"),
            template="exhibition/email/moderated.txt",
            context={"comment": comment, "url": _comment_url(comment)},
        )
    return comment


def can_edit_comment(user: User, comment: Comment) -> bool:
    """Authors may correct their comment for COMMENT_EDIT_MINUTES after posting it."""
    return (
        user.is_authenticated
        and comment.author_id == user.pk
        and comment.status in (CommentStatus.PUBLISHED, CommentStatus.PENDING)
        and timezone.now() - comment.created_at < datetime.timedelta(minutes=settings.COMMENT_EDIT_MINUTES)
    )


def can_delete_comment(user: User, comment: Comment) -> bool:
    return user.is_authenticated and comment.author_id == user.pk and comment.status != CommentStatus.DELETED


def comment_edit(*, comment: Comment, by: User, body: str) -> Comment:
    if not can_edit_comment(by, comment):
        raise PermissionDenied(
            _("Comments can be changed for %(minutes)s minutes after posting.")
            % {"minutes": settings.COMMENT_EDIT_MINUTES}
        )
    comment.body = body
    comment.body_html = str(markdown_to_html(body))
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "body_html", "edited_at"])
    _page_changed(comment)
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, by: User) -> None:
    """The author deletes their comment; if others replied, a "deleted" placeholder keeps the replies in place."""
    if not can_delete_comment(by, comment):
        raise PermissionDenied
    _page_changed(comment)
    if comment.replies.exists():
        comment.status = CommentStatus.DELETED
        comment.body = comment.body_html = ""
        comment.save(update_fields=["status", "body", "body_html"])
    else:
        comment.delete()


def digests_send() -> int:
    """Once a day, each delegate who wants emails gets one message: new comments and open questions; each showing
    moderator with guests' comments waiting for review gets one too."""
    from exhibition.selectors import comments_awaiting_answer

    since = timezone.now() - datetime.timedelta(days=1)
    new_count = Comment.objects.filter(status=CommentStatus.PUBLISHED, created_at__gte=since).count()
    sent = 0
    for user in User.objects.filter(delegations__isnull=False, emails_enabled=True, is_active=True).distinct():
        questions = list(comments_awaiting_answer(user=user)[:20])
        if not questions and not new_count:
            continue
        sent += notify(
            user=user,
            subject=_("Today in the discussion"),
            template="exhibition/email/digest.txt",
            context={"questions": questions, "new_count": new_count, "site_url": settings.SITE_URL},
        )
    queue_url = settings.SITE_URL + reverse("admin:exhibition_comment_changelist")
    waiting = Q(showings_moderated__comments__status=CommentStatus.PENDING)
    moderators = User.objects.filter(emails_enabled=True, is_active=True).annotate(
        waiting=Count("showings_moderated__comments", filter=waiting, distinct=True)
    )
    for user in moderators.filter(waiting__gt=0):
        sent += notify(
            user=user,
            subject=_("Comments wait for you"),
            template="exhibition/email/moderation.txt",
            context={"waiting": user.waiting, "queue_url": queue_url},
        )
    return sent


def author_block(*, comment: Comment, by: User) -> User | None:
    """Stop the author of `comment` from writing (reading stays open) and hide the comment.

    An organiser's block holds on the whole site; a showing moderator's holds at their showing only.
    """
    if not can_moderate_comment(by, comment):
        raise PermissionDenied
    author = comment.author
    if author is not None and not is_organiser(author):
        if is_organiser(by):
            author.discussion_blocked = True
            author.save(update_fields=["discussion_blocked"])
            logger.info("User %s blocked from the discussion by %s", author.pk, by)
        else:
            comment.showing.blocked_authors.add(author)
            logger.info("User %s blocked at showing %s by %s", author.pk, comment.showing_id, by)
    comment_moderate(comment=comment, by=by, status=CommentStatus.HIDDEN, reason=_("The author has been blocked."))
    return author
