"""Reads for the delegations' protocol: a city's delegation with its people, the organisers' deadline, and the
lists the hotel, the caterer and the interpreters get."""

from django.db.models import Q, QuerySet

from delegations.models import (
    AgendaEntry,
    AgendaFeed,
    Delegation,
    Letter,
    LetterStatus,
    Meeting,
    MeetingStatus,
    Member,
    Protocol,
)
from summit.models import City, Summit, Topic
from summit.permissions import is_organiser


def delegation_of(*, city: City, summit: Summit) -> Delegation | None:
    return Delegation.objects.filter(city=city, summit=summit).select_related("city").first()


def members_of(*, delegation: Delegation | None) -> list[Member]:
    return list(delegation.members.prefetch_related("letters")) if delegation else []


def member_for_editor(*, cities: list[City], pk: int) -> Member | None:
    """The person if they belong to a delegation of one of `cities` (the editor's own), else None."""
    return Member.objects.filter(pk=pk, delegation__city__in=cities).select_related("delegation__city").first()


def protocol_of(*, summit: Summit) -> Protocol | None:
    return Protocol.objects.filter(summit=summit).first()


def members_for_export(*, members: QuerySet[Member]) -> QuerySet[Member]:
    return members.select_related("delegation__city").order_by("delegation__city__name", "full_name")


def letter_for_reader(*, user, reference: str, cities: list[City]) -> Letter | None:
    """The approved letter if `user` is a delegate of its city or an organiser, else None."""
    letters = Letter.objects.filter(reference=reference, status=LetterStatus.APPROVED)
    if not is_organiser(user):
        letters = letters.filter(member__delegation__city__in=cities)
    return letters.first()


def letter_issued(*, reference: str) -> Letter | None:
    return (Letter.objects.filter(reference=reference, status=LetterStatus.APPROVED)
            .select_related("member__delegation__city", "member__delegation__summit").first())  # fmt: skip


def certificate_for_reader(*, user, reference: str, cities: list[City]) -> Member | None:
    """The person whose rendered certificate has this reference, if `user` is a delegate of their city or an
    organiser, else None."""
    people = Member.objects.filter(certificate_reference=reference).exclude(certificate="")
    if not is_organiser(user):
        people = people.filter(delegation__city__in=cities)
    return people.first()


def certificate_issued(*, reference: str) -> Member | None:
    return (Member.objects.filter(certificate_reference=reference).exclude(certificate="")
            .select_related("delegation__city", "delegation__summit").first())  # fmt: skip


def directory(*, summit: Summit, topic: Topic | None = None, city: City | None = None) -> QuerySet[Member]:
    """The people of the summit's delegations who agreed to be listed, by city and name, with their topics."""
    people = Member.objects.filter(delegation__summit=summit, directory_consent=True)
    if topic:
        people = people.filter(topics=topic)
    if city:
        people = people.filter(delegation__city=city)
    return (people.select_related("delegation__city").prefetch_related("topics")
            .order_by("delegation__city__name", "full_name"))  # fmt: skip


def agenda_of(*, user) -> list[AgendaEntry]:
    return list(AgendaEntry.objects.filter(user=user).select_related("item__venue").order_by("item__starts_at"))


def agenda_feed_owner(*, token: str):
    feed = AgendaFeed.objects.filter(token=token).select_related("user").first()
    return feed.user if feed and feed.user.is_active else None


def agenda_items_followed(*, user) -> set[int]:
    return set(AgendaEntry.objects.filter(user=user).values_list("item_id", flat=True))


def meetings_of(*, summit: Summit, cities: list[City]) -> QuerySet[Meeting]:
    """The meetings a delegation asked for or was asked for, newest first among the open ones."""
    return (Meeting.objects.filter(summit=summit).filter(Q(asking_city__in=cities) | Q(invited_city__in=cities))
            .select_related("asking_city", "invited_city", "topic", "venue", "summit")
            .order_by("status", "starts_at", "-created_at"))  # fmt: skip


def meetings_agreed(*, summit: Summit, cities: list[City]) -> list[Meeting]:
    return list(meetings_of(summit=summit, cities=cities).filter(status=MeetingStatus.AGREED))
