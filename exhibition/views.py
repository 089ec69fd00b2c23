"""The public exhibition. Numbered editions never change, so their pages and PDFs are cached for long."""

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from exhibition import selectors
from exhibition.charts import bar_chart
from exhibition.models import Edition, ExhibitKind

IMMUTABLE = {"public": True, "max_age": 60 * 60 * 24 * 30, "immutable": True}
CURRENT = {"public": True, "max_age": 60}


def _edition_context(edition: Edition) -> dict:
    exhibits = list(
        selectors.edition_exhibits(edition=edition).filter(kind__in=[ExhibitKind.OVERVIEW, ExhibitKind.TOPIC])
    )
    overview = next((exhibit for exhibit in exhibits if exhibit.kind == ExhibitKind.OVERVIEW), None)
    topics = [exhibit for exhibit in exhibits if exhibit.kind == ExhibitKind.TOPIC]
    chart = bar_chart([(t["name"], t["outcomes"], t["colour"]) for t in overview.payload["topics"]] if overview else [])
    return {"edition": edition, "overview": overview, "topics": topics, "chart": chart}


@require_GET
@cache_control(**CURRENT)
def exhibition_home(request):
    edition = selectors.edition_current()
    if edition is None:
        return render(request, "exhibition/empty.html")
    return render(request, "exhibition/edition.html", {**_edition_context(edition), "is_current_page": True})


@require_GET
@cache_control(**CURRENT)
def topic_exhibit(request, slug):
    """The poster's QR code lands here: the current edition's exhibit for the topic, whatever the edition."""
    edition = selectors.edition_current()
    if edition is None:
        return render(request, "exhibition/empty.html", status=404)
    exhibit = get_object_or_404(edition.exhibits, key=f"topic:{slug}")
    votes = bar_chart(
        [(o["text"][:40], o["votes"], exhibit.payload["topic"]["colour"]) for o in exhibit.payload["top_outcomes"]]
    )
    return render(request, "exhibition/topic.html", {"edition": edition, "exhibit": exhibit, "chart": votes})


@require_GET
def edition_list(request):
    page = Paginator(selectors.editions_public(), 20).get_page(request.GET.get("page"))
    return render(request, "exhibition/edition_list.html", {"page": page})


def _public_edition(number: int) -> Edition:
    return get_object_or_404(selectors.editions_public(), number=number)


@require_GET
@cache_control(**IMMUTABLE)
def edition_detail(request, number):
    return render(request, "exhibition/edition.html", _edition_context(_public_edition(number)))


@require_GET
@cache_control(**IMMUTABLE)
def catalogue_pdf(request, number):
    edition = _public_edition(number)
    if not edition.catalogue:
        raise Http404(_("This edition has no catalogue."))
    return FileResponse(edition.catalogue.open("rb"), content_type="application/pdf",
                        filename=f"catalogue-edition-{number}.pdf")  # fmt: skip


@require_GET
@cache_control(**IMMUTABLE)
def poster_pdf(request, number, slug):
    exhibit = get_object_or_404(_public_edition(number).exhibits, key=f"topic:{slug}")
    if not exhibit.poster:
        raise Http404(_("This exhibit has no poster."))
    return FileResponse(exhibit.poster.open("rb"), content_type="application/pdf",
                        filename=f"poster-edition-{number}-{slug}.pdf")  # fmt: skip


class EditionFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("Living Together Summit: exhibition editions")
    subtitle = gettext_lazy("A new edition of the exhibition, compiled from the summit's workshops and practices.")

    def link(self):
        return reverse("exhibition_home")

    def items(self):
        return selectors.editions_public()[:20]

    def item_title(self, item):
        return _("Edition %(number)s") % {"number": item.number}

    def item_description(self, item):
        return _("Published %(date)s: %(count)s exhibits.") % {
            "date": item.published_at.date().isoformat() if item.published_at else "",
            "count": item.exhibits_total,
        }

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at
