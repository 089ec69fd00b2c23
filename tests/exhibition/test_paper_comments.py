"""Comments left on paper at a showing's venue, typed in by its moderators."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from discussion.models import Comment, CommentStatus
from discussion.selectors import discussion_figures
from exhibition.services.showings import showing_moderators_sync
from tests.factories import CityFactory, ShowingFactory, UserFactory, jpeg_bytes

pytestmark = pytest.mark.django_db

PAPER = "/exhibition/cities/arnhem/paper/"


@pytest.fixture
def showing(sources, publish):
    publish()
    return ShowingFactory(city=CityFactory(name="Arnhem", slug="arnhem", country="NL"), title="Samen leven")


@pytest.fixture
def moderator(showing):
    user = UserFactory(name="Mo Moderator")
    showing.moderators.add(user)
    showing_moderators_sync()
    return user


def card(**changes) -> dict:
    return {"topic": "topic:healthy-cities", "body": "Mehr Bänke im Park!", "first_name": "Anke",
            "written_on": "2019-07-03", **changes}  # fmt: skip


def test_a_paper_comment_is_published_marked_and_counted(client, showing, moderator):
    client.force_login(moderator)

    response = client.post(PAPER, {**card(), "photo": SimpleUploadedFile("card.jpg", jpeg_bytes(), "image/jpeg")})

    comment = Comment.objects.get(body="Mehr Bänke im Park!")
    page = re.sub(r"\s+", " ", client.get("/exhibition/cities/arnhem/topics/healthy-cities/").content.decode())
    assert response.status_code == 302
    assert comment.status == CommentStatus.PUBLISHED and comment.author is None and comment.scope == "showing:arnhem"
    assert "Anke" in page and "written on paper at the exhibition in Arnhem, 3 July 2019" in page
    assert discussion_figures(scope="showing:arnhem")["topic:healthy-cities"]["comments"] == 1
    assert comment.transitions.get().by == moderator
    # The photo of the card: its moderators only.
    photo_url = f"{PAPER}{comment.pk}/photo"
    download = client.get(photo_url)
    assert b"".join(download.streaming_content)[:3] == b"\xff\xd8\xff"  # a JPEG
    assert photo_url not in page and comment.paper_photo.name.startswith("private/paper-comments/")
    client.force_login(UserFactory())
    assert client.get(photo_url).status_code == 404
    client.logout()
    assert client.get(photo_url).status_code == 302


def test_only_the_showings_moderators_type_in_paper_comments(client, showing, moderator, organiser, mayor):
    other = ShowingFactory(city=CityFactory(slug="venlo"))
    elsewhere = UserFactory()
    other.moderators.add(elsewhere)
    showing_moderators_sync()
    for user in (elsewhere, mayor, UserFactory()):
        client.force_login(user)
        assert client.get(PAPER).status_code == 404
        assert client.post(PAPER, card()).status_code == 404
    assert not Comment.objects.filter(body="Mehr Bänke im Park!").exists()


def test_a_paper_comment_from_the_future_or_without_text_is_refused(client, showing, moderator):
    client.force_login(moderator)

    response = client.post(PAPER, card(body="", written_on="2999-01-01"))

    page = response.content.decode()
    assert response.status_code == 400
    assert "This date has not come yet." in page and "This field is required." in page
    assert not Comment.objects.exists()
