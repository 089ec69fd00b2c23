from django import template

from summit.text import localised, markdown_to_html

register = template.Library()


@register.simple_tag(takes_context=True)
def lang_url(context, code: str) -> str:
    """The current page in another language: same path and query, with ?lang= replaced."""
    request = context["request"]
    query = request.GET.copy()
    query["lang"] = code
    return f"{request.path}?{query.urlencode()}"


@register.filter
def markdown(text: str):
    """User-written Markdown as cleaned HTML (summit.text)."""
    return markdown_to_html(text)


@register.filter
def tr(values: dict, field: str) -> str:
    """`field` of an exhibit's frozen data in the reader's language (English where not translated)."""
    return localised(values, field)
