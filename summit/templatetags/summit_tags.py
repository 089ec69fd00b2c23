from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def lang_url(context, code: str) -> str:
    """The current page in another language: same path and query, with ?lang= replaced."""
    request = context["request"]
    query = request.GET.copy()
    query["lang"] = code
    return f"{request.path}?{query.urlencode()}"
