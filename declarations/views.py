from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from declarations import permissions, selectors, services
from declarations.forms import SignForm, WithdrawForm


@require_GET
def declaration_list(request):
    return render(request, "declarations/list.html", {"declarations": selectors.declarations_public()})


@require_GET
def declaration_detail(request, slug):
    """The text clause by clause (each with its own anchor), the status and the signatory cities by country."""
    declaration = get_object_or_404(selectors.declaration_with_text(slug=slug))
    signable = permissions.cities_to_sign_for(request.user, declaration)
    signed = {signature.city_id: signature for signature in declaration.signatures.all()}
    return render(
        request,
        "declarations/detail.html",
        {
            "declaration": declaration,
            "countries": selectors.signatures_by_country(declaration=declaration),
            "to_sign": [city for city in signable if city.pk not in signed],
            "to_withdraw": [signed[city.pk] for city in signable if city.pk in signed],
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
    version = services.latest_version(declaration)
    form = SignForm(request.POST or None, cities=cities, initial={"version": version.pk})
    if request.method == "POST" and form.is_valid():
        city = form.cleaned_data["city"]
        try:
            services.declaration_sign(
                declaration=declaration, city=city, by=request.user,
                version=declaration.versions.get(pk=form.cleaned_data["version"]),
            )  # fmt: skip
        except services.AlreadySigned:
            messages.info(request, _("%(city)s has signed this declaration already.") % {"city": city})
        except (services.TextChanged, declaration.versions.model.DoesNotExist):
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
        services.signature_withdraw(signature=signature, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("%(city)s has withdrawn its signature.") % {"city": signature.city})
        return redirect(f"{declaration.get_absolute_url()}#signatories")
    return render(
        request,
        "declarations/withdraw.html",
        {"declaration": declaration, "signature": signature, "form": form},
        status=400 if form.errors else 200,
    )
