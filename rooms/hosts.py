"""What a room's key means, told by the apps whose workshops and events have rooms, so the rooms import none of
them (as discussion.hosts does for threads).

A key is "<prefix>-<name>" (`workshop-5`, `programme-12`). The app that owns the prefix registers a `RoomHost` in
its `AppConfig.ready`.
"""

from typing import Protocol

from summit.models import User


class RoomHost(Protocol):
    def title(self, name: str) -> str | None:
        """The room's title (the workshop's, the programme item's); None when no such room exists any more."""

    def landing(self, name: str) -> str | None:
        """Where a phone that joined goes, when not to the room's own polls page (events: the questions)."""

    def runs(self, user: User, name: str) -> bool:
        """Whether `user` may run the room's console (organisers always may)."""

    def ranking_items(self, name: str) -> list[str]:
        """The room's own items a ranking poll may order (a workshop's outcomes)."""

    def siblings(self, name: str) -> list[str]:
        """The names of the rooms a poll prepared here may be copied to (the other workshops of its topic)."""

    def kept(self, name: str) -> bool:
        """Whether the room's closed polls are kept in the exhibition."""


_hosts: dict[str, RoomHost] = {}


def register(prefix: str, host: RoomHost) -> None:
    _hosts[prefix] = host


def host_of(key: str) -> tuple[RoomHost | None, str]:
    prefix, _sep, name = key.partition("-")
    return _hosts.get(prefix), name


def key_of(prefix: str, name: str) -> str:
    return f"{prefix}-{name}"


def title(key: str) -> str | None:
    host, name = host_of(key)
    return host.title(name) if host else None


def landing(key: str) -> str | None:
    host, name = host_of(key)
    return host.landing(name) if host else None


def runs(user: User, key: str) -> bool:
    host, name = host_of(key)
    return host is not None and host.runs(user, name)


def ranking_items(key: str) -> list[str]:
    host, name = host_of(key)
    return host.ranking_items(name) if host else []


def siblings(key: str) -> list[str]:
    prefix, _sep, _name = key.partition("-")
    host, name = host_of(key)
    return [key_of(prefix, sibling) for sibling in host.siblings(name)] if host else []


def kept(key: str) -> bool:
    host, name = host_of(key)
    return host is not None and host.kept(name)
