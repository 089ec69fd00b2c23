"""Search across everything public, and following things to hear of them by email."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from hubs import following
from hubs.forms import SearchForm
from hubs.search.query import search as search_run
from summit.caching import cached_page
from summit.ratelimit import rate_limit_hit

FOLLOWS_PER_PAGE = 50


@require_GET
@cached_page(seconds=30, signed_in=True)
def search(request):
    """`/search/?q=…`: the whole page, or with htmx (as one types) only the results.

    The same words again within 30 s come from the page cache (a crowd searching for the mayor who just spoke);
    any write to what pages show drops it, and a release coming out of embargo shows within those 30 s."""
    form = SearchForm(request.GET or None)
    results = None
    if form.is_valid() and form.cleaned_data["q"]:
        if rate_limit_hit(request, "search", settings.SEARCH_RATE):
            return render(request, "429.html", status=429)
        data = form.cleaned_data
        results = search_run(
            query=data["q"], kind=data["kind"], topic=data["topic"], city=data["city"], page=request.GET.get("page", 1)
        )
    status = 400 if form.errors else 200
    context = {"form": form, "results": results, "query": request.GET.urlencode()}
    if request.htmx:
        return render(request, "hubs/search.html#results", context, status=status)
    return render(request, "hubs/search.html", context, status=status)


def _back(request):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect("following")


@login_required
@require_http_methods(["GET", "POST"])
def following_page(request):
    """`/me/following/`: what one follows, each with its page and a button to stop; POST follows or stops one
    thing (the Follow buttons on topics, cities, pledges, declarations and discussions post here)."""
    if request.method == "POST":
        return _follow_change(request)
    page = Paginator(following.follows_of(user=request.user), FOLLOWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "hubs/following.html", {"page": page})


def _follow_change(request):
    key = request.POST.get("key", "")[:140]
    if request.POST.get("action") == "unfollow":
        following.follow_remove(user=request.user, key=key)
        done = _("You no longer follow this.")
    else:
        try:
            following.follow_add(user=request.user, key=key)
        except ValidationError as error:
            if request.htmx:
                return render(request, "hubs/_follow_error.html", {"message": error.messages[0]}, status=400)
            messages.error(request, error.messages[0])
            return _back(request)
        done = _("You follow this now. A daily email tells you what is new.")
    if request.htmx:
        context = {
            "key": key,
            "next": request.POST.get("next", ""),
            "done": done,
            "label": request.POST.get("label", ""),
        }
        return render(request, "hubs/_follow_button.html", context)
    messages.success(request, done)
    return _back(request)


@csrf_exempt  # the signed token authenticates; mail clients send one-click POSTs without a CSRF token (RFC 8058)
@require_http_methods(["GET", "POST"])
def following_off(request, token):
    """The link in each email to stop following one thing. GET asks once (link scanners must not act); POST acts,
    also as a mail client's one-click."""
    follow = following.unfollow_token_read(token)
    if follow is None:  # stopped already, or a broken link
        return render(request, "hubs/following_off.html", {"gone": True}, status=404)
    label = following.labels_of([follow.key]).get(follow.key, (follow.key, ""))[0]
    if request.method == "POST":
        following.follow_remove(user=follow.user, key=follow.key)
        return render(request, "hubs/following_off.html", {"done": True, "label": label})
    return render(request, "hubs/following_off.html", {"label": label, "email": follow.user.email})
