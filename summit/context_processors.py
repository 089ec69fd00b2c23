from summit import permissions


def site(request):
    """Role flags for navigation; the same predicates the views check."""
    user = request.user
    return {
        "is_organiser": permissions.is_organiser(user),
    }
