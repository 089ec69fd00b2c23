"""A city's delegates keep its delegation's protocol details at /me/delegation/: who comes, when they land, where
they sleep, what they eat and which language they listen in. Another city's people are a 404."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from delegations import agenda as agenda_service
from delegations import certificates, letters, selectors, services
from delegations.forms import DirectoryFilterForm, LetterRequestForm, MemberForm
from delegations.meetings import meeting_calendar_entry
from delegations.models import LetterKind, Member
from summit.calendars import programme_calendar
from summit.models import City
from summit.permissions import can_see_delegates_only
from summit.ratelimit import rate_limit_hit
from summit.selectors import cities_of_delegate, programme_items, summit_current_or_404
from summit.storage import file_response

DIRECTORY_PAGE = 50


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
    today = timezone.localdate()
    context = {"city": city, "delegation": found, "members": selectors.members_of(delegation=found),
               "protocol": selectors.protocol_of(summit=summit), "letter_kinds": LetterKind.choices,
               "languages": settings.LANGUAGES, "certificates_open": summit.ends_on <= today,
               "passports_deleted": today > (services.passports_kept_until() or summit.ends_on)}  # fmt: skip
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


@login_required
@require_POST
def letter_request(request, pk):
    """Ask for a visa or invitation letter for one person of the delegation."""
    member = _editor_member(request, pk)
    form = LetterRequestForm(request.POST)
    if not form.is_valid():
        return render(request, "400.html", {"reason": _("Choose the kind of letter and its language.")}, status=400)
    try:
        letters.letter_request(member=member, by=request.user, **form.cleaned_data)
    except letters.LetterNotReady as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The letter is asked for. The organisers review it; it appears here once ready."))
    return redirect(f"{reverse('delegations:delegation')}?city={member.delegation.city.slug}")


@login_required
@require_GET
@cache_control(private=True, no_store=True)
def letter_pdf(request, reference):
    """An approved letter's PDF, for its city's delegates and the organisers."""
    letter = selectors.letter_for_reader(user=request.user, reference=reference,
                                         cities=cities_of_delegate(user=request.user))  # fmt: skip
    if letter is None or not letter.pdf:
        raise Http404(_("There is no letter to download here."))
    return file_response(letter.pdf, as_attachment=True, filename=f"{letter.reference}.pdf")


def _confirmation(request, reference: str, *, issued, template: str, name: str):
    """The page that confirms a letter or a certificate by its reference (`issued` looks it up), a 404 that says so
    for an unknown one. Both count against one limit per address: one budget for guessing any reference."""
    if rate_limit_hit(request, "letter-verify", settings.LETTER_VERIFY_RATE):
        return render(request, "429.html", status=429)
    found = issued(reference=reference.strip().upper())
    return render(request, template, {name: found, "reference": reference}, status=200 if found else 404)


@require_GET
@cache_control(private=True, no_store=True)
def letter_verify(request, reference):
    """For consulates: whether the summit issued the letter with this reference, and to whom for which stay."""
    return _confirmation(request, reference, issued=selectors.letter_issued, template="delegations/letter_verify.html",
                         name="letter")  # fmt: skip


@login_required
@require_POST
def certificate_request(request, pk):
    """Ask for the certificate of attendance of one person of the delegation who was checked in."""
    member = _editor_member(request, pk)
    try:
        certificates.certificate_request(member=member, today=timezone.localdate())
    except certificates.CertificateNotReady as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The certificate is being prepared; it appears here in a minute."))
    return redirect(f"{reverse('delegations:delegation')}?city={member.delegation.city.slug}")


@login_required
@require_GET
@cache_control(private=True, no_store=True)
def certificate_pdf(request, reference):
    """A certificate's PDF, for its city's delegates and the organisers."""
    member = selectors.certificate_for_reader(user=request.user, reference=reference,
                                              cities=cities_of_delegate(user=request.user))  # fmt: skip
    if member is None:
        raise Http404(_("There is no certificate to download here."))
    return file_response(member.certificate, as_attachment=True, filename=f"{reference}.pdf")


@require_GET
@cache_control(private=True, no_store=True)
def certificate_verify(request, reference):
    """Whether the summit issued the certificate of attendance with this reference, and to whom."""
    return _confirmation(request, reference, issued=selectors.certificate_issued, name="member",
                         template="delegations/certificate_verify.html")  # fmt: skip


@login_required
@require_GET
def directory(request):
    """The delegate directory: who of the delegations agreed to be listed, for the delegates (and the organisers and
    facilitators) to find each other; filtered by topic of interest and city."""
    if not can_see_delegates_only(request.user):
        return render(request, "delegations/not_a_delegate.html", status=403)
    summit = summit_current_or_404()
    form = DirectoryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    people = selectors.directory(summit=summit, topic=filters.get("topic"), city=filters.get("city"))
    page = Paginator(people, DIRECTORY_PAGE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "filtered": any(filters.values())}
    return render(request, "delegations/directory.html", context)


@login_required
@require_GET
def agenda(request):
    """The programme items the person follows, and the private address of their calendar feed."""
    if not can_see_delegates_only(request.user):
        return render(request, "delegations/not_a_delegate.html", status=403)
    token = agenda_service.agenda_feed_token(user=request.user)
    meetings = selectors.meetings_agreed(summit=summit_current_or_404(), cities=cities_of_delegate(user=request.user))
    context = {"entries": selectors.agenda_of(user=request.user), "meetings": meetings,
               "feed_url": settings.SITE_URL + reverse("delegations:agenda_feed", args=[token])}  # fmt: skip
    return render(request, "delegations/agenda.html", context)


@login_required
@require_POST
def agenda_follow(request, pk):
    """Add a programme item to the agenda ("follow" in the form) or take it off."""
    if not can_see_delegates_only(request.user):
        return render(request, "delegations/not_a_delegate.html", status=403)
    summit = summit_current_or_404()
    item = get_object_or_404(programme_items(summit=summit, include_delegates_only=True), pk=pk)
    follow = request.POST.get("follow") == "1"
    agenda_service.agenda_follow(user=request.user, item=item, follow=follow)
    said = _("%(title)s is in your agenda.") if follow else _("%(title)s is no longer in your agenda.")
    messages.success(request, said % {"title": item.title})
    target = request.POST.get("next", "")  # back to the programme item's page, never to another site
    if not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        target = reverse("delegations:agenda")
    return redirect(target)


@login_required
@require_POST
def agenda_feed_replace(request):
    agenda_service.agenda_feed_replace(user=request.user)
    messages.success(request, _("Your calendar feed has a new address; the old one no longer works."))
    return redirect("delegations:agenda")


@require_GET
def agenda_feed(request, token):
    """The agenda as a calendar, for calendar apps: the secret address is the key."""
    found = selectors.agenda_feed_owner(token=token)
    summit = summit_current_or_404()
    if found is None:
        raise Http404(_("This calendar address is no longer valid."))
    items = [entry.item for entry in selectors.agenda_of(user=found)]
    meetings = selectors.meetings_agreed(summit=summit, cities=cities_of_delegate(user=found))
    content = programme_calendar(summit=summit, items=items, url=settings.SITE_URL + reverse("programme"),
                                 extra=[meeting_calendar_entry(meeting) for meeting in meetings])  # fmt: skip
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="agenda.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
