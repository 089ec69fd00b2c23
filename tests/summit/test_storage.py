"""Files on an S3-compatible object store (summit/storage.py), against a real S3 server over HTTP: moto in server
mode, the one CI starts (S3_TEST_ENDPOINT) or, without it, one started for the run (tests/conftest.py).

moto enforces objects' access (a private object refuses a reader without a signature) but does not check a signed
URL's signature or expiry; the expiry is asserted on the URL the storage signs.
"""

import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile

from discussion.models import Comment
from exhibition.models import Exhibit
from exhibition.services.editions import compile_inline
from summit.images import image_clean
from summit.storage import IMMUTABLE, PRIVATE_URL_SECONDS, media_origin, private_storage, storages_config
from tests.exhibition.test_paper_comments import card, moderator, showing  # noqa: F401 — fixtures
from tests.factories import BestPracticeFactory, jpeg_bytes
from workshops.services import practice_image_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def bucket(settings, s3_bucket):
    """A new bucket on the S3 server, which the default and private storages now use; returns its name."""
    settings.STORAGES = storages_config(s3_bucket, static_backend=settings.STORAGES["staticfiles"]["BACKEND"])
    return urlsplit(s3_bucket).netloc


def fetch(url: str) -> tuple[int, bytes, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 — the test server
            return answer.status, answer.read(), dict(answer.headers)
    except urllib.error.HTTPError as refused:
        return refused.code, b"", dict(refused.headers)


def test_an_uploaded_photo_and_its_renditions_are_read_from_the_object_store_at_their_public_address(
    bucket, s3_endpoint, mayor, django_capture_on_commit_callbacks
):
    practice = BestPracticeFactory(city=mayor.delegations.first().city, author=mayor)
    upload = SimpleUploadedFile("photo.jpg", jpeg_bytes(), "image/jpeg")

    with django_capture_on_commit_callbacks(execute=True):
        image = practice_image_add(practice=practice, by=mayor, image=image_clean(upload), caption="", alt_text="x")
    image.refresh_from_db()

    status, body, _headers = fetch(image.original.url)
    card_status, card_body, _ = fetch(image.card.url)
    assert image.original.url.startswith(f"{s3_endpoint}/{bucket}/practices/")
    assert status == 200 and body[:3] == b"\xff\xd8\xff"
    assert card_status == 200 and len(card_body) < len(body)


def test_a_private_file_is_refused_at_its_address_and_read_through_its_view_or_a_short_signed_url(
    bucket,
    s3_endpoint,
    client,
    moderator,  # noqa: F811
):
    client.force_login(moderator)
    client.post("/exhibition/cities/arnhem/paper/",
                {**card(), "photo": SimpleUploadedFile("card.jpg", jpeg_bytes(), "image/jpeg")})  # fmt: skip
    name = Comment.objects.get().paper_photo.name

    plain, _body, _headers = fetch(f"{s3_endpoint}/{bucket}/{name}")
    signed_url = private_storage.url(name)
    signed, signed_body, _headers = fetch(signed_url)
    download = client.get(f"/exhibition/cities/arnhem/paper/{Comment.objects.get().pk}/photo")

    assert name.startswith("private/paper-comments/")
    assert plain == 403
    assert signed == 200 and signed_body[:3] == b"\xff\xd8\xff"
    assert parse_qs(urlsplit(signed_url).query)["X-Amz-Expires"] == [str(PRIVATE_URL_SECONDS)]
    assert b"".join(download.streaming_content)[:3] == b"\xff\xd8\xff"


def test_a_file_missing_from_the_object_store_is_a_404_that_says_so(bucket, client, sources, publish):
    exhibit = Exhibit.objects.filter(edition=publish(), kind="topic").first()
    exhibit.poster.name = "exhibition/posters/gone.pdf"
    exhibit.save()

    response = client.get(f"/exhibition/editions/{exhibit.edition.number}/posters/{exhibit.slug}.pdf")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.pdf
def test_a_compile_on_the_object_store_publishes_posters_and_a_catalogue_kept_as_immutable(
    bucket, s3_endpoint, client, sources
):
    edition = compile_inline().edition
    poster = edition.exhibits.get(key="topic:healthy-cities").poster

    stored = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1").head_object(
        Bucket=bucket, Key=poster.name
    )
    served = client.get(f"/exhibition/editions/{edition.number}/posters/healthy-cities.pdf")
    catalogue = client.get(f"/exhibition/editions/{edition.number}/catalogue.pdf")

    assert edition.status == "published"
    assert stored["CacheControl"] == IMMUTABLE
    assert "immutable" in served["Cache-Control"] and "max-age=31536000" in served["Cache-Control"]
    assert b"".join(served.streaming_content).startswith(b"%PDF")
    assert b"".join(catalogue.streaming_content).startswith(b"%PDF")
    assert fetch(poster.url)[0] == 200


def test_public_files_can_be_read_at_a_public_origin_while_private_ones_stay_signed_by_the_store(
    settings, s3_endpoint, s3_bucket
):
    url = f"s3://summit-media?endpoint={s3_endpoint}&region=us-east-1&public=https://media.example.org/files"
    settings.STORAGES = storages_config(url, static_backend=settings.STORAGES["staticfiles"]["BACKEND"])

    public = storages["default"].url("practices/photo.jpg")
    private = private_storage.url("private/letters/LTL-1.pdf")

    assert public == "https://media.example.org/files/practices/photo.jpg"
    assert private.startswith(f"{s3_endpoint}/summit-media/private/letters/LTL-1.pdf?")
    assert "X-Amz-Signature=" in private
    assert media_origin(url) == "https://media.example.org"
    assert media_origin("") == ""
