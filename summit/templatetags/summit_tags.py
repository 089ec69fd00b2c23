from django import template

from summit.text import markdown_to_html

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
