"""Who may do what in the exhibition's discussion, asked by views, templates and the admin alike."""

from django.contrib.auth.models import AnonymousUser

from exhibition.models import Comment, Showing
from summit.models import User
from summit.permissions import is_organiser


def is_showing_moderator(user: User | AnonymousUser, showing: Showing) -> bool:
    return user.is_authenticated and user.is_active and showing.moderators.filter(pk=user.pk).exists()


def can_moderate_comment(user: User | AnonymousUser, comment: Comment) -> bool:
    """Organisers moderate every comment; a showing's moderators moderate the comments made on that showing."""
    if is_organiser(user):
        return True
    return comment.showing_id is not None and is_showing_moderator(user, comment.showing)
