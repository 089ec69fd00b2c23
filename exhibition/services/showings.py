"""Writes for showings: set up by their city, their moderators (and moderator invitations), and their poster kits.

A kit's status goes through `_kit_status_set`, which checks KIT_FLOW and writes a KitTransition row. A kit that is
ready for an older edition (or another language) is out of date: the next download starts a new build.
"""

import datetime
import io
import logging
import zipfile

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _

from discussion.selectors import discussion_figures
from exhibition import selectors
from exhibition.apps import SHOWING_MODERATORS
from exhibition.hosting import showing_scope
from exhibition.models import Edition, ExhibitKind, KitStatus, ModeratorInvitation, Showing
from exhibition.offline import offline_copy
from exhibition.services.printing import POSTER_TEMPLATES, exhibit_url, poster_context, poster_render, qr_code_svg
from exhibition.tasks import build_showing_kit
from summit.models import User
from summit.outbox import task_queue
from summit.pdf import print_sheet, render_pdf
from summit.permissions import is_organiser
from summit.services import email_compose, invitation_key_issue, invitation_pending, invitation_signup, invitation_use
from summit.transitions import transition_apply

logger = logging.getLogger(__name__)

# A kit still "building" after this long lost its worker; the next download starts again.
STALE_AFTER = datetime.timedelta(hours=1)

KIT_FLOW = {
    KitStatus.NONE: {KitStatus.BUILDING},
    KitStatus.BUILDING: {KitStatus.READY, KitStatus.FAILED, KitStatus.NONE, KitStatus.BUILDING},
    KitStatus.READY: {KitStatus.BUILDING},
    KitStatus.FAILED: {KitStatus.BUILDING},
}


def _kit_status_set(showing: Showing, to: str, reason: str = "") -> Showing:
    """Check, record and save a kit status change of a locked showing (kits are built by workers: nobody named)."""
    showing.kit_started_at = timezone.now() if to == KitStatus.BUILDING else None
    return transition_apply(
        showing, to=to, table=KIT_FLOW, history=showing.kit_transitions, reason=reason, field="kit_status",
        also=["kit_started_at"],
    )  # fmt: skip


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


@transaction.atomic
def showing_save(*, showing: Showing, by: User, moderators: list[User], invite: list[str]) -> Showing:
    """Create or change a city's showing from My city (its mayor or deputy; the view checks), set its moderators and
    invite the people named by email. A kit on file for another language or edition is rebuilt on its next
    download, as always."""
    created = showing.pk is None
    showing.save()
    showing.moderators.set(moderators)
    showing_moderators_sync()
    for email in invite:
        moderator_invite(showing=showing, email=email, by=by)
    logger.info("Showing %s %s by %s", showing.pk, "created" if created else "changed", by)
    return showing


def moderator_invite(*, showing: Showing, email: str, by: User) -> ModeratorInvitation:
    """Email a single-use link that makes `email` a moderator of `showing`, and of nothing else. A pending
    invitation to the same address is replaced, so only the newest link works."""
    showing.invitations.filter(email__iexact=email, accepted_at=None).delete()
    invitation = ModeratorInvitation(showing=showing, email=email)
    key = invitation_key_issue(invitation=invitation, by=by)
    invitation.save()
    url = settings.SITE_URL + reverse("exhibition:moderator_invitation", kwargs={"key": key})
    context = {"showing": showing, "by": by, "url": url, "valid_days": settings.INVITATION_VALID_DAYS}
    email_compose(
        to=invitation.email, subject=_("Moderate the exhibition in %(city)s") % {"city": showing.city.name},
        template="exhibition/email/moderator_invitation.txt", context=context,
    )  # fmt: skip
    logger.info("Moderator invitation %s for showing %s sent by %s", invitation.pk, showing.pk, by)
    return invitation


def moderator_invitation_check(*, key: str) -> ModeratorInvitation:
    """The pending invitation for `key`, or InvitationError saying why it cannot be used (as for delegates)."""
    return invitation_pending(ModeratorInvitation.objects.select_related("showing__city"), key=key)


def _moderator_grant(invitation: ModeratorInvitation, user: User) -> None:
    invitation.showing.moderators.add(user)
    showing_moderators_sync()


