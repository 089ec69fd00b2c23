"""The facilitators' capture screen. Saves of outcomes answer JSON for capture.js; the rest answers htmx."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import DEFAULT_DB_ALIAS
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rooms.services import room_ensure
from summit.models import City
from summit.permissions import is_facilitator, is_organiser
from workshops import capture, permissions, selectors
from workshops.forms import OutcomeForm, OutcomePhotoForm, WorkshopSummaryForm
from workshops.hosting import room_key
from workshops.models import OutcomeKind, Workshop, WorkshopStatus

# What the service worker keeps so that the capture screen opens without a network.
OFFLINE_ASSETS = ["css/site.css", "js/capture.js", "django_htmx/htmx-2.min.js", "django_htmx/django-htmx.js"]


def _offline_urls() -> list[str]:
    return [static(asset) for asset in OFFLINE_ASSETS] + [reverse("topic_styles")]


def _workshop(request, pk) -> Workshop:
    """The workshop if the user facilitates it or organises; 404 for everyone else."""
    workshop = get_object_or_404(Workshop.objects.select_related("programme_item__venue", "topic"), pk=pk)
    if not permissions.can_view_workshop(request.user, workshop):
        raise Http404(_("No workshop of yours has this number."))
    return workshop


def _workshop_to_save_in(request, pk) -> Workshop:
    """For an outcome's save, only what the permission checks and the insert need: a facilitator's workshop is
    its id and status as kept with the signed-in user (no query: twenty tablets may save at once); anyone else's
    is read, or a 404."""
    status = permissions.facilitated(request.user).get(pk)
    if status is None:
        workshop = get_object_or_404(Workshop.objects.only("status"), pk=pk)
    else:
        workshop = Workshop.from_db(DEFAULT_DB_ALIAS, ["id", "status"], [pk, status])
    if not permissions.can_view_workshop(request.user, workshop):
        raise Http404(_("No workshop of yours has this number."))
    return workshop


def _writable(request, workshop) -> None:
    if not permissions.can_capture(request.user, workshop):
        raise PermissionDenied(_("This workshop is closed; only organisers can change it now."))


def _item_context(workshop, can_capture: bool) -> dict:
    """What the outcome items need. Their buttons post to the list's address with the outcome's id and the action
    after it (`workshops.urls`): one reversal per list, not three per item, for the list every tablet polls."""
    return {
        "workshop": workshop,
        "can_capture": can_capture,
        "outcomes_url": reverse("workshops:workshop_outcomes", args=[workshop.pk]),
    }


@login_required
@require_GET
def workshop_list(request):
    if not (is_facilitator(request.user) or is_organiser(request.user)):
        return render(request, "workshops/not_a_facilitator.html", status=403)
    return render(
        request, "workshops/workshop_list.html", {"workshops": selectors.workshops_for_user(user=request.user)}
    )


@login_required
@require_GET
def workshop_capture(request, pk):
    workshop = _workshop(request, pk)
    can_capture = permissions.can_capture(request.user, workshop)
    return render(
        request,
        "workshops/capture.html",
        {
            **_item_context(workshop, can_capture),
            "outcomes": selectors.workshop_outcomes(workshop=workshop),
            "kinds": OutcomeKind.choices,
            "cities": City.objects.all(),
            "photos": workshop.photos.all(),
            "photo_form": OutcomePhotoForm() if can_capture else None,
            "summary_form": WorkshopSummaryForm(instance=workshop) if can_capture else None,
            "offline_assets": _offline_urls(),
            "is_organiser": is_organiser(request.user),
            "room": room_ensure(key=room_key(workshop)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def outcomes(request, pk):
    """GET: the current list (capture.js polls it). POST: save one outcome, idempotently, as JSON."""
    if request.method == "GET":
        workshop = _workshop(request, pk)
        return render(
            request,
            "workshops/capture.html#outcome-list",
            {
                **_item_context(workshop, permissions.can_capture(request.user, workshop)),
                "outcomes": selectors.workshop_outcomes(workshop=workshop),
            },
        )
    workshop = _workshop_to_save_in(request, pk)
    if not permissions.can_capture(request.user, workshop):
        return JsonResponse({"error": _("This workshop is closed; only organisers can change it now.")}, status=403)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"error": _("This outcome could not be saved."), "fields": form.errors}, status=400)
    data = form.cleaned_data
    try:
        outcome, created = capture.outcome_save(
            workshop=workshop,
            by=request.user,
            uuid=data["uuid"],
            kind=data["kind"],
            text=data["text"],
            city=data["city"],
            version=data["version"],
        )
    except capture.OutcomeConflict as conflict:
        current = conflict.current
        return JsonResponse(
            {
                "error": _("Someone changed this outcome since you opened it."),
                "current": {"text": current.text, "kind": current.kind, "version": current.version},
                "html": _item_html(workshop, current),
            },
            status=409,
        )
    except PermissionDenied:
        return JsonResponse({"error": _("This outcome belongs to another workshop.")}, status=403)
    return JsonResponse(
        {"html": _item_html(workshop, outcome), "version": outcome.version}, status=201 if created else 200
    )


def _item_html(workshop, outcome) -> str:
    """The saved outcome's item, for a tablet that was allowed to save it. Rendered without the request: the item
    needs neither the context processors nor a CSRF token (capture.js and htmx send the page's), and a save stays
    cheap when twenty tablets save at once."""
    return render_to_string("workshops/capture.html#outcome", {**_item_context(workshop, True), "outcome": outcome})


def _item_response(request, workshop, outcome) -> HttpResponse:
    context = {**_item_context(workshop, permissions.can_capture(request.user, workshop)), "outcome": outcome}
    return render(request, "workshops/capture.html#outcome", context)


def _outcome(request, pk, uuid):
    workshop = _workshop(request, pk)
    _writable(request, workshop)
    return workshop, get_object_or_404(workshop.outcomes.select_related("city"), uuid=uuid)


@login_required
@require_POST
def outcome_vote(request, pk, uuid):
    workshop, outcome = _outcome(request, pk, uuid)
    delta = 1 if request.POST.get("delta") == "1" else -1
    outcome = capture.outcome_vote(outcome=outcome, by=request.user, delta=delta)
    return _item_response(request, workshop, outcome)


@login_required
@require_POST
def outcome_hide(request, pk, uuid):
    workshop, outcome = _outcome(request, pk, uuid)
    outcome = capture.outcome_hide(outcome=outcome, by=request.user, hidden=request.POST.get("hidden") == "1")
    return _item_response(request, workshop, outcome)


@login_required
@require_POST
def outcome_move(request, pk, uuid):
    _workshop_checked, outcome = _outcome(request, pk, uuid)
    capture.outcome_move(outcome=outcome, by=request.user, direction=request.POST.get("direction", "up"))
    response = HttpResponse(status=204)
    response["HX-Trigger"] = "outcomes-changed"
    return response


@login_required
@require_POST
def photo_add(request, pk):
    workshop = _workshop(request, pk)
    _writable(request, workshop)
    form = OutcomePhotoForm(request.POST, request.FILES)
    if form.is_valid():
        capture.outcome_photo_add(
            workshop=workshop, by=request.user, image=form.cleaned_data["image"], caption=form.cleaned_data["caption"]
        )
        messages.success(request, _("Photo added."))
    else:
        for error in form.errors.values():
            messages.error(request, " ".join(error))
    return redirect("workshops:workshop_capture", pk=pk)


@login_required
@require_POST
def summary_save(request, pk):
    workshop = _workshop(request, pk)
    _writable(request, workshop)
    form = WorkshopSummaryForm(request.POST, instance=Workshop.objects.get(pk=workshop.pk))
    if form.is_valid():
        capture.workshop_summary_save(
            workshop=workshop,
            by=request.user,
            summary=form.cleaned_data["summary"],
            ready=form.cleaned_data["ready_for_exhibition"],
        )
        messages.success(request, _("Summary saved."))
    return redirect("workshops:workshop_capture", pk=pk)


# Whole sentences, so each language words them its own way (not a status label dropped into a sentence).
STATUS_CHANGED = {
    WorkshopStatus.RUNNING: gettext_lazy("The workshop is running: outcomes can be captured."),
    WorkshopStatus.CLOSED: gettext_lazy("The workshop is closed. Its outcomes go into the next exhibition edition."),
}


@login_required
@require_http_methods(["GET", "POST"])
def status_set(request, pk):
    """Start, close (after a confirmation page) or, for organisers, reopen a workshop."""
    workshop = _workshop(request, pk)
    target = request.POST.get("status") or request.GET.get("status")
    if target not in capture.STATUS_FLOW.get(workshop.status, set()):
        messages.error(request, _("That change of status is not possible now."))
        return redirect("workshops:workshop_capture", pk=pk)
    if request.method == "GET":
        return render(request, "workshops/workshop_status_confirm.html", {"workshop": workshop, "target": target})
    try:
        capture.workshop_status_set(workshop=workshop, by=request.user, status=target)
    except PermissionDenied:
        messages.error(request, _("Only organisers can reopen a closed workshop."))
    else:
        messages.success(request, STATUS_CHANGED[target])
    return redirect("workshops:workshop_capture", pk=pk)


@require_GET
def service_worker(request):
    """Served from /workshops/ so that it may control the capture screens."""
    response = render(
        request,
        "workshops/sw.js",
        {"assets": _offline_urls()},
        content_type="text/javascript",
    )
    response["Cache-Control"] = "no-cache"
    return response
