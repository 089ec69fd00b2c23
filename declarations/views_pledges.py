"""The cities' pledges under a declaration: making one, its page with updates and discussion, following it up
(updates and status), and the pledges' Atom feed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import linebreaksbr
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from declarations import permissions, selectors
from declarations.forms import PledgeForm, PledgeStatusForm, PledgeUpdateForm
from declarations.services import pledges
from discussion.pages import discussion_context
from discussion.selectors import thread_for_key
from summit.caching import cached_page
from summit.transitions import InvalidTransition


@login_required
@require_http_methods(["GET", "POST"])
def pledge_create(request, slug):
    declaration = get_object_or_404(selectors.declarations_public(), slug=slug)
    cities = permissions.cities_to_pledge_for(request.user, declaration)
    if not cities:
        raise Http404(_("Only delegates of a signatory city make pledges."))
    form = PledgeForm(request.POST or None, cities=cities)
    if request.method == "POST" and form.is_valid():
        pledge = pledges.pledge_create(
            declaration=declaration, city=form.cleaned_data["city"], by=request.user, data=form.cleaned_data
        )
        messages.success(request, _("Your pledge is published. Post its progress here as it happens."))
        return redirect(pledge.get_absolute_url())
    return render(
        request,
        "declarations/pledge_form.html",
        {"declaration": declaration, "form": form},
        status=400 if form.errors else 200,
    )


@require_GET
@cached_page(seconds=30)
def pledge_detail(request, slug, pk):
    """A pledge, its progress and its discussion; the pledging city's delegates post updates and change the status."""
    pledge = get_object_or_404(selectors.pledge_with_updates(slug=slug, pk=pk))
    context = {"pledge": pledge}
    if permissions.can_follow_up_pledge(request.user, pledge):
        context["update_form"] = PledgeUpdateForm(initial={"posted_on": timezone.localdate()})
        context["status_form"] = PledgeStatusForm(initial={"status": pledge.status})
    context.update(discussion_context(request, thread_for_key(key=pledges.pledge_key(pledge))))
    return render(request, "declarations/pledge.html", context)


def _followed_up_pledge(request, slug, pk):
    pledge = get_object_or_404(selectors.pledges_of().filter(declaration__slug=slug), pk=pk)
    if not permissions.can_follow_up_pledge(request.user, pledge):
        raise Http404(_("Only the pledging city's delegates follow a pledge up."))
    return pledge


@login_required
@require_POST
def pledge_update_post(request, slug, pk):
    pledge = _followed_up_pledge(request, slug, pk)
    form = PledgeUpdateForm(request.POST, request.FILES)
    if form.is_valid():
        pledges.pledge_update_post(pledge=pledge, by=request.user, **form.cleaned_data)
        messages.success(request, _("Your update is published."))
    else:
        errors = " ".join(str(error) for field_errors in form.errors.values() for error in field_errors)
        messages.error(request, _("The update could not be saved: %(errors)s") % {"errors": errors})
    return redirect(f"{pledge.get_absolute_url()}#progress")


@login_required
@require_POST
def pledge_status_set(request, slug, pk):
    pledge = _followed_up_pledge(request, slug, pk)
    form = PledgeStatusForm(request.POST)
    if form.is_valid():
        try:
            pledges.pledge_status_set(
                pledge=pledge, to=form.cleaned_data["status"], by=request.user, reason=form.cleaned_data["reason"]
            )
        except InvalidTransition:
            messages.error(request, _("That change of status is not possible now."))
        else:
            messages.success(request, _("The pledge's status is changed."))
    return redirect(f"{pledge.get_absolute_url()}#progress")


class PledgeFeed(Feed):
    """The newest progress updates on a declaration's pledges."""

    feed_type = Atom1Feed

    def get_object(self, request, slug):
        return get_object_or_404(selectors.declarations_public(), slug=slug)

    def title(self, obj):
        return _("Pledges: %(title)s") % {"title": obj.title}

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return selectors.pledge_updates_recent(declaration=obj)[:50]

    def item_title(self, item):
        return f"{item.pledge.city.name}: {item.pledge.title}"

    def item_description(self, item):
        # Atom's summary is HTML: plain text becomes HTML first (escaped, line breaks kept), or a reader would run
        # markup a delegate typed.
        return linebreaksbr(item.text, autoescape=True)

    def item_link(self, item):
        return f"{item.pledge.get_absolute_url()}#update-{item.pk}"

    def item_pubdate(self, item):
        return item.created_at
