"""Writes for the exhibition: start a compile, render one exhibit, publish or fail an edition.

The Celery tasks (tasks.py) and `manage.py compile_exhibition` call the same functions. Each one is idempotent:
it locks its row, skips work already done, writes files under a new name and switches the row last.
"""

import datetime
import io
import logging
import math
import zipfile
from dataclasses import dataclass

import segno
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter

from exhibition import compile as pipeline
from exhibition import selectors
from exhibition.models import (
    CataloguePart,
    CompileLock,
    Edition,
    EditionStatus,
    Exhibit,
    ExhibitKind,
    Showing,
    Thread,
)
from summit.models import City, User
from summit.pdf import render_pdf
from summit.permissions import SHOWING_MODERATORS, is_organiser

logger = logging.getLogger(__name__)

TOC_ENTRIES_PER_PAGE = 32
# A compile still "compiling" after this long lost its worker; the next start marks it failed.
STALE_AFTER = datetime.timedelta(hours=1)


@dataclass(frozen=True)
class CompileStart:
    outcome: str  # "started", "no_changes" or "running"
    edition: Edition | None


def exhibit_url(slug: str) -> str:
    return f"{settings.SITE_URL}/exhibition/topics/{slug}/"


@transaction.atomic
def compile_start() -> CompileStart:
    """Plan a new edition from the current sources, unless nothing changed or a compile is running."""
    CompileLock.objects.get_or_create(pk=1)
    CompileLock.objects.select_for_update().get(pk=1)
    running = Edition.objects.filter(status=EditionStatus.COMPILING).first()
    if running and timezone.now() - running.started_at < STALE_AFTER:
        return CompileStart("running", running)
    if running:
        _fail(running, "Abandoned: no progress for an hour (worker lost?).")
    plans = pipeline.plan_edition(selectors.compile_sources())
    digest = pipeline.edition_hash(plans)
    # Topics, workshops and practices are discussed; a thread lives on the stable key and outlives every edition.
    # On a practice's thread the delegates of its city give the official answers.
    cities = dict(City.objects.values_list("slug", "pk"))
    Thread.objects.bulk_create(
        [
            Thread(key=plan.key, title=plan.title, city_id=cities.get(plan.payload.get("city_slug")))
            for plan in plans
            if plan.kind in ("topic", "workshop", "practice")
        ],
        ignore_conflicts=True,
    )
    current = selectors.edition_current()
    if current and current.content_hash == digest:
        return CompileStart("no_changes", current)
    previous = {exhibit.key: exhibit for exhibit in current.exhibits.all()} if current else {}
    number = (Edition.objects.aggregate(last=Max("number"))["last"] or 0) + 1
    edition = Edition.objects.create(number=number, content_hash=digest, exhibits_total=len(plans))
    exhibits = []
    for plan in plans:
        exhibit = Exhibit(
            edition=edition, key=plan.key, kind=plan.kind, slug=plan.slug, title=plan.title, order=plan.order,
            payload=plan.payload, content_hash=plan.content_hash,
        )  # fmt: skip
        earlier = previous.get(plan.key)
        if not exhibit.has_poster:
            exhibit.done = True
        elif earlier and earlier.content_hash == plan.content_hash and earlier.poster:
            # Same content as last time: the poster is the same too. Posters are never deleted, so sharing is safe.
            exhibit.poster = earlier.poster.name
            exhibit.done = True
        exhibits.append(exhibit)
    Exhibit.objects.bulk_create(exhibits)

    edition.exhibits_done = sum(exhibit.done for exhibit in exhibits)
    edition.save(update_fields=["exhibits_done"])
    logger.info(
        "Edition %s started: %s exhibits, %s to render", number, len(exhibits), len(exhibits) - edition.exhibits_done
    )
    return CompileStart("started", edition)


def _poster_context(
    exhibit: Exhibit, edition: Edition, url: str, showing: dict | None = None, discussion: dict | None = None
) -> dict:
    """The poster's values; a showing's poster names the showing and counts its own discussion."""
    payload = {**exhibit.payload, "discussion": discussion} if discussion else exhibit.payload
    return {
        "exhibit": {**payload, "title": exhibit.display_title, "slug": exhibit.slug},
        "showing": showing,
        "edition": {"number": edition.number, "date": timezone.localdate(edition.started_at)},
        "qr_svg": segno.make(url, error="m").svg_inline(scale=4, dark="#1b1f24", omitsize=True),
        "short_url": url.split("://", 1)[-1],
    }


