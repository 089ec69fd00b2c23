"""A city's delegates keep its delegation's protocol details at /me/delegation/: who comes, when they land, where
they sleep, what they eat and which language they listen in. Another city's people are a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from delegations import selectors, services
from delegations.forms import MemberForm
from delegations.models import Member
from summit.models import City
from summit.selectors import cities_of_delegate, summit_current_or_404


def _city(request) -> City | None:
    """The city whose delegation the delegate keeps: their own, or with several, the one in ?city=."""
    cities = cities_of_delegate(user=request.user)
    wanted = request.GET.get("city")
    return next((city for city in cities if city.slug == wanted), cities[0] if cities else None)


def _editor_member(request, pk: int) -> Member:
    member = selectors.member_for_editor(cities=cities_of_delegate(user=request.user), pk=pk)
    if member is None:
        raise Http404(_("This person is not in your delegation."))
    return member


@login_required
@require_http_methods(["GET"])
def delegation(request):
    city = _city(request)
    if city is None:
        return render(request, "delegations/not_a_delegate.html", status=403)
    summit = summit_current_or_404()
    found = selectors.delegation_of(city=city, summit=summit)
    context = {"city": city, "delegation": found, "members": selectors.members_of(delegation=found),
               "protocol": selectors.protocol_of(summit=summit)}  # fmt: skip
    return render(request, "delegations/delegation.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request, pk=None):
    """Add a person to the delegation (no pk) or change one."""
    member = _editor_member(request, pk) if pk else None
    city = member.delegation.city if member else _city(request)
    if city is None:
        return render(request, "delegations/not_a_delegate.html", status=403)
    form = MemberForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        delegation = member.delegation if member else services.delegation_for(city=city, summit=summit_current_or_404())
        saved = services.member_save(delegation=delegation, member=member, data=form.cleaned_data, by=request.user)
        messages.success(request, _("%(name)s is saved.") % {"name": saved.full_name})
        return redirect("delegations:delegation")
    return render(request, "delegations/member_form.html", {"form": form, "member": member, "city": city},
                  status=400 if form.errors else 200)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def member_remove(request, pk):
    member = _editor_member(request, pk)
    if request.method == "POST":
        services.member_remove(member=member, by=request.user)
        messages.success(request, _("%(name)s is no longer in the delegation.") % {"name": member.full_name})
        return redirect("delegations:delegation")
    return render(request, "delegations/member_remove.html", {"member": member})
