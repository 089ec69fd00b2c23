"""Writes for the discussion: posting, official answers, reactions, flags, blocks and moderation.

Every change of a comment's status goes through `_transition`, which checks STATUS_FLOW and writes a
CommentTransition row (who, when, why).
"""

import datetime
import logging
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from discussion import hosts, selectors
from discussion.models import Block, Comment, CommentStatus, CommentTransition, Flag, Reaction, Thread
from discussion.permissions import can_delete_comment, can_edit_comment, can_moderate_comment, is_scope_moderator
from summit.images import CleanImage
from summit.models import Delegate, User
from summit.notifications import notify
from summit.permissions import is_organiser
from summit.text import markdown_to_html
from summit.transitions import transition_apply

logger = logging.getLogger(__name__)

STATUS_FLOW = {
    CommentStatus.PENDING: {CommentStatus.PUBLISHED, CommentStatus.HIDDEN, CommentStatus.REMOVED},
    CommentStatus.PUBLISHED: {CommentStatus.HIDDEN, CommentStatus.REMOVED, CommentStatus.DELETED},
    CommentStatus.HIDDEN: {CommentStatus.PUBLISHED, CommentStatus.REMOVED, CommentStatus.DELETED},
    CommentStatus.REMOVED: {CommentStatus.PUBLISHED, CommentStatus.HIDDEN, CommentStatus.DELETED},
    CommentStatus.DELETED: set(),
}


def _transition(*, comment: Comment, to: str, by: User | None, reason: str = "", also=()) -> Comment:
    """Check, record and save a status change with the fields in `also`. The same status again only records a new
    reason."""
    table = STATUS_FLOW if to != comment.status else {to: {to}}
    return transition_apply(comment, to=to, table=table, history=comment.transitions, by=by, reason=reason, also=also)


def threads_ensure(*, threads: list[tuple[str, str, int | None]]) -> None:
    """Open a thread for each (key, title, city concerned) that has none; existing threads stay as they are."""
    Thread.objects.bulk_create(
        [Thread(key=key, title=title, city_id=city_id) for key, title, city_id in threads], ignore_conflicts=True
    )


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
    scope: str = hosts.SUMMIT,
) -> Comment:
    """Signed-in people with a verified address publish at once; guests wait for moderation.

    A reply by a delegate of the city concerned (any delegate on a topic thread) is that city's official answer.
    A host's scope (a showing) discusses the threads its host names; its comments stay on its own pages.
    """
    if not hosts.scope_discusses(scope, thread.key):
        raise PermissionDenied(hosts.scope_refusal(scope))
    if parent is not None and (
        parent.thread_id != thread.pk
        or parent.scope != scope
        or parent.parent_id
        or parent.status != CommentStatus.PUBLISHED
    ):
        raise PermissionDenied(_("Replies go under a published comment of the same discussion."))
    comment = Comment(thread=thread, scope=scope, parent=parent, body=body, body_html=str(markdown_to_html(body)))
    if user.is_authenticated:
        blocked = set(Block.objects.filter(user=user, scope__in=[hosts.SUMMIT, scope]).values_list("scope", flat=True))
        if hosts.SUMMIT in blocked:
            raise PermissionDenied(_("A moderator has blocked your account from writing in the discussion."))
        if blocked:
            raise PermissionDenied(hosts.scope_blocked(scope))
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
    logger.info("Comment %s on %s %r (%s)", comment.pk, thread.key, scope, comment.status)
    if comment.is_official:
        notify(
            user=parent.author,
            subject=_("An official answer to your comment"),
            template="discussion/email/answered.txt",
            context={"answer": comment, "thread": thread, "url": _comment_url(comment)},
        )
    return comment


@transaction.atomic
def comment_from_paper(
    *, thread: Thread, scope: str, by: User, body: str, first_name: str, written_on: datetime.date, place: str,
    photo: CleanImage | None = None,
) -> Comment:  # fmt: skip
    """A comment left on paper at a venue, typed in by a moderator of that scope: published at once, marked as
    written on paper (where and when), with the writer's first name if they gave one. It counts like any other
    comment and can be answered; the photo of the card is kept for moderators only."""
    if not is_scope_moderator(by, scope):
        raise PermissionDenied(_("Only this showing's moderators type in comments written on paper."))
    if not hosts.scope_discusses(scope, thread.key):
        raise PermissionDenied(hosts.scope_refusal(scope))
    comment = Comment(
        thread=thread, scope=scope, body=body, body_html=str(markdown_to_html(body)), guest_name=first_name,
        status=CommentStatus.PUBLISHED, paper_place=place, written_on=written_on,
    )  # fmt: skip
    if photo is not None:
        comment.paper_photo.save(f"{secrets.token_hex(16)}.{photo.extension}", photo.content, save=False)
    comment.save()
    CommentTransition.objects.create(comment=comment, from_status="", to_status=comment.status, by=by,
                                     reason="Typed in from paper.")  # fmt: skip
    logger.info("Paper comment %s on %s %r typed in by %s", comment.pk, thread.key, scope, by)
    return comment


def _comment_url(comment: Comment) -> str:
    return f"{settings.SITE_URL}{comment.get_absolute_url()}"