def exhibit_render(*, exhibit_id: int) -> bool:
    """Render one poster if it is not done yet. Returns True when this was the edition's last one."""
    exhibit = Exhibit.objects.select_related("edition").get(pk=exhibit_id)
    if exhibit.done or exhibit.edition.status != EditionStatus.COMPILING:
        return False
    rendered = render_pdf(
        "exhibition/pdf/poster.html", _poster_context(exhibit, exhibit.edition, exhibit_url(exhibit.slug))
    )
    with transaction.atomic():
        exhibit = Exhibit.objects.select_for_update().get(pk=exhibit_id)
        if exhibit.done:
            return False
        exhibit.poster.save(
            f"edition-{exhibit.edition.number}-{exhibit.slug}.pdf", ContentFile(rendered.content), save=False
        )
        exhibit.done = True
        exhibit.save(update_fields=["poster", "done"])
        Edition.objects.filter(pk=exhibit.edition_id).update(
            exhibits_done=F("exhibits_done") + 1,
            weasyprint_seconds=F("weasyprint_seconds") + rendered.weasyprint_seconds,
        )
        return not Exhibit.objects.filter(edition=exhibit.edition_id, done=False).exists()


def _part_key(exhibit: Exhibit) -> str:
    """Which catalogue part an exhibit belongs to: overview and topics together, each workshop, the practices."""
    if exhibit.kind in (ExhibitKind.OVERVIEW, ExhibitKind.TOPIC):
        return "main"
    return exhibit.key if exhibit.kind == ExhibitKind.WORKSHOP else "practices"


def _part(key: str, exhibits: list[Exhibit]) -> tuple[CataloguePart, float]:
    """The rendered part for these exhibits, reused when an earlier edition rendered the same content."""
    digest = pipeline.content_hash({exhibit.key: exhibit.content_hash for exhibit in exhibits})
    existing = CataloguePart.objects.filter(key=key, content_hash=digest).first()
    if existing:
        return existing, 0.0
    values = [{"key": e.key, "kind": e.kind, "slug": e.slug, "title": e.title, **e.payload} for e in exhibits]
    rendered = render_pdf("exhibition/pdf/catalogue_part.html", {"exhibits": values})
    part = CataloguePart(key=key, content_hash=digest, pages=rendered.pages, anchors=rendered.anchors)
    part.pdf.save(f"{key.replace(':', '-')}-{digest[:12]}.pdf", ContentFile(rendered.content), save=False)
    part.save()
    return part, rendered.weasyprint_seconds


def _page_numbers(count: int) -> tuple[CataloguePart, float]:
    """Pages that carry only their number, to lay over the catalogue; the same for every catalogue this long."""
    existing = CataloguePart.objects.filter(key="page-numbers", content_hash=str(count)).first()
    if existing:
        return existing, 0.0
    rendered = render_pdf("exhibition/pdf/page_numbers.html", {"pages": range(count)})
    part = CataloguePart(key="page-numbers", content_hash=str(count), pages=rendered.pages)
    part.pdf.save(f"page-numbers-{count}.pdf", ContentFile(rendered.content), save=False)
    part.save()
    return part, rendered.weasyprint_seconds


def catalogue_assemble(*, edition: Edition, exhibits: list[Exhibit]) -> tuple[bytes, float]:
    """Cover and contents, then the parts, with page numbers and bookmarks. Returns (PDF, WeasyPrint seconds).

    Only parts whose exhibits changed are rendered; the cover, the contents and the page numbers are made for
    every edition (they are short). The contents need the page each exhibit starts on, which depends on how long
    the contents are; a second render settles that when it changes.
    """
    groups: dict[str, list[Exhibit]] = {}
    for exhibit in exhibits:
        groups.setdefault(_part_key(exhibit), []).append(exhibit)
    seconds = 0.0
    parts = []
    for key, members in groups.items():
        part, spent = _part(key, members)
        parts.append((part, members))
        seconds += spent
    edition_values = {"number": edition.number, "date": timezone.localdate(edition.started_at)}
    # A first guess of the cover and contents' length (about 32 entries a page); a wrong guess costs one render.
    front_pages = 1 + math.ceil(len(exhibits) / TOC_ENTRIES_PER_PAGE)
    for _attempt in range(3):
        starts, offset = {}, front_pages
        for part, members in parts:
            for exhibit in members:
                starts[exhibit.slug] = offset + part.anchors.get(exhibit.slug, 0)
            offset += part.pages
        contents = [{"title": e.title, "kind": e.kind, "page": starts[e.slug] + 1} for e in exhibits]
        front = render_pdf("exhibition/pdf/catalogue_front.html", {"contents": contents, "edition": edition_values})
        seconds += front.weasyprint_seconds
        if front.pages == front_pages:
            break
        front_pages = front.pages
    numbers, spent = _page_numbers(offset)
    seconds += spent
    writer = PdfWriter()
    writer.append(io.BytesIO(front.content), import_outline=False)
    for part, _members in parts:
        with part.pdf.open("rb") as stored:
            writer.append(io.BytesIO(stored.read()), import_outline=False)
    with numbers.pdf.open("rb") as stored:
        stamps = PdfReader(io.BytesIO(stored.read())).pages
    for index in range(1, len(writer.pages)):
        writer.pages[index].merge_page(stamps[index])
    sections = {}
    for exhibit in exhibits:
        parent = None
        if exhibit.kind in (ExhibitKind.WORKSHOP, ExhibitKind.PRACTICE):
            if exhibit.kind not in sections:
                label = _("Workshops") if exhibit.kind == ExhibitKind.WORKSHOP else _("Best practices")
                sections[exhibit.kind] = writer.add_outline_item(title=label, page_number=starts[exhibit.slug])
            parent = sections[exhibit.kind]
        writer.add_outline_item(title=exhibit.title, page_number=starts[exhibit.slug], parent=parent)
    writer.add_metadata({"/Title": f"Exhibition catalogue, edition {edition.number}"})
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue(), seconds


