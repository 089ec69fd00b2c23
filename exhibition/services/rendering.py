"""The edition's rendering steps, each a task of its own (exhibition.tasks): a poster, a catalogue part, the
catalogue's join; each says what it asks for next (JOIN, PUBLISH), and the order to queue them in. Safe to run
twice: a step already done does nothing."""

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F

from exhibition import selectors
from exhibition.models import CataloguePart, Edition, EditionStatus, Exhibit
from exhibition.services.printing import (
    POSTER_TEMPLATES,
    catalogue_join,
    catalogue_part_render,
    catalogue_parts_plan,
    exhibit_url,
    poster_context,
    poster_render,
)

logger = logging.getLogger(__name__)

# A compile still "compiling" after this long lost its worker; the next start marks it failed.

# What a finished step asks for next (exhibition.tasks queues it): the catalogue's join once its last part is done,
# the publish once the posters and the joined catalogue are all there.
JOIN, PUBLISH = "join", "publish"


def _parts_done(edition_id: int) -> bool:
    return not CataloguePart.objects.filter(edition=edition_id, done=False).exists()


def ready_to_publish(edition_id: int) -> bool:
    """Whether every poster is done and the catalogue joined. Called after writing to the edition's row, whose lock
    makes the last of two steps finishing together (a poster and the join) see the other's work."""
    return (
        not Exhibit.objects.filter(edition=edition_id, done=False).exists()
        and Edition.objects.filter(pk=edition_id).exclude(catalogue="").exists()
    )


def exhibit_render(*, exhibit_id: int) -> str | None:
    """Render one poster if it is not done yet. Returns PUBLISH when it was the last thing the edition waited for."""
    exhibit = Exhibit.objects.select_related("edition").get(pk=exhibit_id)
    if exhibit.done or exhibit.edition.status != EditionStatus.COMPILING:
        return None
    rendered = poster_render(
        POSTER_TEMPLATES[exhibit.kind], poster_context(exhibit, exhibit.edition, exhibit_url(exhibit))
    )
    with transaction.atomic():
        exhibit = Exhibit.objects.select_for_update().get(pk=exhibit_id)
        if exhibit.done:
            return None
        exhibit.poster.save(
            f"edition-{exhibit.edition.number}-{exhibit.slug}.pdf", ContentFile(rendered.content), save=False
        )
        exhibit.done = True
        exhibit.save(update_fields=["poster", "done"])
        Edition.objects.filter(pk=exhibit.edition_id).update(
            exhibits_done=F("exhibits_done") + 1,
            weasyprint_seconds=F("weasyprint_seconds") + rendered.weasyprint_seconds,
        )
        return PUBLISH if ready_to_publish(exhibit.edition_id) else None


def part_render(*, part_id: int) -> str | None:
    """Render one catalogue part if it is not done yet. Returns JOIN when it was the last part: the catalogue is
    joined while the posters still render."""
    part = CataloguePart.objects.select_related("edition").get(pk=part_id)
    if part.done or part.edition.status != EditionStatus.COMPILING:
        return None
    plan = next(
        plan
        for plan in catalogue_parts_plan(
            edition=part.edition, exhibits=list(selectors.edition_exhibits(edition=part.edition))
        )
        if plan.key == part.key
    )
    rendered = catalogue_part_render(edition=part.edition, plan=plan)
    with transaction.atomic():
        part = CataloguePart.objects.select_for_update().get(pk=part_id)
        if part.done:
            return None
        name = f"edition-{part.edition.number}-{part.key.replace(':', '-')}.pdf"
        part.pdf.save(name, ContentFile(rendered.content), save=False)
        part.pages, part.anchors, part.done = rendered.pages, rendered.anchors, True
        part.save(update_fields=["pdf", "pages", "anchors", "done"])
        Edition.objects.filter(pk=part.edition_id).update(
            parts_done=F("parts_done") + 1,
            weasyprint_seconds=F("weasyprint_seconds") + rendered.weasyprint_seconds,
        )
        return JOIN if _parts_done(part.edition_id) else None


def catalogue_make(*, edition_id: int) -> str | None:
    """Join the catalogue from its parts (all done) onto the compiling edition, which stays unpublished until its
    posters are done too. Returns PUBLISH when they are. Safe to run twice."""
    edition = Edition.objects.get(pk=edition_id)
    if edition.status != EditionStatus.COMPILING or edition.catalogue:
        return None
    if not _parts_done(edition.pk):
        raise RuntimeError(f"Edition {edition.number} still has catalogue parts to render.")
    exhibits = list(selectors.edition_exhibits(edition=edition))
    plans = {plan.key: plan for plan in catalogue_parts_plan(edition=edition, exhibits=exhibits)}
    parts = []
    for part in edition.catalogue_parts.all():
        with part.pdf.open("rb") as stored:
            parts.append((stored.read(), part.pages, part.anchors, plans[part.key].exhibits))
    catalogue, seconds = catalogue_join(edition=edition, parts=parts)
    with transaction.atomic():
        edition = Edition.objects.select_for_update().get(pk=edition_id)
        if edition.status != EditionStatus.COMPILING or edition.catalogue:
            return None
        edition.catalogue.save(f"edition-{edition.number}-catalogue.pdf", ContentFile(catalogue), save=False)
        edition.weasyprint_seconds += seconds
        edition.save(update_fields=["catalogue", "weasyprint_seconds"])
        return PUBLISH if ready_to_publish(edition_id) else None


def exhibits_to_render(*, edition: Edition) -> list[int]:
    return list(edition.exhibits.filter(done=False).values_list("id", flat=True))


def parts_to_render(*, edition: Edition) -> list[int]:
    return list(edition.catalogue_parts.filter(done=False).values_list("id", flat=True))


# How long a part takes to render, roughly, by what it is: a topic's practices or workshops (dozens of pages)
# outweigh a topic's few catalogue pages.
PART_WEIGHTS = {"practices": 2, "workshops": 1}


def renders_in_order(*, edition: Edition) -> list[tuple[str, int]]:
    """The catalogue parts and posters still to render, as ("part" or "poster", id), in the order to queue them:
    the parts first, the longest first, then the posters. The catalogue is joined as soon as its last part is done,
    on one worker while the others render the posters, and the workers finish at about the same time."""
    parts = sorted(edition.catalogue_parts.filter(done=False).values_list("id", "key"),
                   key=lambda part: -PART_WEIGHTS.get(part[1].split(":")[0], 0))  # fmt: skip
    return [("part", pk) for pk, _key in parts] + [("poster", pk) for pk in exhibits_to_render(edition=edition)]
