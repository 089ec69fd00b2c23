"""Where discussions live, told by the apps that host them, so the discussion imports none of them.

A thread hangs on a string key, "<prefix>:<name>" (`topic:healthy-cities`, `practice:12`). The app that owns the
prefix registers, in its `AppConfig.ready`, the page a key with that prefix is read on.

Comments belong to a scope: "" is the summit's own discussion; "<kind>:<name>" is a host's own discussion of the
same threads, such as a city's showing (`showing:arnhem`). The app that owns the kind registers a `ScopeHost` that
names the scope, places a thread's page in it and says who moderates it. A block with the empty scope holds on every
scope.
"""

from collections.abc import Callable
from typing import Protocol

from django.db.models import QuerySet

from summit.models import User

SUMMIT = ""


class ScopeHost(Protocol):
    # Shown to someone who writes on a thread the scope does not discuss, and to someone blocked in the scope.
    refusal: str
    blocked: str

    def title(self, name: str) -> str | None:
        """The scope's title, or None when no such scope exists."""

    def page(self, name: str, key: str) -> str | None:
        """The path where thread `key` is read in this scope, or None when the scope does not discuss it."""

    def moderators(self, name: str) -> QuerySet[User]:
        """The people who moderate this scope (organisers moderate every scope)."""

    def moderated_by(self, user: User) -> list[str]:
        """The names of the scopes `user` moderates."""


_pages: dict[str, Callable[[str], str]] = {}
_scopes: dict[str, ScopeHost] = {}


def register_page(prefix: str, page: Callable[[str], str]) -> None:
    """`page(name)` is the path of the page where thread `<prefix>:<name>` is read."""
    _pages[prefix] = page


def register_scope(kind: str, host: ScopeHost) -> None:
    _scopes[kind] = host


def _host(scope: str) -> tuple[ScopeHost | None, str]:
    kind, _sep, name = scope.partition(":")
    return _scopes.get(kind), name


def page_url(key: str, scope: str = SUMMIT) -> str:
    """Where thread `key` is read in `scope`; "/" for a key no app claims (a host app that was removed)."""
    if scope != SUMMIT:
        host, name = _host(scope)
        return (host.page(name, key) if host else None) or "/"
    prefix, _sep, name = key.partition(":")
    page = _pages.get(prefix)
    return page(name) if page else "/"


def scope_title(scope: str) -> str | None:
    """The scope's title; None for the summit's own discussion and for a scope that does not exist."""
    host, name = _host(scope)
    return host.title(name) if host else None


def scope_discusses(scope: str, key: str) -> bool:
    if scope == SUMMIT:
        return True
    host, name = _host(scope)
    return host is not None and host.page(name, key) is not None


def scope_refusal(scope: str) -> str:
    host, _name = _host(scope)
    return host.refusal if host else ""


def scope_blocked(scope: str) -> str:
    host, _name = _host(scope)
    return host.blocked if host else ""


def scope_moderators(scope: str) -> QuerySet[User]:
    host, name = _host(scope)
    return host.moderators(name) if host else User.objects.none()


def scopes_moderated_by(user: User) -> list[str]:
    """Every scope `user` moderates, as scope strings."""
    return [f"{kind}:{name}" for kind, host in _scopes.items() for name in host.moderated_by(user)]
