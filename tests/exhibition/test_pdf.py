import re
import subprocess

import pytest
from pypdf import PdfReader

from exhibition.services.editions import compile_inline
from summit.pdf import ResourceRefused, StorageFetcher
from tests.exhibition.pdf_tools import pdf_page, pdf_text, qr_decode
from workshops.models import Outcome

pytestmark = pytest.mark.django_db

EVIL = '<b>Fish & "chips"</b> <img src="file:///etc/passwd">'


@pytest.fixture
def edition(sources, settings):
    settings.SITE_URL = "https://summit.example.org"
    Outcome.objects.filter(text="Healthy Cities solution").update(text=EVIL, votes=20)
    return compile_inline().edition


def test_poster_is_one_a1_page_with_title_escaped_text_and_edition(edition):
    poster = edition.exhibits.get(key="topic:healthy-cities").poster
    info = subprocess.run(["pdfinfo", poster.path], check=True, capture_output=True, text=True).stdout
    text = pdf_text(poster.path)

    assert "Pages:           1" in info
    assert "(A1)" in info
    assert "Healthy Cities" in text
    assert '<b>Fish & "chips"</b>' in text
    assert "Healthy Cities commitment" in text
    assert f"Edition {edition.number}" in text
    assert "summit.example.org/exhibition/topics/healthy-cities/" in text


def test_poster_fonts_are_embedded(edition):
    poster = edition.exhibits.get(key="topic:healthy-cities").poster
    fonts = subprocess.run(["pdffonts", poster.path], check=True, capture_output=True, text=True).stdout.splitlines()[
        2:
    ]

    assert fonts
    assert all(" yes " in line for line in fonts)


def test_poster_qr_code_decodes_to_the_exhibit_url(edition, tmp_path):
    poster = edition.exhibits.get(key="topic:inclusive-cities").poster
    decoded = qr_decode(poster.path, tmp_path)

    assert decoded == "https://summit.example.org/exhibition/topics/inclusive-cities/"


def test_catalogue_has_contents_page_numbers_and_every_exhibit(edition):
    text = pdf_text(edition.catalogue.path)
    outline = subprocess.run(["pdfinfo", edition.catalogue.path], check=True, capture_output=True, text=True).stdout

    assert "Contents" in text
    for title in ("Healthy Cities", "Inclusive Cities", "Healthy Cities practice", "Workshop: Inclusive Cities"):
        assert title in text
    assert '<b>Fish & "chips"</b>' in text
    pages = int(next(line for line in outline.splitlines() if line.startswith("Pages:")).split()[1])
    assert pages >= 4
    # Each page carries its number at the bottom; the contents give the page of each exhibit; bookmarks exist.
    for number in (2, pages):
        page = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), edition.catalogue.path, "-"],
                              check=True, capture_output=True, text=True).stdout  # fmt: skip
        assert page.split()[-1] == str(number)
    # The contents give the page each exhibit starts on, and that page shows it.
    contents = dict(re.findall(r"^ *(\S.*?) {2,}(\d+)$", pdf_page(edition.catalogue.path, 2), re.MULTILINE))
    for title in ("Inclusive Cities", "Workshop: Healthy Cities", "Inclusive Cities practice"):
        assert title in pdf_page(edition.catalogue.path, int(contents[title]))
    outline = subprocess.run(["pdftohtml", "-xml", "-i", "-stdout", edition.catalogue.path],
                             check=True, capture_output=True, text=True).stdout  # fmt: skip
    bookmarks = re.findall(r'<item page="\d+">([^<]+)</item>', outline)
    assert {"Healthy Cities", "Inclusive Cities", "Healthy Cities practice"} <= set(bookmarks)


def test_catalogue_is_tagged_pdf_ua_with_its_language_title_and_headings(edition):
    reader = PdfReader(edition.catalogue.path)
    root = reader.trailer["/Root"]

    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en"
    assert reader.metadata.title == f"Exhibition catalogue, edition {edition.number}"
    assert "pdfuaid:part" in root["/Metadata"].get_object().get_data().decode()  # declares PDF/UA-1
    roles = []

    def walk(element):
        element = element.get_object()
        if isinstance(element, list):
            for kid in element:
                walk(kid)
        elif hasattr(element, "get") and "/S" in element:
            roles.append(element["/S"])
            if "/K" in element:
                walk(element["/K"])

    walk(root["/StructTreeRoot"]["/K"])
    # The structure a screen reader follows: headings for the exhibits, the contents as a table, lists of outcomes.
    assert {"/H1", "/H2", "/Table", "/L", "/Link"} <= set(roles)
    assert roles.count("/H1") >= 4  # the cover, two topics, the overview, the group headings


def test_fetcher_refuses_files_and_remote_hosts():
    fetcher = StorageFetcher()

    for url in ("file:///etc/passwd", "https://example.org/x.png", "http://pdf.internal/static/css/pdf.css",
                "https://pdf.internal/static/../../etc/passwd", "https://pdf.internal/etc/passwd"):  # fmt: skip
        with pytest.raises(ResourceRefused):
            fetcher.fetch(url)


def test_fetcher_serves_static_files():
    response = StorageFetcher().fetch("https://pdf.internal/static/css/pdf.css")

    assert b"@page" in response.read()
    assert response.content_type == "text/css"
