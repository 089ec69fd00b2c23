import datetime

from django import template

from summit import signed_in_pages
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


@register.filter
def iso_date(value: str) -> datetime.date | str:
    """A date frozen in an exhibit's data as "2019-08-31", back as a date for `|date:"DATE_FORMAT"`."""
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return value


@register.simple_tag(takes_context=True)
def reader_part(context, template_name: str, only_for: int | None = None, choice: str | None = None, **values):
    """`{% reader_part "app/_part.html" only_for=user_id choice="name" name=value ... %}`: a small part of the page
    that differs by reader, rendered from `template_name` with `values`, the reader as `user` and `now`; with
    `only_for`, shown to that user only; with `choice`, rendered once for every reader with the same value of that
    choice (summit.signed_in_pages.reader_part). Never inside `{% cache %}`."""
    return signed_in_pages.reader_part(context["request"], template_name, values, only_for, choice)
