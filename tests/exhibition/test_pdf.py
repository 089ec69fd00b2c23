import re
import subprocess

import pikepdf
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from pypdf import PdfReader

from exhibition.services.editions import compile_inline
from summit.pdf import ResourceRefused, StorageFetcher
from tests.exhibition.pdf_tools import pdf_page, pdf_text, qr_decode
from tests.factories import OutcomeFactory, approved_practice, jpeg_bytes
from workshops.models import BestPractice, Outcome, Workshop

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]

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


def test_catalogue_parts_are_joined_with_every_tag_on_its_own_page(edition):
    """The parts are rendered apart; joined, each marked piece of content still maps to its structure element on
    the same page, and each contents link leads to the page its exhibit starts on."""
    catalogue = pikepdf.open(edition.catalogue.path)
    pages = {page.obj.objgen: index for index, page in enumerate(catalogue.pages)}
    tree = catalogue.Root.StructTreeRoot
    nums = list(tree.ParentTree.Nums)
    mapping = dict(zip((int(key) for key in nums[::2]), nums[1::2], strict=True))

    assert len(mapping) == len(nums) // 2  # no key used twice
    assert edition.catalogue_parts.count() >= 3
    for index, page in enumerate(catalogue.pages):
        elements = mapping[int(page.obj.StructParents)]
        assert elements and all(pages[element.Pg.objgen] == index for element in elements)
    for page in catalogue.pages:
        for annotation in page.obj.get("/Annots", []):
            assert mapping[int(annotation.StructParent)].S == "/Link"
    destinations = dict(zip(*[iter(catalogue.Root.Names.Dests.Names)] * 2, strict=True))
    for title in ("Inclusive Cities", "Workshop: Healthy Cities", "Inclusive Cities practice"):
        page = pages[destinations[pikepdf.String(edition.exhibits.get(title=title).slug)][0].objgen]
        assert title in pdf_page(edition.catalogue.path, page + 1)


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


def word_boxes(path) -> list[tuple[str, float, float]]:
    """(word, top, height) of every word on the first page, in points, from pdftotext's bounding boxes."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    return [
        (word, float(y_min), float(y_max) - float(y_min))
        for y_min, y_max, word in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)</word>', html)
    ]


def test_posters_fill_the_sheet_with_type_to_match_small_and_large_topics_alike(sources, settings):
    workshop = Workshop.objects.get(topic__slug="inclusive-cities")
    for n in range(12):
        OutcomeFactory(workshop=workshop, kind="solution", votes=30 - n,
                       text=f"Solution {n}: open every school building to its neighbourhood in the evening, with a "
                            f"caretaker paid by the city and a room booked by residents themselves")  # fmt: skip
    for n in range(10):
        OutcomeFactory(workshop=workshop, kind="commitment", text=f"Commitment {n}: two more neighbourhood rooms")
    for n in range(7):
        approved_practice(topic=sources["inclusive"], title=f"Practice {n} with a long and descriptive title")

    edition = compile_inline().edition

    small = edition.exhibits.get(key="topic:healthy-cities").poster
    large = edition.exhibits.get(key="topic:inclusive-cities").poster
    for poster in (small, large):
        info = subprocess.run(["pdfinfo", poster.path], check=True, capture_output=True, text=True).stdout
        assert "Pages:           1" in info  # nothing runs off the sheet
    printed = " ".join(pdf_text(large.path).split())
    assert re.search(r"and \d+ more commitments online", printed) and re.search(
        r"and \d+ more practices online", printed
    )
    small_words, large_words = word_boxes(small.path), word_boxes(large.path)
    small_height = next(h for word, _top, h in small_words if word == "commitment")
    large_height = next(h for word, _top, h in large_words if word == "caretaker")
    assert small_height > large_height >= 24 * 0.9  # the body never under 24 pt, larger when there is room
    sheet = 841 / 25.4 * 72
    last_practice_top = max(top for word, top, _h in small_words if word == "practice")
    assert last_practice_top > 0.45 * sheet  # the small topic's text reaches well down the sheet


def test_flipcharts_and_practice_photos_appear_on_the_exhibits_and_the_poster(client, sources, settings):
    stored = default_storage.save("practices/shade.jpg", ContentFile(jpeg_bytes()))
    practice = BestPractice.objects.get(public_title="Healthy Cities practice")
    practice.public_cover = practice.images.create(original=stored, alt_text="Trees over a schoolyard",
                                                   card=stored, poster=stored, thumbnail=stored)  # fmt: skip
    practice.save()
    workshop = Workshop.objects.get(topic__slug="healthy-cities")
    workshop.photos.create(original=stored, caption="The flipchart of solutions", card=stored, poster=stored,
                           thumbnail=stored)  # fmt: skip

    edition = compile_inline().edition

    workshop_page = client.get(f"/exhibition/workshops/{workshop.pk}/").content.decode()
    topic_page = client.get("/exhibition/topics/healthy-cities/").content.decode()
    assert f'src="/media/{stored}" alt="The flipchart of solutions"' in workshop_page
    assert f'src="/media/{stored}" alt="Trees over a schoolyard"' in topic_page
    poster = edition.exhibits.get(key="topic:healthy-cities").poster.path
    images = subprocess.run(["pdfimages", "-list", poster], check=True, capture_output=True, text=True).stdout
    assert len(images.strip().splitlines()) - 2 == 1  # the practice's photo (the QR code is vector)
