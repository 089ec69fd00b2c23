"""The protocol office's demo: a deadline for the delegation forms three weeks before the summit, and Montréal's
delegation half filled in (Düsseldorf's is left empty for the demo mayor to fill)."""

import datetime

from delegations.models import Member, Protocol
from delegations.services import delegation_for, member_save
from summit.models import City, Summit

MONTREAL = [
    {"kind": "delegate", "full_name": "Demo Mayor of Montréal", "function": "Mayor", "nationality": "Canadian",
     "arrival_at": datetime.datetime(2019, 8, 29, 7, 55, tzinfo=datetime.UTC), "arrival_by": "AC 876",
     "departure_at": datetime.datetime(2019, 9, 2, 11, 30, tzinfo=datetime.UTC), "departure_by": "AC 877",
     "hotel": "Hotel am Rhein", "diet": "vegetarian", "interpretation": "fr", "directory_consent": True},
    {"kind": "accompanying", "full_name": "Demo Press Officer of Montréal", "function": "Press officer",
     "nationality": "Canadian", "diet": "none", "interpretation": "en", "press_officer": True},
]  # fmt: skip


def protocol_load(summit: Summit) -> None:
    starts_on = Summit.objects.values_list("starts_on", flat=True).get(pk=summit.pk)  # a date, read back
    Protocol.objects.update_or_create(
        summit=summit, defaults={"forms_due": starts_on - datetime.timedelta(days=21), "remind_days": 7}
    )
    city = City.objects.filter(name="Montréal").first()
    if city is None:
        return
    delegation = delegation_for(city=city, summit=summit)
    for person in MONTREAL:
        found = Member.objects.filter(delegation=delegation, full_name=person["full_name"]).first()
        member_save(delegation=delegation, member=found, data=person, by=None)