def edition_publish(*, edition_id: int) -> Edition:
    """Render the catalogue, then make the edition current in one transaction. Safe to run twice."""
    edition = Edition.objects.get(pk=edition_id)
    if edition.status != EditionStatus.COMPILING:
        return edition
    if edition.exhibits.filter(done=False).exists():
        raise RuntimeError(f"Edition {edition.number} still has posters to render.")
    catalogue, seconds = catalogue_assemble(edition=edition, exhibits=list(selectors.edition_exhibits(edition=edition)))
    with transaction.atomic():
        edition = Edition.objects.select_for_update().get(pk=edition_id)
        if edition.status != EditionStatus.COMPILING:
            return edition
        edition.catalogue.save(f"edition-{edition.number}-catalogue.pdf", ContentFile(catalogue), save=False)
        Edition.objects.filter(is_current=True).update(is_current=False, status=EditionStatus.SUPERSEDED)
        edition.status = EditionStatus.PUBLISHED
        edition.is_current = True
        edition.published_at = edition.finished_at = timezone.now()
        edition.weasyprint_seconds += seconds
        edition.error = ""
        edition.save()
    logger.info("Edition %s published", edition.number)
    return edition


def _fail(edition: Edition, error: str) -> None:
    Edition.objects.filter(pk=edition.pk, status=EditionStatus.COMPILING).update(
        status=EditionStatus.FAILED, error=error[:5000], finished_at=timezone.now()
    )
    logger.error("Edition %s failed: %s", edition.number, error)


def edition_fail(*, edition_id: int, error: str) -> None:
    """Mark a compiling edition failed; the current edition is not touched."""
    edition = Edition.objects.filter(pk=edition_id).first()
    if edition:
        _fail(edition, error)


def compile_inline() -> CompileStart:
    """The whole pipeline in this process (manage.py compile_exhibition); same steps as the Celery tasks."""
    start = compile_start()
    if start.outcome != "started":
        return start
    edition = start.edition
    try:
        for exhibit_id in edition.exhibits.filter(done=False).values_list("id", flat=True):
            exhibit_render(exhibit_id=exhibit_id)
        edition = edition_publish(edition_id=edition.pk)
    except Exception as error:
        edition_fail(edition_id=edition.pk, error=f"{error.__class__.__name__}: {error}")
        edition.refresh_from_db()
    return CompileStart("started", edition)


def exhibits_to_render(*, edition: Edition) -> list[int]:
    return list(edition.exhibits.filter(done=False).values_list("id", flat=True))


def showing_moderators_sync() -> None:
    """Give every showing's moderators the comment queue in the admin, and take it from people who moderate none.

    Moderators sign in to the admin like organisers (with the same second factor); the queue shows them only their
    showings' comments. Staff status is taken back only from people who have no other role there.
    """
    group, _created = Group.objects.get_or_create(name=SHOWING_MODERATORS)
    wanted = set(User.objects.filter(showings_moderated__isnull=False).values_list("pk", flat=True))
    members = set(group.user_set.values_list("pk", flat=True))
    for user in User.objects.filter(pk__in=wanted - members):
        group.user_set.add(user)
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        logger.info("%s now moderates a showing", user)
    for user in User.objects.filter(pk__in=members - wanted):
        group.user_set.remove(user)
        if user.is_staff and not is_organiser(user) and not user.groups.exists():
            user.is_staff = False
            user.save(update_fields=["is_staff"])
        logger.info("%s no longer moderates a showing", user)


