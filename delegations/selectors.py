"""Reads for the delegations' protocol: a city's delegation with its people, the organisers' deadline, and the
lists the hotel, the caterer and the interpreters get."""

from django.db.models import QuerySet

from delegations.models import Delegation, Member, Protocol
from summit.models import City, Summit


def delegation_of(*, city: City, summit: Summit) -> Delegation | None:
    return Delegation.objects.filter(city=city, summit=summit).select_related("city").first()


def members_of(*, delegation: Delegation | None) -> list[Member]:
    return list(delegation.members.all()) if delegation else []


def member_for_editor(*, cities: list[City], pk: int) -> Member | None:
    """The person if they belong to a delegation of one of `cities` (the editor's own), else None."""
    return Member.objects.filter(pk=pk, delegation__city__in=cities).select_related("delegation__city").first()


def protocol_of(*, summit: Summit) -> Protocol | None:
    return Protocol.objects.filter(summit=summit).first()


def members_for_export(*, members: QuerySet[Member]) -> QuerySet[Member]:
    return members.select_related("delegation__city").order_by("delegation__city__name", "full_name")
