import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from declarations.models import Declaration, DeclarationVersion, Pledge, PledgeUpdate, Signature
from events.models import Accreditation, Event, PressPhoto, PressRelease, Question, QuestionVote, Registration
from exhibition.models import Edition, ExhibitKind
from summit.models import City, Delegate, ProgrammeItem, Summit, Topic, User
from summit.permissions import is_delegate_of_city, is_facilitator, is_organiser
from workshops.models import BestPractice, Outcome, Workshop

pytestmark = [pytest.mark.django_db, pytest.mark.breadth]


def counts():
    models = (
        Summit, Topic, City, ProgrammeItem, User, Delegate, Declaration, DeclarationVersion, Signature, Pledge,
        PledgeUpdate, Event, Registration, Question, QuestionVote, PressRelease, Accreditation, PressPhoto,
    )  # fmt: skip
    return [model.objects.count() for model in models]


def test_seed_demo_loads_the_duesseldorf_summit_and_accounts(settings):
    settings.DEBUG = True

    call_command("seed_demo", stdout=io.StringIO())

    summit = Summit.objects.get(is_current=True)
    assert summit.name == "Second Mayors Summit on Living Together"
    assert list(Topic.objects.values_list("slug", flat=True)) == [
        "communicative-cities",
        "healthy-cities",
        "resilient-cities",
        "connective-cities",
        "inclusive-cities",
    ]
    assert City.objects.count() == 36
    healthy = Topic.objects.get(slug="healthy-cities")
    assert (healthy.name_de, healthy.name_fr) == ("Gesunde Städte", "Villes en bonne santé")
    assert summit.name_fr == "Deuxième Sommet des maires sur le vivre-ensemble"
    assert ProgrammeItem.objects.get(title_en="Workshop: Healthy Cities").title_de == "Workshop: Gesunde Städte"
    assert ProgrammeItem.objects.filter(is_public=False).count() == 1
    assert is_organiser(User.objects.get(email="organiser@example.org"))
    assert is_facilitator(User.objects.get(email="facilitator@example.org"))
    assert is_delegate_of_city(
        User.objects.get(email="mayor.duesseldorf@example.org"), City.objects.get(slug="dusseldorf")
    )
    assert is_delegate_of_city(User.objects.get(email="mayor.montreal@example.org"), City.objects.get(slug="montreal"))


def test_the_demos_public_side_is_live_whenever_it_is_loaded(settings, client, django_capture_on_commit_callbacks):
    """A newcomer meets events to come and a room taking questions, whatever day `make run` is."""
    settings.DEBUG = True
    with django_capture_on_commit_callbacks(execute=True):  # the press photo's renditions
        call_command("seed_demo", stdout=io.StringIO())
        call_command("compile_exhibition", stdout=io.StringIO())

    upcoming = Event.objects.get(item__title__startswith="Living together after the summit")
    page = " ".join(client.get(upcoming.item.get_absolute_url()).content.decode().split())
    signed_up = client.post(f"/programme/{upcoming.item_id}/sign-up/", {"name": "Neu", "email": "neu@example.org"})
    room = Event.objects.get(questions_open=True)
    ask = " ".join(client.get(f"/programme/{room.item_id}/ask/").content.decode().split())
    press = " ".join(client.get("/press/").content.decode().split())

    assert upcoming.item.starts_at > timezone.now() and "Join the waiting list" in page
    assert signed_up.status_code == 302 and Registration.objects.get(email="neu@example.org").status == "unconfirmed"
    assert room.item.starts_at < timezone.now() < room.item.ends_at
    assert "Will our street get a school street too" in ask and "4 likes" in ask
    assert "Mayors of 36 cities agree on the Düsseldorf Declaration (demo)" in press
    assert "under embargo" not in press  # the embargoed release stays hidden
    assert Accreditation.objects.get().status == "requested"
    photo = PressPhoto.objects.get()
    assert photo.credit == "Generated for the demo" and photo.card and photo.credit in press
    topics = Edition.objects.get(is_current=True).exhibits.filter(kind=ExhibitKind.TOPIC)
    assert all(exhibit.payload.get("themes") for exhibit in topics)  # enough outcomes that themes show


def test_seed_demo_is_idempotent(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    first = counts()

    call_command("seed_demo")

    assert counts() == first
    assert "living-together-2019" in capsys.readouterr().out


def test_seed_demo_refuses_known_passwords_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("seed_demo")

    assert not User.objects.exists()
    call_command("seed_demo", "--no-accounts")
    assert Summit.objects.exists() and not User.objects.exists()


def test_seed_demo_publishes_demo_practices_in_every_topic(settings):
    settings.DEBUG = True

    call_command("seed_demo", stdout=io.StringIO())

    public = BestPractice.objects.filter(is_public=True)
    assert public.count() == 10
    assert all(practice.is_demo for practice in public)
    assert set(public.values_list("public_topic__slug", flat=True)) == set(Topic.objects.values_list("slug", flat=True))
    assert public.values("city").distinct().count() >= 5


def test_seed_demo_large_adds_200_practices_across_all_cities(settings):
    settings.DEBUG = True

    call_command("seed_demo", "--size", "large", stdout=io.StringIO())
    call_command("seed_demo", "--size", "large", stdout=io.StringIO())

    large = BestPractice.objects.filter(title__startswith="Large demo practice")
    assert large.count() == 200
    assert large.values("city").distinct().count() == 36
    assert large.filter(is_public=True).count() == 200


def test_seed_demo_creates_a_facilitated_workshop_per_topic_with_demo_outcomes(settings):
    settings.DEBUG = True

    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", "--size", "large", stdout=io.StringIO())
    call_command("seed_demo", "--size", "large", stdout=io.StringIO())

    workshops = Workshop.objects.all()
    assert workshops.count() == 5
    assert all(workshop.facilitators.filter(email="facilitator@example.org").exists() for workshop in workshops)
    assert Outcome.objects.filter(is_demo=True).count() == 45 + 1000
    assert all(workshop.outcomes.count() == 9 + 200 for workshop in workshops)


def test_seed_demo_loads_the_montreal_reference_and_the_duesseldorf_declaration_with_its_signatories(settings):
    settings.DEBUG = True

    call_command("seed_demo", stdout=io.StringIO())

    montreal, duesseldorf = (
        Declaration.objects.get(slug="montreal-2015"),
        Declaration.objects.get(slug="duesseldorf-2019"),
    )
    assert montreal.status == "reference" and montreal.clauses.count() == 5 and not montreal.signatures.exists()
    assert duesseldorf.status == "open_for_signature" and duesseldorf.clauses.count() == 3
    assert duesseldorf.signatures.count() == 35
    assert not duesseldorf.signatures.exclude(version__number=1).exists()
    pledges = duesseldorf.pledges.all()
    assert pledges.count() == 3 and all(pledge.is_demo for pledge in pledges)
    assert pledges.get(city__name="Düsseldorf").status == "done"
    assert pledges.get(city__name="Düsseldorf").updates.count() == 2
    draft = Declaration.objects.get(slug="demo-draft-2021")
    assert draft.status == "draft" and "Demo content" in draft.note
    assert draft.amendments.get().status == "proposed"
