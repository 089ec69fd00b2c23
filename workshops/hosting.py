"""How the workshops app hosts discussions and rooms: an approved practice's page carries thread `practice:<id>`;
every workshop has a room, `workshop-<id>`, run by its facilitators, whose closed polls join its outcomes in the
exhibition."""

from django.urls import reverse

from discussion import hosts
from rooms import hosts as room_hosts
from summit.models import User
from workshops.models import Outcome, Workshop
from workshops.permissions import is_facilitator_of

RANKED_OUTCOMES = 12


def practice_page(pk: str) -> str:
    return reverse("workshops:practice_detail", kwargs={"pk": int(pk)})


def room_key(workshop: Workshop) -> str:
    return room_hosts.key_of("workshop", str(workshop.pk))


class WorkshopRooms:
    def _workshop(self, name: str) -> Workshop | None:
        return (
            Workshop.objects.select_related("programme_item").filter(pk=int(name)).first() if name.isdigit() else None
        )

    def title(self, name: str) -> str | None:
        workshop = self._workshop(name)
        return str(workshop) if workshop else None

    def landing(self, name: str) -> str | None:
        return None  # the room's own polls page

    def runs(self, user: User, name: str) -> bool:
        workshop = self._workshop(name)
        return workshop is not None and is_facilitator_of(user, workshop)

    def ranking_items(self, name: str) -> list[str]:
        """The workshop's visible outcomes, the most dot-voted first."""
        outcomes = Outcome.objects.filter(workshop_id=int(name), hidden=False)
        return [text[:200] for text in outcomes.order_by("-votes", "order", "id").values_list("text", flat=True)[
            :RANKED_OUTCOMES
        ]]  # fmt: skip

    def siblings(self, name: str) -> list[str]:
        workshop = self._workshop(name)
        if workshop is None:
            return []
        others = Workshop.objects.filter(topic_id=workshop.topic_id).exclude(pk=workshop.pk).order_by("pk")
        return [str(pk) for pk in others.values_list("pk", flat=True)]

    def kept(self, name: str) -> bool:
        return True


def register() -> None:
    hosts.register_page("practice", practice_page)
    room_hosts.register("workshop", WorkshopRooms())
