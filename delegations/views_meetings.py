"""Bilateral meetings at /me/meetings/: a delegation asks another city, the other agrees to a time or declines,
either cancels. Only the two cities' delegates act on a meeting; for anyone else it is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from delegations import meetings as service
from delegations import selectors
from delegations.forms import MeetingAskForm
from delegations.models import Meeting, MeetingStatus
from summit.selectors import cities_of_delegate, summit_current_or_404


def _own(request, pk: int) -> tuple[Meeting, list]:
    cities = cities_of_delegate(user=request.user)
    meeting = selectors.meetings_of(summit=summit_current_or_404(), cities=cities).filter(pk=pk).first()
    if meeting is None:
        raise Http404(_("This meeting is not your delegation's."))
    return meeting, cities


@login_required
@require_GET
def meetings(request):
    cities = cities_of_delegate(user=request.user)
    if not cities:
        return render(request, "delegations/not_a_delegate.html", status=403)
    found = list(selectors.meetings_of(summit=summit_current_or_404(), cities=cities))
    for meeting in found:
        meeting.incoming = meeting.invited_city in cities and meeting.status == MeetingStatus.ASKED
        meeting.times = service.slot_times(meeting)
    return render(request, "delegations/meetings.html", {"meetings": found, "cities": cities})


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request):
    cities = cities_of_delegate(user=request.user)
    if not cities:
        return render(request, "delegations/not_a_delegate.html", status=403)
    summit = summit_current_or_404()
    form = MeetingAskForm(request.POST or None, slots=service.meeting_slots(summit=summit), own=cities[0])
    if request.method == "POST" and form.is_valid():
        try:
            service.meeting_ask(summit=summit, asking=cities[0], invited=form.cleaned_data["city"], slots=form.slots,
                                topic=form.cleaned_data["topic"], message=form.cleaned_data["message"],
                                by=request.user)  # fmt: skip
        except service.MeetingRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your request is sent to %(city)s.") % {"city": form.cleaned_data["city"]})
            return redirect("delegations:meetings")
    return render(request, "delegations/meeting_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_POST
def meeting_answer(request, pk):
    meeting, cities = _own(request, pk)
    if meeting.invited_city not in cities:
        raise Http404(_("Only the invited city answers."))
    slot = next((time for time in service.slot_times(meeting) if time.isoformat() == request.POST.get("slot")), None)
    if request.POST.get("answer") == "agree" and slot is None:
        messages.error(request, _("Choose one of the times asked for."))
        return redirect("delegations:meetings")
    try:
        service.meeting_answer(meeting=meeting, slot=slot if request.POST.get("answer") == "agree" else None,
                               by=request.user)  # fmt: skip
    except (service.MeetingRefused, ValueError) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your answer is sent."))
    return redirect("delegations:meetings")


@login_required
@require_POST
def meeting_cancel(request, pk):
    meeting, cities = _own(request, pk)
    city = meeting.asking_city if meeting.asking_city in cities else meeting.invited_city
    try:
        service.meeting_cancel(meeting=meeting, by=request.user, city=city)
    except ValueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The meeting is cancelled; the other city is told."))
    return redirect("delegations:meetings")
