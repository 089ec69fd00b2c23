"""A showing's screen at the venue and its offline copy: the same slides served live at
/exhibition/cities/<city>/screen/ or written, with the exhibit pages, into the kit's `offline/` folder.

The offline copy is plain files that open from `index.html` with no server and no network: its own copy of the
site's CSS, the screen's script, the practices' photos and the charts as inline SVG; every link is relative.
"""

import posixpath

from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils.html import strip_tags

from discussion.selectors import comments_newest
from exhibition.charts import bar_chart
from exhibition.models import Exhibit, Showing
from exhibition.services.printing import qr_code_svg
from summit.text import localised

SLIDE_SECONDS = 20
COMMENTS_SHOWN = 5
COMMENT_CHARACTERS = 280
# Static files the offline copy carries, under the names its pages use.
OFFLINE_STATIC = {"site.css": "css/site.css", "screen.css": "css/screen.css", "screen.js": "js/screen.js"}


def screen_slides(*, exhibits: list[Exhibit], urls: dict[str, str]) -> list[dict]:
    """One slide per topic exhibit, in large type: its title, summary, figures, three most-voted outcomes, three
    practices and the QR code to comment (`urls`: exhibit key → the address the QR code leads to)."""
    slides = []
    for exhibit in exhibits:
        payload = exhibit.payload
        slides.append({
            "slug": exhibit.slug, "title": exhibit.display_title, "summary": localised(payload["topic"], "summary"),
            "figures": payload["figures"], "top": payload["top_outcomes"][:3],
            "practices": payload["practices"][:3], "qr_svg": qr_code_svg(urls[exhibit.key]),
            "short_url": urls[exhibit.key].split("://", 1)[-1],
        })  # fmt: skip
    return slides


def screen_comments(*, scope: str) -> list[dict]:
    """The showing's newest comments for the screen: text shortened, the name shown in the discussion, the topic."""
    return [
        {"text": _shortened(strip_tags(comment.body)), "name": comment.display_name, "topic": comment.thread.title}
        for comment in comments_newest(scope=scope, count=COMMENTS_SHOWN)
    ]


def _shortened(text: str) -> str:
    return text if len(text) <= COMMENT_CHARACTERS else text[: COMMENT_CHARACTERS - 1].rstrip() + "…"


def _image_name(path: str) -> str:
    return f"images/{posixpath.basename(path)}"


def offline_copy(*, showing: Showing, exhibits: list[Exhibit], overview: Exhibit | None, urls: dict) -> dict:
    """The offline copy's files, path → bytes: index.html, a page per topic, screen.html, CSS, script, photos."""
    files = {}
    images = {p["image"] for e in exhibits for p in e.payload["practices"] if p.get("image")}
    rows = [(localised(t, "name"), t["outcomes"], t["colour"]) for t in overview.payload["topics"]] if overview else []
    pages = [(exhibit, f"topics/{exhibit.slug}.html") for exhibit in exhibits]
    files["index.html"] = render_to_string(
        "exhibition/offline/index.html", {"showing": showing, "pages": pages, "chart": bar_chart(rows)}
    )
    for exhibit, path in pages:
        practices = [{**p, "image": _image_name(p["image"]) if p.get("image") else ""}
                     for p in exhibit.payload["practices"]]  # fmt: skip
        files[path] = render_to_string(
            "exhibition/offline/topic.html",
            {"showing": showing, "exhibit": exhibit, "practices": practices, "url": urls[exhibit.key]},
        )
    files["screen.html"] = render_to_string(
        "exhibition/screen.html",
        {"showing": showing, "slides": screen_slides(exhibits=exhibits, urls=urls), "comments": [],
         "stylesheets": ["screen.css", "topics.css"], "js": "screen.js", "comments_url": "", "seconds": SLIDE_SECONDS},
    )  # fmt: skip
    files["topics.css"] = "\n".join(
        f".topic-{e.slug} {{ --topic-colour: {e.payload['topic']['colour']}; }}" for e in exhibits
    )
    for name, static in OFFLINE_STATIC.items():
        with open(finders.find(static), "rb") as source:
            files[name] = source.read()
    for image in sorted(images):
        if default_storage.exists(image):
            with default_storage.open(image) as stored:
                files[_image_name(image)] = stored.read()
    return {path: content.encode() if isinstance(content, str) else content for path, content in files.items()}