def moderator_invitation_accept(*, key: str, user: User) -> ModeratorInvitation:
    """Make `user` a moderator of the invitation's showing and use the invitation up; two accepts at once: one wins."""
    return invitation_use(invitations=ModeratorInvitation.objects.all(), key=key, user=user, grant=_moderator_grant)


def moderator_signup(*, key: str, name: str, password: str) -> User:
    """Create the invited moderator's account (address verified by the emailed link) and accept the invitation."""
    return invitation_signup(
        invitations=ModeratorInvitation.objects.all(), key=key, name=name, password=password,
        accept=moderator_invitation_accept,
    )  # fmt: skip


def _kit_source(showing: Showing, edition: Edition) -> str:
    return f"{edition.number}:{showing.language}"


def showing_kit_is_ready(*, showing: Showing, edition: Edition) -> bool:
    return bool(showing.kit) and showing.kit_source == _kit_source(showing, edition)


@transaction.atomic
def showing_kit_start(*, showing: Showing) -> Showing:
    """Queue a build of the showing's poster kit, unless one is running (or the kit on file is up to date)."""
    showing = Showing.objects.select_for_update().get(pk=showing.pk)
    edition = selectors.showing_edition(showing=showing)
    building = showing.kit_status == KitStatus.BUILDING and timezone.now() - showing.kit_started_at < STALE_AFTER
    if edition is None or building or showing_kit_is_ready(showing=showing, edition=edition):
        return showing
    showing.kit_posters_done = 0
    showing.save(update_fields=["kit_posters_done"])
    _kit_status_set(showing, KitStatus.BUILDING, f"Edition {edition.number}, {showing.language}")
    task_queue(build_showing_kit, showing_id=showing.pk)
    return showing


def showing_kits_refresh() -> int:
    """After a new edition is published: rebuild the kits of the showings that follow the current edition."""
    showings = Showing.objects.filter(edition=None)
    for showing in showings:
        showing_kit_start(showing=showing)
    return len(showings)


# Print sizes of the kit's sheets (trim, in mm): the posters are rendered at A1 and scaled for A3.
A3 = (297, 420)
BLEED_MM = 3


EMPTY_FIGURES = {"comments": 0, "answered": 0}


def _flyer_context(showing: Showing, url: str) -> dict:
    hours = [(name, showing.hours_on(day)) for day, name in WEEKDAYS.items()]
    return {
        "showing": showing, "hours": [(name, h) for name, h in hours if h], "url": url,
        "short_url": url.split("://", 1)[-1],
        "qr_svg": qr_code_svg(url),
    }  # fmt: skip


def _kit_url(name: str, **kwargs) -> str:
    return settings.SITE_URL + reverse(f"exhibition:{name}", kwargs=kwargs)


def showing_topic_urls(*, showing: Showing, exhibits: list) -> dict[str, str]:
    """Exhibit key → the showing's own page for that topic (the QR codes on its posters, flyer and screen)."""
    return {e.key: _kit_url("showing_topic", city=showing.city.slug, slug=e.slug) for e in exhibits}