def _kit_source(showing: Showing, edition: Edition) -> str:
    return f"{edition.number}:{showing.language}"


def showing_kit_is_ready(*, showing: Showing, edition: Edition) -> bool:
    return bool(showing.kit) and showing.kit_source == _kit_source(showing, edition)


@transaction.atomic
def showing_kit_start(*, showing: Showing) -> Showing:
    """Queue a build of the showing's poster kit, unless one is running (or the kit on file is up to date)."""
    from exhibition.tasks import build_showing_kit

    showing = Showing.objects.select_for_update().get(pk=showing.pk)
    edition = selectors.showing_edition(showing=showing)
    building = showing.kit_started_at and timezone.now() - showing.kit_started_at < STALE_AFTER
    if edition is None or building or showing_kit_is_ready(showing=showing, edition=edition):
        return showing
    showing.kit_started_at = timezone.now()
    showing.kit_posters_done = 0
    showing.save(update_fields=["kit_started_at", "kit_posters_done"])
    transaction.on_commit(lambda: build_showing_kit.delay(showing_id=showing.pk))
    return showing


def showing_kits_refresh() -> int:
    """After a new edition is published: rebuild the kits of the showings that follow the current edition."""
    showings = Showing.objects.filter(edition=None)
    for showing in showings:
        showing_kit_start(showing=showing)
    return len(showings)


def showing_kit_build(*, showing_id: int) -> Showing:
    """Render the showing's posters (QR codes to its own pages, labels in its language) into one zip with the
    catalogue and a page of instructions. Writes the file under a new name and switches the row last."""
    showing = Showing.objects.select_related("city", "edition").get(pk=showing_id)
    edition = selectors.showing_edition(showing=showing)
    if edition is None or showing_kit_is_ready(showing=showing, edition=edition):
        Showing.objects.filter(pk=showing_id).update(kit_started_at=None)
        return showing
    figures = selectors.discussion_figures(showing=showing)
    exhibits = list(selectors.edition_exhibits(edition=edition).filter(kind=ExhibitKind.TOPIC))
    about = {"title": showing.title, "city": showing.city.name, "venue": showing.venue}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as kit, translation.override(showing.language):
        for index, exhibit in enumerate(exhibits, start=1):
            url = settings.SITE_URL + reverse("showing_topic", kwargs={"city": showing.city.slug, "slug": exhibit.slug})
            discussion = figures.get(exhibit.key, {"comments": 0, "answered": 0})
            rendered = render_pdf(
                "exhibition/pdf/poster.html", _poster_context(exhibit, edition, url, about, discussion)
            )
            kit.writestr(f"poster-{index:02d}-{exhibit.slug}.pdf", rendered.content)
            Showing.objects.filter(pk=showing_id).update(kit_posters_done=index)
        if edition.catalogue:
            with edition.catalogue.open("rb") as catalogue:
                kit.writestr("catalogue.pdf", catalogue.read())
        readme = render_to_string(
            "exhibition/kit_readme.txt",
            {"showing": showing, "edition": edition, "exhibits": exhibits, "site_url": settings.SITE_URL},
        )
        kit.writestr("README.txt", readme)
    with transaction.atomic():
        showing = Showing.objects.select_for_update().select_related("city").get(pk=showing_id)
        previous = showing.kit.name
        showing.kit.save(
            f"{showing.city.slug}-edition-{edition.number}-{showing.language}.zip",
            ContentFile(buffer.getvalue()),
            save=False,
        )
        showing.kit_source = _kit_source(showing, edition)
        showing.kit_started_at = None
        showing.save(update_fields=["kit", "kit_source", "kit_started_at"])
        if previous and previous != showing.kit.name:
            # Nobody links to an old kit (kit.zip always serves the current one); a download still reading it
            # keeps its open file.
            storage = showing.kit.storage
            transaction.on_commit(lambda: storage.delete(previous))
    logger.info("Poster kit of %s built from edition %s", showing, edition.number)
    return showing


def showing_kit_fail(*, showing_id: int, error: str) -> None:
    """A build that gave up: the next download starts a new one; the kit on file (if any) is kept."""
    Showing.objects.filter(pk=showing_id).update(kit_started_at=None)
    logger.error("Poster kit of showing %s failed: %s", showing_id, error)
