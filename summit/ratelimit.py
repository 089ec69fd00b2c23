"""A fixed-window rate limit on the shared cache, by account, by IP address or by any key. Rates look like "5/10m"."""

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


def address_key(request) -> str:
    return "ip:" + hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]


def _window_count(key: str, seconds: int) -> int:
    cache.add(key, 0, seconds)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, seconds)
        return 1


def rate_counts(limits: list[tuple[str, str]]) -> list[bool]:
    """Count one more under each (key, rate); for each, True when its window's count is over its rate. Every key is
    counted, whichever is over, and expires with its window. On Redis they all go in one round trip
    (summit.cache_backend.DegradingRedisCache.window_counts), else key by key."""
    windows = [(f"rl:{key}", _window(rate)) for key, rate in limits]
    counted = getattr(cache, "window_counts", lambda _windows: None)([(key, seconds) for key, (_n, seconds) in windows])
    if counted is None:
        counted = [_window_count(key, seconds) for key, (_n, seconds) in windows]
    return [count > limit for count, (_key, (limit, _s)) in zip(counted, windows, strict=True)]


def rate_count(key: str, rate: str) -> bool:
    """Count one more under `key`; True when the window's count is over `rate`."""
    return rate_counts([(key, rate)])[0]


def rate_limit_hit(request, action: str, rate: str) -> bool:
    """Count one `action` for this account and this IP; True when either is over `rate`."""
    keys = [f"{action}:{address_key(request)}"]
    if request.user.is_authenticated:
        keys.append(f"{action}:user:{request.user.pk}")
    return any(rate_counts([(key, rate) for key in keys]))
