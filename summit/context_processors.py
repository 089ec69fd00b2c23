from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from summit import permissions, signed_in_pages


def site(request):
    """Role flags for navigation (the same predicates the views check); in a page kept for every signed-in reader
    (`summit.signed_in_pages`), a hole for the CSRF token, filled in for each reader.

    A request refused before the authentication middleware ran (a Host not in ALLOWED_HOSTS) has no user yet, and
    its 400 page must still render."""
    user = getattr(request, "user", None) or AnonymousUser()
    context = {
        "is_organiser": permissions.is_organiser(user),
        "is_delegate": permissions.is_delegate(user),
        "is_facilitator": permissions.is_facilitator(user),
        "site_url": settings.SITE_URL,
    }
    if getattr(request, "signed_in_page", None):
        context["csrf_token"] = signed_in_pages.CSRF_HOLE
    return context