@transaction.atomic
def reaction_toggle(*, comment: Comment, user: User, kind: str) -> Comment:
    """One reaction of each kind per person; a second click takes it back.

    The comment's row is locked, so concurrent clicks (a double tap, a retried request) take turns, and the count is
    taken from the rows rather than added to: it cannot drift, whatever arrives twice.
    """
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    taken_back, _by_kind = Reaction.objects.filter(comment=comment, user=user, kind=kind).delete()
    if not taken_back:
        Reaction.objects.create(comment=comment, user=user, kind=kind)
    comment.reaction_count = comment.reactions.count()
    comment.save(update_fields=["reaction_count"])
    return comment


@transaction.atomic
def comment_flag(*, comment: Comment, user: User, reason: str) -> Comment:
    """A report; at COMMENT_FLAG_THRESHOLD reports a published comment is hidden until a moderator looks."""
    comment = Comment.objects.select_for_update().select_related("thread").get(pk=comment.pk)
    _flag, created = Flag.objects.get_or_create(comment=comment, user=user, defaults={"reason": reason})
    if not created:
        return comment
    comment.flag_count += 1
    if comment.flag_count >= settings.COMMENT_FLAG_THRESHOLD and comment.status == CommentStatus.PUBLISHED:
        comment.moderation_reason = _("Hidden after several reports; a moderator will review it.")
        return _transition(
            comment=comment, to=CommentStatus.HIDDEN, by=None, reason=comment.moderation_reason,
            also=["flag_count", "moderation_reason"],
        )  # fmt: skip
    comment.save(update_fields=["flag_count"])
    return comment


@transaction.atomic
def comment_moderate(*, comment: Comment, by: User, status: str, reason: str = "") -> Comment:
    """Publish, hide (with a reason the author sees) or remove a comment: organisers, or the scope's moderators."""
    if not can_moderate_comment(by, comment):
        raise PermissionDenied
    comment = Comment.objects.select_for_update(of=("self",)).select_related("thread", "author").get(pk=comment.pk)
    previous = comment.status
    comment.moderation_reason = reason
    _transition(comment=comment, to=status, by=by, reason=reason, also=["moderation_reason"])
    if previous != status:
        notify(
            user=comment.author,
            subject=_("About your comment"),
            template="discussion/email/moderated.txt",
            context={"comment": comment, "url": _comment_url(comment)},
        )
    return comment


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
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, by: User) -> None:
    """The author deletes their comment; if others replied, a "deleted" placeholder keeps the replies in place."""
    if not can_delete_comment(by, comment):
        raise PermissionDenied
    if comment.replies.exists():
        comment.body = comment.body_html = ""
        _transition(comment=comment, to=CommentStatus.DELETED, by=by, also=["body", "body_html"])
    else:
        comment.delete()


def digests_send() -> int:
    """Once a day, each delegate who wants emails gets one message: new comments and open questions; each scope
    moderator (a showing's) with guests' comments waiting for review gets one too."""
    since = timezone.now() - datetime.timedelta(days=1)
    new_count = Comment.objects.filter(status=CommentStatus.PUBLISHED, created_at__gte=since).count()
    sent = 0
    for user in User.objects.filter(delegations__isnull=False, emails_enabled=True, is_active=True).distinct():
        questions = list(selectors.comments_awaiting_answer(user=user)[:20])
        if not questions and not new_count:
            continue
        sent += notify(
            user=user,
            subject=_("Today in the discussion"),
            template="discussion/email/digest.txt",
            context={"questions": questions, "new_count": new_count, "site_url": settings.SITE_URL},
        )
    queue_url = settings.SITE_URL + reverse("admin:discussion_comment_changelist")
    waiting: dict[int, int] = {}
    pending = Comment.objects.filter(status=CommentStatus.PENDING).exclude(scope=hosts.SUMMIT)
    for row in pending.values("scope").annotate(count=Count("id")):
        for user_id in hosts.scope_moderators(row["scope"]).values_list("pk", flat=True):
            waiting[user_id] = waiting.get(user_id, 0) + row["count"]
    for user in User.objects.filter(pk__in=waiting, emails_enabled=True, is_active=True):
        sent += notify(
            user=user,
            subject=_("Comments wait for you"),
            template="discussion/email/moderation.txt",
            context={"waiting": waiting[user.pk], "queue_url": queue_url},
        )
    return sent


@transaction.atomic
def author_block(*, comment: Comment, by: User) -> User | None:
    """Stop the author of `comment` from writing (reading stays open) and hide the comment.

    An organiser's block holds everywhere; a scope moderator's (a showing's) holds in that scope only.
    """
    if not can_moderate_comment(by, comment):
        raise PermissionDenied
    author = comment.author
    if author is not None and not is_organiser(author):
        scope = hosts.SUMMIT if is_organiser(by) else comment.scope
        Block.objects.get_or_create(user=author, scope=scope, defaults={"by": by})
        logger.info("User %s blocked in scope %r by %s", author.pk, scope, by)
    comment_moderate(comment=comment, by=by, status=CommentStatus.HIDDEN, reason=_("The author has been blocked."))
    return author
