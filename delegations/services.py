"""Writes for the delegations' protocol: a city's people saved by its delegates, what each still has to give,
the daily reminder before the organisers' deadline, and the passport numbers deleted after the summit."""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from delegations.certificates import certificate_outdate
from delegations.models import Delegation, Letter, LetterKind, Member, Protocol
from summit.models import City, Delegate, Summit, User
from summit.notifications import notify

logger = logging.getLogger(__name__)

# What the protocol office needs of everyone, beyond the name, function and language the form always asks for.
NEEDED = ["nationality", "arrival_at", "arrival_by", "departure_at", "departure_by", "hotel"]
EDITABLE = ["kind", "full_name", "function", "nationality", "visa_letter", "passport_number", "arrival_at",
            "arrival_by", "departure_at", "departure_by", "hotel", "diet", "diet_notes", "access_needs",
            "interpretation", "press_officer", "directory_consent"]  # fmt: skip
# Many-to-many, set once the person is saved.
RELATED = ["topics"]


def member_missing(member: Member) -> list[str]:
    """The names of the fields still empty that the protocol office needs (a passport number only with a visa
    letter)."""
    missing = [name for name in NEEDED if not getattr(member, name)]
    if member.visa_letter and not member.passport_number:
        missing.append("passport_number")
    return missing


def delegation_for(*, city: City, summit: Summit) -> Delegation:
    return Delegation.objects.get_or_create(city=city, summit=summit)[0]


def _recount(delegation: Delegation) -> None:
    delegation.missing = sum(len(missing) for missing in delegation.members.values_list("missing", flat=True))
    delegation.save(update_fields=["missing"])


@transaction.atomic
def member_save(*, delegation: Delegation, member: Member | None, data: dict, by: User | None) -> Member:
    """Add a person to the delegation or change one (`by` None: seed_demo). An empty passport number keeps the one
    on file (nobody reads it back to retype it); without a visa letter none is kept."""
    delegation = Delegation.objects.select_for_update().get(pk=delegation.pk)
    # Read again under the lock: the form worked on its own copy, and the passport number on file is kept here.
    member = Member.objects.select_for_update().get(pk=member.pk) if member else Member(delegation=delegation)
    passport = data.get("passport_number") or member.passport_number
    printed = (member.full_name, member.function)
    for name in EDITABLE:
        setattr(member, name, data.get(name, getattr(member, name)))
    member.passport_number = passport if member.visa_letter else ""
    member.missing = member_missing(member)
    member.updated_by = by
    member.save()
    if member.certificate_reference and printed != (member.full_name, member.function):
        certificate_outdate(member)
    for name in RELATED:
        if name in data:
            getattr(member, name).set(data[name])
    _recount(delegation)
    logger.info("Delegation of %s: member %s saved by %s", delegation.city, member.pk, by.pk if by else None)
    return member


@transaction.atomic
def member_remove(*, member: Member, by: User) -> None:
    delegation = Delegation.objects.select_for_update().get(pk=member.delegation_id)
    member.delete()
    _recount(delegation)
    logger.info("Delegation of %s: a member removed by %s", delegation.city, by.pk)


def passports_kept_until() -> datetime.date | None:
    """The last day passport numbers are kept: PASSPORT_DATA_UNTIL, else some days after the current summit ends
    (None without a summit)."""
    if settings.PASSPORT_DATA_UNTIL:
        return settings.PASSPORT_DATA_UNTIL
    summit = Summit.objects.filter(is_current=True).first()
    return summit.ends_on + datetime.timedelta(days=settings.PASSPORT_DAYS_AFTER_SUMMIT) if summit else None


def passports_delete(*, today: datetime.date) -> int:
    """Delete every passport number once the day they were kept until has passed, with the visa letters' PDFs that
    print them (their references still confirm them); returns how many numbers."""
    until = passports_kept_until()
    if until is None or today <= until:
        return 0
    deleted = Member.objects.exclude(passport_number="").update(passport_number="")
    for letter in Letter.objects.filter(kind=LetterKind.VISA).exclude(pdf=""):
        letter.pdf.delete(save=False)
        Letter.objects.filter(pk=letter.pk).update(pdf="")
    logger.info("Passport numbers deleted (kept until %s): %s", until, deleted)
    return deleted


def reminders_send(*, today: datetime.date) -> int:
    """From the protocol's reminder day to its deadline, one email a day to each delegate of a city whose
    delegation still misses details; returns how many were sent."""
    sent = 0
    for protocol in Protocol.objects.select_related("summit"):
        starts = protocol.forms_due - datetime.timedelta(days=protocol.remind_days)
        if not starts <= today <= protocol.forms_due:
            continue
        due = Delegation.objects.filter(summit=protocol.summit, missing__gt=0).exclude(reminded_on=today)
        for delegation in due.select_related("city"):
            for delegate in Delegate.objects.filter(city=delegation.city).select_related("user"):
                sent += notify(user=delegate.user, subject=_("Your delegation's details are due"),
                               template="delegations/email/reminder.txt",
                               context={"delegation": delegation, "due": protocol.forms_due,
                                        "url": settings.SITE_URL + reverse("delegations:delegation")})  # fmt: skip
            Delegation.objects.filter(pk=delegation.pk).update(reminded_on=today)
    logger.info("Delegation reminders sent: %s", sent)
    return sent
