from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from summit import permissions


def site(request):
    """Role flags for navigation; the same predicates the views check. A request refused before the authentication
    middleware ran (a Host not in ALLOWED_HOSTS) has no user yet, and its 400 page must still render."""
    user = getattr(request, "user", None) or AnonymousUser()
    return {
        "is_organiser": permissions.is_organiser(user),
        "is_delegate": permissions.is_delegate(user),
        "is_facilitator": permissions.is_facilitator(user),
        "site_url": settings.SITE_URL,
    }
