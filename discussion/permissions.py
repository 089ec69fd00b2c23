"""Who may do what in the discussion, asked by views, templates and the admin alike."""

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from discussion import hosts
from discussion.models import Comment, CommentStatus
from summit.models import User
from summit.permissions import is_organiser


def is_scope_moderator(user: User | AnonymousUser, scope: str) -> bool:
    """A moderator of a host's scope (a showing's); the summit's own discussion is the organisers'."""
    return (
        user.is_authenticated
        and user.is_active
        and scope != hosts.SUMMIT
        and hosts.scope_moderators(scope).filter(pk=user.pk).exists()
    )


def can_moderate_comment(user: User | AnonymousUser, comment: Comment) -> bool:
    """Organisers moderate every comment; a scope's moderators moderate the comments made in that scope."""
    return is_organiser(user) or is_scope_moderator(user, comment.scope)


def can_edit_comment(user: User | AnonymousUser, comment: Comment) -> bool:
    return (
        user.is_authenticated
        and comment.author_id == user.pk
        and comment.status in (CommentStatus.PUBLISHED, CommentStatus.PENDING)
        and timezone.now() < comment.editable_until
    )


def can_delete_comment(user: User | AnonymousUser, comment: Comment) -> bool:
    return user.is_authenticated and comment.author_id == user.pk and comment.status != CommentStatus.DELETED
