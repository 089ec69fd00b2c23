"""A delegate's agenda: the programme items they follow, as a page and as a private calendar feed whose address
they can replace; when a followed item changes its time or room, one email tells them everything that moved."""

import logging
import secrets
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from delegations.models import AgendaEntry, AgendaFeed
from summit.models import ProgrammeItem, User
from summit.notifications import notify

logger = logging.getLogger(__name__)


def _venue(item: ProgrammeItem) -> str:
    return item.venue.name if item.venue else ""


def agenda_follow(*, user: User, item: ProgrammeItem, follow: bool) -> None:
    """Add the item to the agenda, as it stands now, or take it off; doing either twice changes nothing."""
    if follow:
        AgendaEntry.objects.get_or_create(user=user, item=item, defaults={
            "seen_starts_at": item.starts_at, "seen_ends_at": item.ends_at, "seen_venue": _venue(item)})  # fmt: skip
    else:
        AgendaEntry.objects.filter(user=user, item=item).delete()


def agenda_feed_token(*, user: User) -> str:
    return AgendaFeed.objects.get_or_create(user=user, defaults={"token": secrets.token_urlsafe(32)})[0].token


def agenda_feed_replace(*, user: User) -> str:
    """A new secret address for the feed; the old one answers 404 from now on."""
    token = secrets.token_urlsafe(32)
    AgendaFeed.objects.update_or_create(user=user, defaults={"token": token})
    logger.info("Agenda feed of user %s replaced", user.pk)
    return token


def changes_notify() -> int:
    """For every followed item whose time or room changed since its follower last heard, one email per person
    listing all that moved (however many fields and items), then the new times taken as heard. Beat runs it every
    few minutes; returns how many emails were queued."""
    moved = defaultdict(list)
    entries = AgendaEntry.objects.select_related("item__venue", "user")
    for entry in entries.order_by("user_id", "item__starts_at"):
        item = entry.item
        if (entry.seen_starts_at, entry.seen_ends_at, entry.seen_venue) != (item.starts_at, item.ends_at, _venue(item)):
            moved[entry.user].append(entry)
    sent = 0
    url = settings.SITE_URL + reverse("delegations:agenda")
    for user, changed in moved.items():
        with transaction.atomic():
            sent += notify(user=user, subject=_("Your agenda changed"), template="delegations/email/agenda.txt",
                           context={"changes": changed, "url": url})  # fmt: skip
            for entry in changed:
                AgendaEntry.objects.filter(pk=entry.pk).update(
                    seen_starts_at=entry.item.starts_at, seen_ends_at=entry.item.ends_at, seen_venue=_venue(entry.item)
                )
    logger.info("Agenda changes: %s emails for %s people", sent, len(moved))
    return sent
