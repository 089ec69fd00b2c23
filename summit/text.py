"""Text helpers: what people type cleaned of invisible controls, user-written Markdown to safe HTML
(Python-Markdown, then nh3), and frozen text in the reader's language."""

import re
import unicodedata

import markdown
import nh3
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre", "h2", "h3", "h4", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def _format_characters() -> str:
    """Every character of Unicode's format category (Cf) but the joiners: zero-width spaces, direction marks,
    embeddings, overrides and isolates, the word joiner, the byte order mark, the Arabic letter mark, tags, ...
    They live in the first planes and in plane 14 (tags)."""
    found = [
        chr(point)
        for block in (range(0x30000), range(0xE0000, 0xE1000))
        for point in block
        if unicodedata.category(chr(point)) == "Cf" and point not in JOINERS
    ]
    return "".join(re.escape(char) for char in found)


JOINERS = (0x200C, 0x200D)  # zero-width non-joiner and joiner: Persian, Indic scripts and emoji need them
# C0 controls but tab and line breaks, DEL, C1 controls, and the format characters: invisible, and able to reverse
# how a name or a file name reads (“\u202egpj.exe”), hide a word from a search or a moderator, or break an Atom
# feed or an XML export.
INVISIBLE_CONTROLS = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_format_characters()}]")
# A joiner is kept only inside a word (between two characters that are neither spaces nor joiners).
STRAY_JOINER = re.compile("(?<![^\\s\u200c\u200d])[\u200c\u200d]|[\u200c\u200d](?![^\\s\u200c\u200d])")


def controls_remove(text: str) -> str:
    """`text` without invisible controls and format characters, keeping a joiner where a word needs it."""
    return STRAY_JOINER.sub("", INVISIBLE_CONTROLS.sub("", text))


def markdown_to_html(text: str) -> SafeString:
    """Render a Markdown subset (no raw HTML, no images) to HTML that is safe to show as is."""
    rendered = markdown.markdown(text or "", extensions=["sane_lists"], output_format="html")
    cleaned = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow ugc noopener",
    )
    return mark_safe(cleaned)  # noqa: S308 - nh3 has just removed everything not on the allow-list


def translations_of(instance, *fields: str) -> dict[str, dict[str, str]]:
    """The organisers' German and French for `fields` of a translated model (summit/translation.py), as frozen
    data: {"de": {"name": "…"}}, leaving out what is not translated. English stays in the plain keys."""
    found = {}
    for code, _name in settings.LANGUAGES:
        if code != settings.LANGUAGE_CODE:
            values = {field: value for field in fields if (value := getattr(instance, f"{field}_{code}"))}
            if values:
                found[code] = values
    return found


def localised(values: dict, field: str) -> str:
    """`field` of frozen data (an exhibit's payload) in the current language, from its "i18n" entry
    (translations_of), else the English value."""
    return values.get("i18n", {}).get(get_language(), {}).get(field) or values.get(field, "")
