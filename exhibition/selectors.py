"""Reads for the exhibition: the compile's sources as plain data, and the published editions."""

from django.conf import settings
from django.db.models import QuerySet
from django.utils import translation

from declarations.selectors import declarations_for_exhibition
from discussion.selectors import discussion_figures
from events.selectors import answered_questions_for_exhibition
from exhibition.models import Edition, EditionStatus, Exhibit, Showing
from opinions.selectors import opinions_for_exhibition
from rooms.selectors import polls_for_exhibition
from summit.selectors import summit_current, topics_all
from summit.text import translations_of
from workshops.selectors import practices_for_exhibition, workshops_for_exhibition


def compile_sources() -> dict:
    """Everything an edition is made of, as plain values (no model instances leave this function).

    Texts are frozen in English with the organisers' German and French beside them ("i18n"), whoever started the
    compile in whichever language."""
    with translation.override(settings.LANGUAGE_CODE):
        return _compile_sources()


def _compile_sources() -> dict:
    """Everything the compile reads, as plain values from each app's own selectors."""
    summit = summit_current()
    return {
        "summit": {
            "name": summit.name if summit else "",
            "slogan": summit.slogan if summit else "",
            "host_city": summit.host_city if summit else "",
            "i18n": translations_of(summit, "name", "slogan") if summit else {},
        },
        "topics": [
            {
                "slug": t.slug,
                "name": t.name,
                "colour": t.colour,
                "summary": t.summary,
                "i18n": translations_of(t, "name", "summary"),
            }
            for t in topics_all()
        ],
        "workshops": workshops_for_exhibition(),
        "discussion": discussion_figures(),
        "declarations": declarations_for_exhibition(),
        "questions": answered_questions_for_exhibition(),
        "practices": practices_for_exhibition(),
        "polls": polls_for_exhibition(),
        "opinions": opinions_for_exhibition(),
    }


def edition_current() -> Edition | None:
    return Edition.objects.filter(is_current=True).first()


def exhibit_current(*, key: str) -> Exhibit | None:
    """The exhibit with this stable key in the current edition, if there is one."""
    return Exhibit.objects.filter(edition__is_current=True, key=key).select_related("edition").first()


def editions_public() -> QuerySet[Edition]:
    return Edition.objects.filter(status__in=[EditionStatus.PUBLISHED, EditionStatus.SUPERSEDED]).order_by("-number")


def edition_posters(*, edition: Edition) -> QuerySet[Exhibit]:
    """The exhibits of `edition` that have a poster (topics, declarations), in the exhibition's order."""
    return edition.exhibits.exclude(poster="").order_by("order", "id")


def edition_exhibits(*, edition: Edition) -> QuerySet[Exhibit]:
    return edition.exhibits.order_by("order", "id")


def showings_public() -> QuerySet[Showing]:
    return Showing.objects.select_related("city").order_by("starts_on", "city__name")


def showings_of_cities(*, cities: list) -> dict[int, Showing]:
    """City id → its showing, for the cities that have one."""
    return {showing.city_id: showing for showing in Showing.objects.filter(city__in=cities).select_related("city")}


def showing_for_city(*, city_slug: str) -> Showing | None:
    return Showing.objects.select_related("city", "edition").filter(city__slug=city_slug).first()


def showing_edition(*, showing: Showing) -> Edition | None:
    """The edition a showing presents: the one it chose, or the current one."""
    return showing.edition if showing.edition_id else edition_current()
