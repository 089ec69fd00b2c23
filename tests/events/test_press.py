"""The press room: releases under embargo for accredited journalists only, accreditation by the organisers,
photos cleaned and credited, press meetings and the exhibition's PDFs in one place."""

import datetime
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from events.models import Accreditation, PressPhoto, PressRelease
from tests.factories import OrganiserFactory, ProgrammeItemFactory, UserFactory, jpeg_bytes

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def releases(summit):
    now = timezone.now()
    published = PressRelease.objects.create(
        title="Mayors meet in Düsseldorf", title_de="Bürgermeister treffen sich in Düsseldorf",
        body="Thirty-six cities **meet**.", publish_at=now - datetime.timedelta(hours=1),
    )  # fmt: skip
    embargoed = PressRelease.objects.create(
        title="The Düsseldorf Declaration is signed", body="Signed by 35 cities.",
        publish_at=now + datetime.timedelta(days=1),
    )  # fmt: skip
    return published, embargoed


@pytest.fixture
def journalist(db):
    user = UserFactory(email="reporter@example.org", name="Rita Reporter")
    Accreditation.objects.create(name="Rita Reporter", outlet="Rheinische Post", email=user.email, status="approved")
    return user


def test_nothing_shows_before_its_publication_time(client, releases):
    published, embargoed = releases

    room = text(client.get("/press/"))
    refused = client.get(embargoed.get_absolute_url())

    assert "Mayors meet in Düsseldorf" in room and "The Düsseldorf Declaration is signed" not in room
    assert refused.status_code == 404
    assert "<strong>meet</strong>" in text(client.get(published.get_absolute_url()))


def test_accredited_journalists_read_embargoed_releases_marked_as_such(client, releases, journalist):
    _published, embargoed = releases
    client.force_login(journalist)

    room = text(client.get("/press/"))
    page = text(client.get(embargoed.get_absolute_url()))

    assert "The Düsseldorf Declaration is signed" in room and "Embargoed" in room
    assert "Embargoed until then: do not publish before." in page
    client.force_login(UserFactory(email="curious@example.org"))
    assert client.get(embargoed.get_absolute_url()).status_code == 404


def test_releases_are_read_in_the_readers_language(client, releases):
    assert "Bürgermeister treffen sich in Düsseldorf" in text(client.get("/press/?lang=de"))


def test_a_journalist_asks_for_accreditation_and_an_organiser_approves_it(
    client, summit, django_capture_on_commit_callbacks
):
    asked = client.post(
        "/press/accreditation/", {"name": "Rita Reporter", "outlet": "WDR", "email": "rita@example.org"}, follow=True
    )
    again = client.post(
        "/press/accreditation/", {"name": "Rita", "outlet": "WDR", "email": "RITA@example.org"}, follow=True
    )
    accreditation = Accreditation.objects.get()
    organiser = OrganiserFactory()
    client.force_login(organiser)

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/admin/events/accreditation/", {"action": "approve", "_selected_action": [accreditation.pk]})

    assert "The organisers will answer you by email." in text(asked)
    assert "We already have a request from this address" in text(again)
    accreditation.refresh_from_db()
    assert accreditation.status == "approved" and accreditation.decided_at
    assert list(accreditation.transitions.values_list("from_status", "to_status", "by")) == [
        ("requested", "approved", organiser.pk)
    ]  # the decision's history, shown on the accreditation in the admin
    (email,) = mail.outbox
    assert email.to == ["rita@example.org"] and "/accounts/signup/" in email.body


def test_an_accreditation_with_mistakes_says_what_to_fix(client, summit):
    response = client.post("/press/accreditation/", {"name": "", "outlet": "WDR", "email": "no"})

    assert response.status_code == 400 and "Enter a valid email address." in text(response)
    assert not Accreditation.objects.exists()


def test_press_photos_are_cleaned_credited_and_downloadable_full_size(
    client, summit, django_capture_on_commit_callbacks
):
    client.force_login(OrganiserFactory())
    upload = SimpleUploadedFile("mayors.jpg", jpeg_bytes(gps=True), content_type="image/jpeg")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/events/pressphoto/add/",
            {"original": upload, "caption": "The mayors on stage", "alt_text": "Mayors on a stage",
             "credit": "Anna Photo", "licence": "CC BY 4.0", "position": 0},
        )  # fmt: skip

    photo = PressPhoto.objects.get()
    with photo.original.open("rb"), Image.open(photo.original) as stored:
        assert dict(stored.getexif()) == {}
    assert photo.renditions_ready
    room = text(client.get("/press/"))
    assert "© Anna Photo · CC BY 4.0" in room and f'href="{photo.original.url}" download' in room


def test_a_photo_that_is_not_an_image_is_refused_in_the_admin(client, summit):
    client.force_login(OrganiserFactory())
    upload = SimpleUploadedFile("mayors.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")

    response = client.post(
        "/admin/events/pressphoto/add/",
        {"original": upload, "caption": "x", "alt_text": "x", "credit": "x", "licence": "CC BY 4.0", "position": 0},
    )

    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert not PressPhoto.objects.exists()


def test_the_press_room_lists_press_meetings_and_the_exhibitions_pdfs(client, sources, publish, summit):
    ProgrammeItemFactory(summit=summit, kind="press_meeting", title="Press conference with the host mayor")
    edition = publish()

    room = text(client.get("/press/"))
    german = text(client.get("/press/?lang=de"))

    assert "Press conference with the host mayor" in room
    assert "Saturday, 31 August 2019, 10:00" in room  # the factory's 2019 meeting, with its year
    assert "Samstag, 31. August 2019, 10:00" in german
    assert f"/exhibition/editions/{edition.number}/catalogue.pdf" in room
