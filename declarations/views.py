"""The declarations' pages: the text with its signatories, signing and withdrawing, versions and their word
diff, amendments, clauses with their discussion, the PDF. The pledges' pages are in views_pledges.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from declarations import permissions, selectors
from declarations.diff import version_diff
from declarations.forms import AmendmentForm, SignForm, WithdrawForm
from declarations.models import Clause
from declarations.services import printing, signing, texts
from discussion.pages import discussion_context
from discussion.selectors import thread_for_key
from summit.caching import cached_page
from summit.storage import file_response


@require_GET
@cached_page(seconds=30, signed_in=True)
def declaration_list(request):
    return render(request, "declarations/list.html", {"declarations": selectors.declarations_public()})


@require_GET
@cached_page(seconds=30)
def declaration_detail(request, slug):
    """The text clause by clause (each with its own anchor), the status and the signatory cities by country."""
    declaration = get_object_or_404(selectors.declaration_with_text(slug=slug))
    signable = permissions.cities_to_sign_for(request.user, declaration)
    signed = {signature.city_id: signature for signature in declaration.signatures.all()}
    # Readers of another language see the organisers' translation of the current version, said to be one.
    reader = translation.get_language()
    available = (
        selectors.translation_of(declaration=declaration, language=reader) if reader != declaration.language else None
    )
    shown = None if request.GET.get("original") else available
    clauses = (
        [Clause(number=number, text=text) for number, text in enumerate(shown.clauses, 1)]
        if shown
        else list(declaration.clauses.all())
    )
    return render(
        request,
        "declarations/detail.html",
        {
            "declaration": declaration,
            "title": shown.title if shown else declaration.title,
            "clauses": clauses,
            "text_language": shown.language if shown else declaration.language,
            "translation": shown,
            "translation_available": available is not None,
            "countries": selectors.signatures_by_country(declaration=declaration),
            "to_sign": [city for city in signable if city.pk not in signed],
            "to_withdraw": [signed[city.pk] for city in signable if city.pk in signed],
            "pledges": selectors.pledges_of(declaration=declaration),
            "can_pledge": bool(permissions.cities_to_pledge_for(request.user, declaration)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def declaration_sign(request, slug):
    """A confirmation page with the exact text; the signature records that version."""
    declaration = get_object_or_404(selectors.declarations_public(), slug=slug)
    cities = permissions.cities_to_sign_for(request.user, declaration)
    if not cities:
        raise Http404(_("You cannot sign this declaration."))
    version = texts.latest_version(declaration)
    form = SignForm(request.POST or None, cities=cities, initial={"version": version.pk})
    if request.method == "POST" and form.is_valid():
        city = form.cleaned_data["city"]
        try:
            signing.declaration_sign(
                declaration=declaration, city=city, by=request.user,
                version=declaration.versions.get(pk=form.cleaned_data["version"]),
            )  # fmt: skip
        except signing.AlreadySigned:
            messages.info(request, _("%(city)s has signed this declaration already.") % {"city": city})
        except (signing.TextChanged, declaration.versions.model.DoesNotExist):
            messages.error(request, _("The text changed since you opened it. Please read it again before signing."))
            return redirect("declarations:sign", slug=slug)
        except PermissionDenied:
            messages.error(request, _("You cannot sign this declaration for %(city)s.") % {"city": city})
        else:
            messages.success(request, _("%(city)s has signed the declaration.") % {"city": city})
        return redirect(f"{declaration.get_absolute_url()}#signatories")
    return render(
        request,
        "declarations/sign.html",
        {"declaration": declaration, "version": version, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def signature_withdraw(request, slug, city):
    declaration = get_object_or_404(selectors.declarations_public(), slug=slug)
    signature = declaration.signatures.select_related("city", "declaration").filter(city__slug=city).first()
    if signature is None or not permissions.can_withdraw(request.user, signature):
        raise Http404(_("There is no signature you can withdraw here."))
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        signing.signature_withdraw(signature=signature, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("%(city)s has withdrawn its signature.") % {"city": signature.city})
        return redirect(f"{declaration.get_absolute_url()}#signatories")
    return render(
        request,
        "declarations/withdraw.html",
        {"declaration": declaration, "signature": signature, "form": form},
        status=400 if form.errors else 200,
    )


@require_GET
@cached_page(seconds=30, signed_in=True)
def version_list(request, slug):
    """The declaration's text versions, newest first, each compared with the one before."""
    declaration = get_object_or_404(selectors.declarations_public(), slug=slug)
    versions = list(selectors.versions_of(declaration=declaration))
    pairs = [
        (version, versions[index + 1] if index + 1 < len(versions) else None) for index, version in enumerate(versions)
    ]
    return render(request, "declarations/versions.html", {"declaration": declaration, "pairs": pairs})


