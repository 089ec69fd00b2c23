"""The public exhibition. Numbered editions never change, so their pages and PDFs are cached for long."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from discussion import hosts
from discussion.pages import discussion_context
from discussion.selectors import thread_for_key
from exhibition import selectors
from exhibition.hosting import showing_scope
from exhibition.models import Edition, ExhibitKind, Showing
from exhibition.services import open_data
from opinions.selectors import statement_results
from summit.caching import cached_page
from summit.charts import bar_chart
from summit.storage import file_response
from summit.text import localised
from workshops.selectors import outcome_kind_label

# PDFs of a numbered edition never change. HTML pages carry the visitor's own header, so browsers may keep them
# but shared caches may not.
IMMUTABLE = {"public": True, "max_age": 60 * 60 * 24 * 365, "immutable": True}
EDITION_PAGE = {"private": True, "max_age": 60 * 60}
CURRENT = {"private": True, "max_age": 60}


def _edition_context(edition: Edition) -> dict:
    shown = [ExhibitKind.OVERVIEW, ExhibitKind.TOPIC, ExhibitKind.DECLARATION, ExhibitKind.OPINIONS]
    exhibits = list(selectors.edition_exhibits(edition=edition).filter(kind__in=shown))
    overview = next((exhibit for exhibit in exhibits if exhibit.kind == ExhibitKind.OVERVIEW), None)
    topics = [exhibit for exhibit in exhibits if exhibit.kind == ExhibitKind.TOPIC]
    opinions = {e.payload["topic"]["slug"]: e.slug for e in exhibits if e.kind == ExhibitKind.OPINIONS}
    for topic in topics:  # a topic's "What the cities think" poster sits beside its own
        topic.opinions_slug = opinions.get(topic.slug)
    declarations = [exhibit for exhibit in exhibits if exhibit.kind == ExhibitKind.DECLARATION]
    rows = [(localised(t, "name"), t["outcomes"], t["colour"]) for t in overview.payload["topics"]] if overview else []
    chart = bar_chart(rows)
    return {"edition": edition, "overview": overview, "topics": topics, "declarations": declarations, "chart": chart,
            "open_data_licence": settings.OPEN_DATA_LICENCE}  # fmt: skip


@require_GET
@cache_control(**CURRENT)
@cached_page(seconds=30, signed_in=True)
def exhibition_home(request):
    edition = selectors.edition_current()
    if edition is None:
        return render(request, "exhibition/empty.html")
    context = {**_edition_context(edition), "is_current_page": True, "showings": selectors.showings_public()}
    return render(request, "exhibition/edition.html", context)


def _new_outcome_ids(edition: Edition) -> set[str]:
    """The outcomes new or changed in `edition`, which its pages mark."""
    return {o["id"] for topic in edition.changes.get("topics", {}).values() for o in topic["outcomes"]}


def topic_context(request, edition: Edition, slug: str, showing: Showing | None = None) -> dict:
    exhibit = get_object_or_404(edition.exhibits, key=f"topic:{slug}")
    votes = bar_chart(
        [(o["text"][:40], o["votes"], exhibit.payload["topic"]["colour"]) for o in exhibit.payload["top_outcomes"]]
    )
    new_practices = {p["id"] for t in edition.changes.get("topics", {}).values() for p in t["practices"]}
    context = {"edition": edition, "exhibit": exhibit, "chart": votes, "showing": showing,
               "new_ids": _new_outcome_ids(edition), "new_practice_ids": new_practices}  # fmt: skip
    scope = showing_scope(showing) if showing is not None else hosts.SUMMIT
    context["opinions"] = statement_results(topic_slug=slug, scope=scope)
    context.update(discussion_context(request, thread_for_key(key=exhibit.key), scope))
    return context


@require_GET
@cache_control(private=True, no_cache=True)
@cached_page(seconds=30, signed_in=True)
def topic_exhibit(request, slug):
    """The poster's QR code lands here: the current edition's exhibit for the topic, whatever the edition."""
    edition = selectors.edition_current()
    if edition is None:
        return render(request, "exhibition/empty.html", status=404)
    return render(request, "exhibition/topic.html", topic_context(request, edition, slug))


@require_GET
@cache_control(private=True, no_cache=True)
@cached_page(seconds=30, signed_in=True)
def workshop_exhibit(request, pk):
    """One workshop's outcomes in the current edition, grouped by kind, with their own discussion."""
    edition = selectors.edition_current()
    if edition is None:
        return render(request, "exhibition/empty.html", status=404)
    exhibit = get_object_or_404(edition.exhibits, key=f"workshop:{pk}")
    sections = [(outcome_kind_label(kind), outcomes) for kind, outcomes in exhibit.payload["outcomes"].items()]
    context = {"edition": edition, "exhibit": exhibit, "sections": sections, "new_ids": _new_outcome_ids(edition)}
    context.update(discussion_context(request, thread_for_key(key=exhibit.key)))
    return render(request, "exhibition/workshop.html", context)


