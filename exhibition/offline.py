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
from exhibition.models import Exhibit, Showing
from exhibition.services.printing import qr_code_svg
from summit.charts import bar_chart
from summit.text import localised

SLIDE_SECONDS = 20
# A slide and the newest comments fit one 1920x1080 screen in every language without scrolling: texts are
# shortened to these lengths (German runs about a third longer than English), and the layout clips what is left
# (static/css/screen.css), the comments keeping their place at the bottom.
COMMENTS_SHOWN = 3
COMMENT_CHARACTERS = 160
SUMMARY_CHARACTERS = 260
LINE_CHARACTERS = 110
# Static files the offline copy carries, under the names its pages use.
OFFLINE_STATIC = {"site.css": "css/site.css", "screen.css": "css/screen.css", "screen.js": "js/screen.js"}


def screen_slides(*, exhibits: list[Exhibit], urls: dict[str, str]) -> list[dict]:
    """The topic exhibits as slides in large type, each with its title and the QR code to comment (`urls`: exhibit
    key → the address the QR code leads to). A topic takes up to three slides, so that each fits the screen in every
    language: its summary and figures, its three most-voted outcomes, its three practices."""
    slides = []
    for exhibit in exhibits:
        payload = exhibit.payload
        top = [{**outcome, "text": _shortened(outcome["text"], LINE_CHARACTERS)}
               for outcome in payload["top_outcomes"][:3]]  # fmt: skip
        practices = [{**practice, "title": _shortened(practice["title"], LINE_CHARACTERS)}
                     for practice in payload["practices"][:3]]  # fmt: skip
        topic = {"slug": exhibit.slug, "title": exhibit.display_title, "qr_svg": qr_code_svg(urls[exhibit.key]),
                 "short_url": urls[exhibit.key].split("://", 1)[-1]}  # fmt: skip
        slides.append({**topic, "summary": _shortened(localised(payload["topic"], "summary"), SUMMARY_CHARACTERS),
                       "figures": payload["figures"]})  # fmt: skip
        if top:
            slides.append({**topic, "top": top})
        if practices:
            slides.append({**topic, "practices": practices})
    return slides


def screen_comments(*, scope: str, exhibits: list[Exhibit]) -> list[dict]:
    """The showing's newest comments for the screen: text shortened, the name shown in the discussion, and the topic
    as its exhibit is titled in the current language (the thread keeps the English title it was made with)."""
    titles = {exhibit.key: exhibit.display_title for exhibit in exhibits}
    return [
        {
            "text": _shortened(strip_tags(comment.body), COMMENT_CHARACTERS),
            "name": str(comment.display_name),
            "topic": titles.get(comment.thread.key, comment.thread.title),
        }
        for comment in comments_newest(scope=scope, count=COMMENTS_SHOWN)
    ]


def _shortened(text: str, characters: int) -> str:
    return text if len(text) <= characters else text[: characters - 1].rstrip() + "…"


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
