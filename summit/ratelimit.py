"""A fixed-window rate limit on the shared cache, by account and by IP address. Rates look like "5/10m"."""

import hashlib

from django.core.cache import cache

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _window(rate: str) -> tuple[int, int]:
    count, period = rate.split("/")
    number = int(period[:-1] or 1)
    return int(count), number * UNITS[period[-1]]


def client_ip(request) -> str:
    """The address the request came from. Behind a proxy, set it up to pass the real one in REMOTE_ADDR."""
    return request.META.get("REMOTE_ADDR", "")


def rate_limit_hit(request, action: str, rate: str) -> bool:
    """Count one `action` for this account and this IP; True when either is over `rate`."""
    limit, seconds = _window(rate)
    keys = [f"rl:{action}:ip:{hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]}"]
    if request.user.is_authenticated:
        keys.append(f"rl:{action}:user:{request.user.pk}")
    over = False
    for key in keys:
        cache.add(key, 0, seconds)
        try:
            over |= cache.incr(key) > limit
        except ValueError:  # expired between add and incr
            cache.set(key, 1, seconds)
    return over