@require_GET
@cached_page(seconds=30, signed_in=True)
def edition_list(request):
    page = Paginator(selectors.editions_public(), 20).get_page(request.GET.get("page"))
    return render(request, "exhibition/edition_list.html", {"page": page})


def _public_edition(number: int) -> Edition:
    return get_object_or_404(selectors.editions_public(), number=number)


@require_GET
@cache_control(**EDITION_PAGE)
@cached_page(seconds=30, signed_in=True)
def edition_detail(request, number):
    return render(request, "exhibition/edition.html", _edition_context(_public_edition(number)))


@require_GET
@cache_control(**IMMUTABLE)
@cached_page(seconds=30, signed_in=True)
def edition_changes(request, number):
    """What is new in an edition since the one before it, by topic: outcomes, practices, signatures and pledges,
    and the mayors' official answers given in between."""
    edition = _public_edition(number)
    topics = {
        e.slug: e for e in selectors.edition_exhibits(edition=edition).filter(kind=ExhibitKind.TOPIC)
    }  # fmt: skip
    by_topic = [(topics.get(slug), items) for slug, items in edition.changes.get("topics", {}).items()]
    return render(request, "exhibition/edition_changes.html", {"edition": edition, "by_topic": by_topic})


@require_GET
def edition_data(request, number, fmt):
    """An edition's open data: data.json, or data.zip with CSV files and a README (exhibition.services.open_data).
    Its comments grow with the discussion only up to the edition's publication, so it is cached like the PDFs."""
    edition = _public_edition(number)
    if fmt == "json":
        response = HttpResponse(open_data.open_data_json(edition=edition), content_type="application/json")
    else:
        response = HttpResponse(open_data.open_data_zip(edition=edition), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="living-together-edition-{number}-data.zip"'
    patch_cache_control(response, **IMMUTABLE)
    return response


@require_GET
@cache_control(**IMMUTABLE)
def catalogue_pdf(request, number):
    edition = _public_edition(number)
    if not edition.catalogue:
        raise Http404(_("This edition has no catalogue."))
    return file_response(edition.catalogue, content_type="application/pdf",
                        filename=f"catalogue-edition-{number}.pdf")  # fmt: skip


@require_GET
@cache_control(**IMMUTABLE)
def poster_pdf(request, number, slug):
    exhibit = get_object_or_404(
        _public_edition(number).exhibits,
        slug=slug,
        kind__in=[ExhibitKind.TOPIC, ExhibitKind.DECLARATION, ExhibitKind.OPINIONS],
    )
    if not exhibit.poster:
        raise Http404(_("This exhibit has no poster."))
    return file_response(exhibit.poster, content_type="application/pdf",
                        filename=f"poster-edition-{number}-{slug}.pdf")  # fmt: skip


class EditionFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("Living Together Summit: exhibition editions")
    subtitle = gettext_lazy("A new edition of the exhibition, compiled from the summit's workshops and practices.")

    def link(self):
        return reverse("exhibition:home")

    def items(self):
        return selectors.editions_public()[:20]

    def item_title(self, item):
        return _("Edition %(number)s") % {"number": item.number}

    def item_description(self, item):
        if item.changes_since:
            outcomes = sum(len(t["outcomes"]) for t in item.changes.get("topics", {}).values())
            practices = sum(len(t["practices"]) for t in item.changes.get("topics", {}).values())
            return _(
                "New since edition %(since)s: %(outcomes)s outcomes, %(practices)s best practices, %(answers)s "
                "official answers."
            ) % {"since": item.changes_since, "outcomes": outcomes, "practices": practices,
                 "answers": len(item.changes.get("answers", []))}  # fmt: skip
        return _("Published %(date)s: %(count)s exhibits.") % {
            "date": item.published_at.date().isoformat() if item.published_at else "",
            "count": item.exhibits_total,
        }

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at