@require_GET
@cached_page(seconds=30, signed_in=True)
def version_compare(request, slug, a, b):
    """What changed from version `a` to version `b`, clause by clause and word by word."""
    declaration = get_object_or_404(selectors.declarations_public(), slug=slug)
    old = get_object_or_404(declaration.versions, number=a)
    new = get_object_or_404(declaration.versions, number=b)
    changes = version_diff(old.clauses, new.clauses)
    return render(
        request,
        "declarations/diff.html",
        {"declaration": declaration, "old": old, "new": new, "changes": changes,
         "unchanged": all(change.state == "same" for change in changes)},
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
@cached_page(seconds=30)
def amendment_list(request, slug):
    """Proposed amendments (oldest first, outdated ones marked) with their support, and the form to propose one."""
    declaration = get_object_or_404(selectors.declarations_public(), slug=slug)
    cities = permissions.cities_to_amend_for(request.user, declaration)
    form = AmendmentForm(request.POST or None, declaration=declaration, cities=cities) if cities else None
    if request.method == "POST":
        if form is None:
            raise Http404(_("Amendments are proposed by delegates while the declaration is a draft."))
        if form.is_valid():
            amendment = texts.amendment_propose(declaration=declaration, by=request.user, **form.cleaned_data)
            messages.success(request, _("Your amendment is proposed. Other delegates can now support it."))
            return redirect(f"{request.path}#amendment-{amendment.pk}")
    amendments = selectors.amendments_of(declaration=declaration)
    supported = set(selectors.amendments_supported_by(user=request.user, declaration=declaration))
    return render(
        request,
        "declarations/amendments.html",
        {
            "declaration": declaration,
            "amendments": [
                (amendment, permissions.can_support(request.user, amendment), amendment.pk in supported)
                for amendment in amendments
            ],
            "form": form,
        },
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@require_POST
def amendment_support(request, slug, pk):
    amendment = get_object_or_404(selectors.amendments_of().filter(declaration__slug=slug), pk=pk)
    if not permissions.can_support(request.user, amendment):
        raise Http404(_("You cannot support this amendment."))
    if texts.amendment_support(amendment=amendment, by=request.user):
        messages.success(request, _("You support this amendment."))
    else:
        messages.info(request, _("You support this amendment already."))
    return redirect(f"{reverse('declarations:amendments', kwargs={'slug': slug})}#amendment-{amendment.pk}")


@require_GET
@cache_control(private=True, no_cache=True)
def declaration_pdf(request, slug):
    """The text and every signatory as a tagged PDF. A Celery worker renders it once per version and signature
    count; until it is ready this answers 202 with a page that says so (and reloads itself with htmx)."""
    declaration = get_object_or_404(selectors.declarations_public(), slug=slug)
    if printing.declaration_pdf_is_ready(declaration):
        return file_response(declaration.pdf, content_type="application/pdf", filename=f"{slug}.pdf")
    printing.declaration_pdf_start(declaration=declaration)
    return render(request, "declarations/pdf_preparing.html", {"declaration": declaration}, status=202)


@require_GET
@cached_page(seconds=30, signed_in=True)
def clause_detail(request, slug, number):
    """One clause with its own discussion (linked from the text); the clause's address is its permanent link."""
    declaration = get_object_or_404(selectors.declarations_public(), slug=slug)
    clause = get_object_or_404(declaration.clauses, number=number)
    context = {"declaration": declaration, "clause": clause}
    context.update(discussion_context(request, thread_for_key(key=texts.clause_key(declaration, number))))
    return render(request, "declarations/clause.html", context)
