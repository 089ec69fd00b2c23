"""The world every hostile test acts in (a published summit, a signed declaration with a pledge, a draft practice,
a showing with a moderator, a room taking questions) and the small helpers the tests share."""

from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from declarations.models import Pledge
from discussion.models import Comment, Thread
from events.models import Event
from rooms.models import Poll
from summit.models import User
from tests.factories import jpeg_bytes
from workshops.models import BestPractice, Workshop


@dataclass
class World:
    thread: Thread
    citizen: User
    other_citizen: User
    mayor: User
    other_mayor: User
    facilitator: User
    organiser: User
    workshop: Workshop
    other_workshop: Workshop
    practice: BestPractice
    pledge: Pledge
    comment: Comment
    invitation: str  # the path of a pending invitation's link
    event: Event
    moderator: User  # of the mayor's city's showing
    showing_city: str
    words_poll: Poll  # open and on the screen in the workshop's room
    text_poll: Poll  # open in the other workshop's room


def sources_city(mayor):
    return mayor.delegations.get().city


def image(name="photo.jpg"):
    return SimpleUploadedFile(name, jpeg_bytes(), content_type="image/jpeg")


def client_for(world: World, who: str) -> Client:
    client = Client()
    if who != "guest":
        client.force_login(getattr(world, who))
    return client


def says_why(response) -> bool:
    """A refusal that explains itself: a form error, a flash message, or an error page or JSON with a text."""
    body = response.content.decode()
    return any(mark in body for mark in ('class="errorlist', 'class="messages', '"error"', "<h1>"))
