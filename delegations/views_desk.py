"""The accreditation desk, for organisers, on a tablet at /delegates/desk/ (static/js/desk.js does the offline
part): the signed list to work from, and the check-ins it sends."""

import json

from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from delegations import desk as service
from summit.permissions import is_organiser
from summit.selectors import summit_current_or_404


def _organiser(request) -> None:
    if not is_organiser(request.user):
        raise PermissionDenied(_("The accreditation desk is for the organisers."))


@require_GET
@cache_control(private=True, no_store=True)
def desk(request):
    _organiser(request)
    return render(request, "delegations/desk.html", {"people": service.desk_list(summit=summit_current_or_404())})


@require_GET
@cache_control(private=True, no_store=True)
def desk_list(request):
    _organiser(request)
    return JsonResponse(service.desk_list(summit=summit_current_or_404()))


@require_POST
def desk_check_ins(request):
    """Check-ins sent by a desk as {"codes": [...]}; answers what became of each."""
    _organiser(request)
    try:
        codes = json.loads(request.body or b"{}").get("codes", [])
    except (ValueError, AttributeError):
        return JsonResponse({"error": _("Send the check-ins as JSON.")}, status=400)
    if not isinstance(codes, list):
        return JsonResponse({"error": _("Send the check-ins as a list of codes.")}, status=400)
    return JsonResponse({"results": service.check_ins_record(codes=codes, summit=summit_current_or_404())})
