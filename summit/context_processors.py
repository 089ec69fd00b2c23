from django.conf import settings

from summit import permissions


def site(request):
    """Role flags for navigation; the same predicates the views check."""
    user = request.user
    return {
        "is_organiser": permissions.is_organiser(user),
        "is_delegate": permissions.is_delegate(user),
        "is_facilitator": permissions.is_facilitator(user),
        "site_url": settings.SITE_URL,
    }
