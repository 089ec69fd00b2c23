"""Bilateral meetings: one city's delegates ask another city for a meeting in up to three slots they prefer; the
other city's delegates agree to one of them or decline; organisers give agreed meetings a room. Both cities'
agendas and calendar feeds show the meeting."""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from delegations.models import Meeting, MeetingStatus
from summit.calendars import CalendarEntry
from summit.models import City, Delegate, Summit, User
from summit.notifications import notify
from summit.transitions import transition_apply

logger = logging.getLogger(__name__)

MEETING_MINUTES = 30
DAY_STARTS, DAY_ENDS = 9, 18  # meetings between 9:00 and 18:00, the summit's time
STEPS = {
    MeetingStatus.ASKED: {MeetingStatus.AGREED, MeetingStatus.DECLINED, MeetingStatus.CANCELLED},
    MeetingStatus.AGREED: {MeetingStatus.CANCELLED},
    MeetingStatus.DECLINED: set(),
    MeetingStatus.CANCELLED: set(),
}


class MeetingRefused(ValueError):
    """A meeting the rules do not allow (the message says why)."""


def meeting_slots(*, summit: Summit) -> list[datetime.datetime]:
    """Every time a meeting may start: each day of the summit, on the hour and the half hour, in its time zone."""
    slots, day = [], summit.starts_on
    while day <= summit.ends_on:
        start = datetime.datetime.combine(day, datetime.time(DAY_STARTS), tzinfo=summit.tzinfo)
        while start.hour < DAY_ENDS:
            slots.append(start)
            start += datetime.timedelta(minutes=MEETING_MINUTES)
        day += datetime.timedelta(days=1)
    return slots


def _tell(city: City, subject: str, meeting: Meeting) -> None:
    url = settings.SITE_URL + reverse("delegations:meetings")
    for delegate in Delegate.objects.filter(city=city).select_related("user"):
        notify(user=delegate.user, subject=subject, template="delegations/email/meeting.txt",
               context={"meeting": meeting, "url": url})  # fmt: skip


@transaction.atomic
def meeting_ask(*, summit: Summit, asking: City, invited: City, slots: list[datetime.datetime], topic=None,
                message: str = "", by: User) -> Meeting:  # fmt: skip
    if asking == invited:
        raise MeetingRefused(_("Ask another city: a delegation does not meet itself."))
    allowed = set(meeting_slots(summit=summit))
    if not slots or any(slot not in allowed for slot in slots):
        raise MeetingRefused(_("Choose up to three times during the summit."))
    meeting = Meeting.objects.create(
        summit=summit, asking_city=asking, invited_city=invited, topic=topic, message=message, asked_by=by,
        slots=[slot.isoformat() for slot in sorted(set(slots))[:3]],
    )  # fmt: skip
    meeting.transitions.create(from_status="", to_status=MeetingStatus.ASKED, by=by)
    transaction.on_commit(lambda: _tell(invited, _("A city asks your delegation for a meeting"), meeting))
    logger.info("Meeting %s asked: %s with %s", meeting.pk, asking, invited)
    return meeting


@transaction.atomic
def meeting_answer(*, meeting: Meeting, slot: datetime.datetime | None, by: User) -> Meeting:
    """The invited city agrees to one of the asked times (`slot`) or declines (None)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if slot is not None and slot.isoformat() not in meeting.slots:
        raise MeetingRefused(_("Agree to one of the times the other city asked for."))
    to = MeetingStatus.AGREED if slot else MeetingStatus.DECLINED
    meeting.starts_at = slot
    transition_apply(meeting, to=to, table=STEPS, history=meeting.transitions, by=by, also=["starts_at"])
    subject = _("Your meeting is agreed") if slot else _("Your meeting request was declined")
    transaction.on_commit(lambda: _tell(meeting.asking_city, subject, meeting))
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by: User, city: City) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    transition_apply(meeting, to=MeetingStatus.CANCELLED, table=STEPS, history=meeting.transitions, by=by)
    other = meeting.invited_city if city == meeting.asking_city else meeting.asking_city
    transaction.on_commit(lambda: _tell(other, _("A meeting was cancelled"), meeting))
    return meeting


def meeting_calendar_entry(meeting: Meeting) -> CalendarEntry:
    """An agreed meeting as an event of both delegations' agenda feeds."""
    return CalendarEntry(
        uid=f"meeting-{meeting.pk}", starts_at=meeting.starts_at,
        ends_at=meeting.starts_at + datetime.timedelta(minutes=MEETING_MINUTES),
        summary=_("Meeting: %(asking)s and %(invited)s") % {"asking": meeting.asking_city.name,
                                                             "invited": meeting.invited_city.name},
        location=meeting.venue.name if meeting.venue else "",
    )  # fmt: skip


def slot_times(meeting: Meeting) -> list[datetime.datetime]:
    """The asked times, back as times in the summit's zone."""
    zone = meeting.summit.tzinfo
    return [timezone.localtime(datetime.datetime.fromisoformat(slot), zone) for slot in meeting.slots]
