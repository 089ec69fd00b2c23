from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils.functional import SimpleLazyObject

from summit import caching, permissions


def site(request):
    """Role flags for navigation (the same predicates the views check) and the key of pages' shared parts.

    A request refused before the authentication middleware ran (a Host not in ALLOWED_HOSTS) has no user yet, and
    its 400 page must still render."""
    user = getattr(request, "user", None) or AnonymousUser()
    roles = {
        "is_organiser": permissions.is_organiser(user),
        "is_delegate": permissions.is_delegate(user),
        "is_facilitator": permissions.is_facilitator(user),
    }
    # Only those three see delegates-only programme items, so their pages' shared parts are a variant of their own.
    variant = "delegates" if any(roles.values()) else "public"
    return {
        **roles,
        "site_url": settings.SITE_URL,
        "page_fragment": SimpleLazyObject(lambda: caching.fragment_key(request, variant)),
    }
