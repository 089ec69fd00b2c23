from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from declarations import selectors


@require_GET
def declaration_list(request):
    return render(request, "declarations/list.html", {"declarations": selectors.declarations_public()})


@require_GET
def declaration_detail(request, slug):
    """The text clause by clause (each with its own anchor), the status and the signatory cities by country."""
    declaration = get_object_or_404(selectors.declaration_with_text(slug=slug))
    return render(
        request,
        "declarations/detail.html",
        {"declaration": declaration, "countries": selectors.signatures_by_country(declaration=declaration)},
    )
