"""A phone's pass into a room (a workshop's or a public event's), and who is asking or liking there.

The server issues a pass when a phone types the room's code at /join/ or scans the QR code on the room's screen
(/join/<code>/). It is a signed value in a cookie of that room's own: the room, a random nonce and when it was
issued. A client cannot make one up or change one, a pass for one room opens no other, and it expires. Issuing is
rate-limited per address (ROOM_JOIN_RATE), so clearing cookies means typing the code again and counts against
that limit. Counting is per pass, or per account for signed-in people however many passes they hold.
"""

import datetime
import math
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext as _

from summit.ratelimit import address_key, rate_counts

SALT = "events.room-pass"  # the name it was issued under: passes in phones stay valid
MAX_AGE = datetime.timedelta(days=3)


@dataclass(frozen=True)
class Voter:
    """Who asks, likes or reports in a room: the key counted once ("user:<id>" or "pass:<nonce>"), since when it
    exists (the account, or the pass), and whether it is an account."""

    key: str
    since: datetime.datetime
    account: bool


def cookie_name(room: str) -> str:
    return f"room-{room}"


def pass_issue(*, room: str) -> str:
    """A new pass for `room`, as the cookie's value."""
    # Milliseconds, rounded up: a pass is never taken as older than it is (events.services.questions.report_weight).
    issued = math.ceil(timezone.now().timestamp() * 1000)
    return signing.dumps({"r": room, "n": secrets.token_urlsafe(12), "t": issued}, salt=SALT)


def pass_read(value: str | None, *, room: str) -> tuple[str, datetime.datetime] | None:
    """The nonce and issue time of a valid, unexpired pass for this room; None for anything else."""
    if not value:
        return None
    try:
        data = signing.loads(value, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("r") != room:
        return None
    return data["n"], datetime.datetime.fromtimestamp(data["t"] / 1000, tz=datetime.UTC)


def voter_of(request, *, room: str) -> Voter | None:
    """The room's voter behind a request: None without a pass for this room, else the account when signed in
    (counted once however many passes it holds), else the pass."""
    found = pass_read(request.COOKIES.get(cookie_name(room)), room=room)
    if found is None:
        return None
    if request.user.is_authenticated:
        return Voter(key=f"user:{request.user.pk}", since=request.user.date_joined, account=True)
    nonce, issued_at = found
    return Voter(key=f"pass:{nonce}", since=issued_at, account=False)


def pass_cookie_set(response, *, room: str) -> Voter:
    """Give the response a new pass for `room`; the voter it makes, for a first action in the same request."""
    value = pass_issue(room=room)
    response.set_cookie(
        cookie_name(room), value, max_age=int(MAX_AGE.total_seconds()),
        httponly=True, samesite="Lax", secure=not settings.DEBUG,
    )  # fmt: skip
    nonce, issued_at = pass_read(value, room=room)
    return Voter(key=f"pass:{nonce}", since=issued_at, account=False)


def acting_refused(request, voter: Voter | None, *, action: str, rate: str, too_many: str) -> str | None:
    """Why this voter may not act in the room now (ask, like, answer), or None. Counted per pass or account against
    `rate`, and per address against ROOM_ADDRESS_RATE, generous enough for a venue whose phones share one address."""
    if voter is None:
        return _("Join the room first: type the code shown on the room's screen.")
    network, person = rate_counts([(f"room:{address_key(request)}", settings.ROOM_ADDRESS_RATE),
                                   (f"{action}:{voter.key}", rate)])  # fmt: skip
    if network:
        return _("Too many people on this network are asking at once. Please try again in a minute.")
    return too_many if person else None
