"""How the events app hosts rooms: a public event's room is `programme-<item id>`; phones that join it land on its
questions, and its moderators run its polls."""

from django.urls import reverse

from events.models import Event
from rooms import hosts
from summit.models import User


class EventRooms:
    def _event(self, name: str) -> Event | None:
        if not name.isdigit():
            return None
        return Event.objects.select_related("item").filter(item_id=int(name), item__is_public=True).first()

    def title(self, name: str) -> str | None:
        event = self._event(name)
        return event.item.title if event else None

    def landing(self, name: str) -> str | None:
        return reverse("events:ask", kwargs={"pk": int(name)})

    def runs(self, user: User, name: str) -> bool:
        return Event.objects.filter(item_id=int(name), moderators=user).exists() if name.isdigit() else False

    def ranking_items(self, name: str) -> list[str]:
        return []

    def siblings(self, name: str) -> list[str]:
        return []

    def kept(self, name: str) -> bool:
        return False


def register() -> None:
    hosts.register("programme", EventRooms())
