import datetime
import io
import re

import pytest
from pypdf import PdfReader

from declarations.models import DeclarationStatus
from declarations.services.signing import signature_record_on_paper
from declarations.services.texts import declaration_load
from tests.exhibition.pdf_tools import pdf_text
from tests.factories import CityFactory

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]

URL = "/declarations/duesseldorf-2019.pdf"
CITIES = [("Arnhem", "NL"), ("Bamako", "ML"), ("Montréal", "CA"), ("Zürich", "CH")]


@pytest.fixture
def declaration(db):
    declaration = declaration_load(
        slug="duesseldorf-2019", title="Düsseldorf Declaration on Living Together", place="Düsseldorf",
        status=DeclarationStatus.OPEN, adopted_on=datetime.date(2019, 8, 31), note="",
        clauses=["We turn living together into local action.", "We keep exchanging what works."],
    )  # fmt: skip
    for name, country in CITIES:
        city = CityFactory(name=name, slug=name.lower().replace("é", "e").replace("ü", "ue"), country=country)
        signature_record_on_paper(declaration=declaration, city=city, signed_on=datetime.date(2019, 8, 31))
    return declaration


def download(client, django_capture_on_commit_callbacks):
    """The first request starts the rendering (the worker runs at commit); the second gets the PDF's bytes."""
    with django_capture_on_commit_callbacks(execute=True):
        first = client.get(URL)
    second = client.get(URL)
    assert second.status_code == 200 and second["Content-Type"] == "application/pdf"
    return first, b"".join(second.streaming_content)


def test_the_pdf_is_prepared_then_lists_the_text_and_every_signatory(
    client, declaration, tmp_path, django_capture_on_commit_callbacks
):
    first, pdf = download(client, django_capture_on_commit_callbacks)

    assert first.status_code == 202 and "The PDF is being prepared" in first.content.decode()
    path = tmp_path / "declaration.pdf"
    path.write_bytes(pdf)
    printed = " ".join(pdf_text(path, layout=False).split())
    assert "Düsseldorf Declaration on Living Together" in printed
    assert "We keep exchanging what works." in printed and "4 signatory cities" in printed
    for name, _country in CITIES:
        assert name in printed
    # Grouped and ordered as on the page: by country name (Canada, Mali, Netherlands, Switzerland), not by code.
    page = " ".join(re.sub(r"<[^>]+>", " ", client.get("/declarations/duesseldorf-2019/").content.decode()).split())
    order = ["Canada Montréal", "Mali Bamako", "Netherlands Arnhem", "Switzerland Zürich"]
    assert [printed.index(group) for group in order] == sorted(printed.index(group) for group in order)
    assert [page.index(group) for group in order] == sorted(page.index(group) for group in order)


def test_the_pdf_is_tagged_for_screen_readers_with_its_language_and_title(
    client, declaration, django_capture_on_commit_callbacks
):
    _first, pdf = download(client, django_capture_on_commit_callbacks)

    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en"
    assert reader.metadata.title == "Düsseldorf Declaration on Living Together"


def test_a_new_signature_makes_a_new_pdf(client, declaration, tmp_path, django_capture_on_commit_callbacks):
    download(client, django_capture_on_commit_callbacks)
    city = CityFactory(name="Vienna", slug="vienna", country="AT")
    signature_record_on_paper(declaration=declaration, city=city, signed_on=datetime.date(2019, 8, 31))

    first, pdf = download(client, django_capture_on_commit_callbacks)

    assert first.status_code == 202
    path = tmp_path / "declaration.pdf"
    path.write_bytes(pdf)
    assert "Vienna" in pdf_text(path, layout=False)