def _kit_zip(showing: Showing, edition: Edition) -> bytes:
    """The kit's zip, in the showing's language: the posters at A1 and A3, the flyer, the offline copy, the
    catalogue and the print shop's README; the row counts the posters done as they are."""
    figures = discussion_figures(scope=showing_scope(showing))
    exhibits = list(selectors.edition_exhibits(edition=edition).filter(kind__in=list(POSTER_TEMPLATES)))
    about = {"title": showing.title, "city": showing.city.name, "venue": showing.venue}
    sheets = []  # (file name, title, QR address)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as kit, translation.override(showing.language):
        topics = [exhibit for exhibit in exhibits if exhibit.kind == ExhibitKind.TOPIC]
        urls = showing_topic_urls(showing=showing, exhibits=topics)
        for index, exhibit in enumerate(exhibits, start=1):
            if exhibit.kind == ExhibitKind.TOPIC:
                url = urls[exhibit.key]
                context = poster_context(exhibit, edition, url, about, figures.get(exhibit.key, EMPTY_FIGURES))
            elif exhibit.kind == ExhibitKind.OPINIONS:  # weighed in the showing's own count
                topic = exhibit.payload["topic"]["slug"]
                url = settings.SITE_URL + reverse(
                    "opinions:showing_statements", kwargs={"city": showing.city.slug, "slug": topic}
                )
                context = poster_context(exhibit, edition, url, about)
            else:
                url = exhibit_url(exhibit)
                context = poster_context(exhibit, edition, url)
            rendered = poster_render(POSTER_TEMPLATES[exhibit.kind], {**context, "for_print": True}, variant="pdf/x-4")
            name = f"poster-{index:02d}-{exhibit.slug}.pdf"
            kit.writestr(f"A1/{name}", print_sheet(rendered.content, bleed_mm=BLEED_MM))
            kit.writestr(f"A3/{name}", print_sheet(rendered.content, bleed_mm=BLEED_MM, trim_mm=A3))
            sheets.append((name, exhibit.display_title, url))
            Showing.objects.filter(pk=showing.pk).update(kit_posters_done=index)
        overview = _kit_url("showing_detail", city=showing.city.slug)
        flyer = render_pdf("exhibition/pdf/flyer.html", _flyer_context(showing, overview), variant="pdf/x-4")
        kit.writestr("flyer-A5.pdf", print_sheet(flyer.content, bleed_mm=BLEED_MM))
        overview_exhibit = selectors.edition_exhibits(edition=edition).filter(kind=ExhibitKind.OVERVIEW).first()
        for path, content in offline_copy(showing=showing, exhibits=topics, overview=overview_exhibit,
                                          urls=urls).items():  # fmt: skip
            kit.writestr(f"offline/{path}", content)
        if edition.catalogue:
            with edition.catalogue.open("rb") as catalogue:
                kit.writestr("catalogue.pdf", catalogue.read())
        readme = render_to_string(
            "exhibition/kit_readme.txt",
            {"showing": showing, "edition": edition, "sheets": sheets, "overview": overview,
             "site_url": settings.SITE_URL, "bleed": BLEED_MM},
        )  # fmt: skip
        kit.writestr("README.txt", readme)
    return buffer.getvalue()


def showing_kit_build(*, showing_id: int) -> Showing:
    """Render the showing's print-shop kit into one zip: every poster (topics with QR codes to the showing's own
    pages and labels in its language; a topic's opinions to the showing's statements; declarations with theirs) at
    A1 and A3 as PDF/X-4 with 3 mm bleed and crop marks, an A5 flyer with the QR code to the showing's page, the
    catalogue, and a README for the print shop. Writes the file under a new name and switches the row last."""
    showing = Showing.objects.select_related("city", "edition").get(pk=showing_id)
    edition = selectors.showing_edition(showing=showing)
    if edition is None or showing_kit_is_ready(showing=showing, edition=edition):
        with transaction.atomic():
            showing = Showing.objects.select_for_update().get(pk=showing_id)
            if showing.kit_status == KitStatus.BUILDING:
                _kit_status_set(showing, KitStatus.READY if showing.kit else KitStatus.NONE, "Nothing to build.")
        return showing
    content = _kit_zip(showing, edition)
    with transaction.atomic():
        showing = Showing.objects.select_for_update().select_related("city").get(pk=showing_id)
        previous = showing.kit.name
        showing.kit.save(
            f"{showing.city.slug}-edition-{edition.number}-{showing.language}.zip",
            ContentFile(content),
            save=False,
        )
        showing.kit_source = _kit_source(showing, edition)
        showing.save(update_fields=["kit", "kit_source"])
        _kit_status_set(showing, KitStatus.READY, f"Edition {edition.number}, {showing.language}")
        if previous and previous != showing.kit.name:
            # Nobody links to an old kit (kit.zip always serves the current one); a download still reading it
            # keeps its open file.
            storage = showing.kit.storage
            transaction.on_commit(lambda: storage.delete(previous))
    logger.info("Poster kit of %s built from edition %s", showing, edition.number)
    return showing


@transaction.atomic
def showing_kit_fail(*, showing_id: int, error: str) -> None:
    """A build that gave up: the next download starts a new one; the kit on file (if any) is kept."""
    showing = Showing.objects.select_for_update().get(pk=showing_id)
    if showing.kit_status == KitStatus.BUILDING:
        _kit_status_set(showing, KitStatus.FAILED, error[:5000])
    logger.error("Poster kit of showing %s failed: %s", showing_id, error)
