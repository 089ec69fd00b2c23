import pytest
from django.test import Client

from rooms.services import room_ensure
from tests.factories import OutcomeFactory, WorkshopFactory
from workshops.hosting import room_key


@pytest.fixture
def workshop(facilitator):
    workshop = WorkshopFactory()
    workshop.facilitators.add(facilitator)
    for text, votes in [("Shade in every schoolyard", 3), ("Benches that invite a chat", 7), ("Open courtyards", 1)]:
        OutcomeFactory(workshop=workshop, text=text, votes=votes)
    return workshop


@pytest.fixture
def room(workshop):
    return room_ensure(key=room_key(workshop))


def phone(room, client: Client | None = None) -> Client:
    """A phone in the room: it has scanned the QR code on the room's screen, which gives it its pass."""
    client = client or Client()
    client.get(f"/join/{room.code}/")
    return client


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client
