"""The accreditation desk: a tablet checks delegates in from their badge's signed code or by name, and keeps
working offline for an hour. Before the doors open it downloads the list of people, signed and dated; check-ins made
without a network wait on the tablet and are sent when it is back, each person counted once however often sent."""

import datetime
import logging

from django.core import signing
from django.db.models import Q
from django.utils import timezone

from delegations.badges import badge_member_id, badge_token
from delegations.models import Member
from summit.models import Summit

logger = logging.getLogger(__name__)

LIST_SALT = "delegations.desk-list"
LIST_VALID = datetime.timedelta(hours=1)


def desk_list(*, summit: Summit) -> dict:
    """Everyone of the summit's delegations with their badge's code, as the tablet keeps it; `signed` dates and
    signs the list, and the desk refuses to work from one older than LIST_VALID."""
    people = Member.objects.filter(delegation__summit=summit).select_related("delegation__city")
    entries = [{"id": m.pk, "name": m.full_name, "city": m.delegation.city.name, "function": m.function,
                "code": badge_token(m), "in": bool(m.checked_in_at)}
               for m in people.order_by("full_name")]  # fmt: skip
    made = timezone.now()
    return {"people": entries, "made": made.isoformat(), "valid_until": (made + LIST_VALID).isoformat(),
            "signed": signing.dumps(made.isoformat(), salt=LIST_SALT)}  # fmt: skip


def check_ins_record(*, codes: list[str], summit: Summit) -> dict:
    """The check-ins a desk sends (badge codes, maybe sent twice, maybe from two desks): each known person is checked
    in once, at the first time it arrives. Returns what became of each code: "new", "again" or "unknown"."""
    results = {}
    for code in codes[:500]:
        member_id = badge_member_id(code) if isinstance(code, str) else None
        found = Member.objects.filter(pk=member_id, delegation__summit=summit).first() if member_id else None
        if found is None:
            results[code if isinstance(code, str) else ""] = "unknown"
            continue
        first = (
            Member.objects.filter(pk=found.pk)
            .filter(Q(checked_in_at__isnull=True))
            .update(checked_in_at=timezone.now())
        )
        results[code] = "new" if first else "again"
    logger.info("Desk check-ins: %s", {kind: list(results.values()).count(kind) for kind in set(results.values())})
    return results
