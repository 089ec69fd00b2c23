import datetime
import io
import uuid
import zoneinfo

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone
from PIL import Image, PngImagePlugin

from events.models import Event
from exhibition.models import Showing
from opinions.models import Statement
from opinions.services import vote_cast
from summit.models import (
    City,
    Delegate,
    DelegateTitle,
    ProgrammeItem,
    ProgrammeKind,
    Summit,
    Topic,
    User,
    Venue,
)
from summit.permissions import FACILITATORS, ORGANISERS
from workshops.models import BestPractice, Outcome, OutcomeKind, PracticeStatus, Workshop
from workshops.services import practice_approve_imported

PASSWORD = "a-long-test-password-42"
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


class UserFactory(factory.django.DjangoModelFactory):
    """A user with a verified primary address who can sign in with PASSWORD."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, primary=True, verified=True)


class OrganiserFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name=ORGANISERS))


class FacilitatorFactory(UserFactory):
    @factory.post_generation
    def group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name=FACILITATORS))


class SummitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Summit
        django_get_or_create = ["slug"]

    name = "Second Mayors Summit on Living Together"
    slug = "duesseldorf-2019"
    slogan = "Live Close - Feel Free"
    host_city = "Düsseldorf"
    starts_on = datetime.date(2019, 8, 30)
    ends_on = datetime.date(2019, 9, 1)
    time_zone = "Europe/Berlin"
    languages = ["en", "de", "fr"]
    is_current = True


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City

    name = factory.Sequence(lambda n: f"City {n}")
    slug = factory.Sequence(lambda n: f"city-{n}")
    country = "DE"


class DelegateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegate

    user = factory.SubFactory(UserFactory)
    city = factory.SubFactory(CityFactory)
    title = DelegateTitle.MAYOR


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")
    order = factory.Sequence(int)
    colour = "#2da44e"
    summary = "What this topic is about."


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    name = factory.Sequence(lambda n: f"Hall {n}")
    slug = factory.Sequence(lambda n: f"hall-{n}")
    address = "Marktplatz 2, 40213 Düsseldorf"


class ProgrammeItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeItem

    summit = factory.SubFactory(SummitFactory)
    title = factory.Sequence(lambda n: f"Session {n}")
    kind = ProgrammeKind.PUBLIC_DISCUSSION
    starts_at = datetime.datetime(2019, 8, 31, 10, 0, tzinfo=BERLIN)
    ends_at = factory.LazyAttribute(lambda item: item.starts_at + datetime.timedelta(hours=1))
    venue = factory.SubFactory(VenueFactory)
    is_public = True


class BestPracticeFactory(factory.django.DjangoModelFactory):
    """A draft by a delegate of its city."""

    class Meta:
        model = BestPractice

    city = factory.SubFactory(CityFactory)
    topic = factory.SubFactory(TopicFactory)
    author = None
    title = factory.Sequence(lambda n: f"Practice {n}")
    summary = "A short summary of what the city does."
    body = "What the city does, in **Markdown**."
    results = "- 100 people reached"
    links = []
    language = "en"


def approved_practice(**kwargs) -> BestPractice:
    """A practice approved as imported data is: the working copy becomes the public copy."""
    practice = BestPracticeFactory(status=PracticeStatus.SUBMITTED, **kwargs)
    return practice_approve_imported(practice=practice, reason="Test data.")


def vote_on(statement: Statement, voter: str, *, scope: str = "", choice: int = 1, user=None) -> None:
    """A person's vote on a shown statement, as the statements page casts it."""
    assert vote_cast(statement_id=statement.pk, topic_slug=statement.topic.slug, voter=voter, user=user, scope=scope,
                     choice=choice)  # fmt: skip


def jpeg_bytes(size=(1200, 800), *, exif_orientation=None, gps=False, colour="steelblue") -> bytes:
    """A real JPEG as a phone camera makes it, optionally with an orientation tag and GPS position."""
    image = Image.new("RGB", size, colour)
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    if exif_orientation:
        exif[0x0112] = exif_orientation
    if gps:
        exif[0x8825] = {1: "N", 2: (51.0, 13.0, 30.0), 3: "E", 4: (6.0, 46.0, 12.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes(), quality=90)
    return buffer.getvalue()


def png_bytes(size=(640, 480), *, mode="RGBA") -> bytes:
    image = Image.new(mode, size, (200, 30, 30, 255) if mode == "RGBA" else 1)
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "taken at Marktplatz 2, Düsseldorf")
    buffer = io.BytesIO()
    image.save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop

    programme_item = factory.SubFactory(ProgrammeItemFactory, kind=ProgrammeKind.WORKSHOP)
    topic = factory.SubFactory(TopicFactory)


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    uuid = factory.LazyFunction(uuid.uuid4)
    workshop = factory.SubFactory(WorkshopFactory)
    kind = OutcomeKind.INSIGHT
    text = factory.Sequence(lambda n: f"Outcome number {n}")
    order = factory.Sequence(int)


class ShowingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Showing

    city = factory.SubFactory(CityFactory)
    title = factory.LazyAttribute(lambda showing: f"Living together in {showing.city.name}")
    language = "en"
    starts_on = datetime.date(2019, 7, 1)
    ends_on = datetime.date(2019, 7, 31)
    venue = "Town hall foyer"


class EventFactory(factory.django.DjangoModelFactory):
    """A sign-up on a public discussion ten days from now."""

    class Meta:
        model = Event

    item = factory.SubFactory(
        ProgrammeItemFactory,
        title="Living together: ask the mayors",
        starts_at=factory.LazyFunction(lambda: timezone.now().replace(microsecond=0) + datetime.timedelta(days=10)),
    )
    capacity = 2
