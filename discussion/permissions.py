"""Who may do what in the discussion, asked by views, templates and the admin alike."""

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from discussion import hosts
from discussion.models import Comment, CommentStatus
from summit.models import User
from summit.permissions import is_organiser


def is_scope_moderator(user: User | AnonymousUser, scope: str) -> bool:
    """A moderator of a host's scope (a showing's); the summit's own discussion is the organisers'."""
    return user.is_authenticated and user.is_active and scope != hosts.SUMMIT and scope in moderated_scopes(user)


def moderated_scopes(user: User) -> set[str]:
    """The scopes the user moderates, read once per user object (and kept with a cached user: it is one of
    summit.permissions.ROLE_LOADERS)."""
    if not hasattr(user, "_moderated_scopes"):
        user._moderated_scopes = set(hosts.scopes_moderated_by(user))
    return user._moderated_scopes


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
