import datetime
import re

import pytest
from django.db import IntegrityError

from declarations.models import DeclarationStatus, Signature
from declarations.services.signing import signature_record_on_paper
from declarations.services.texts import declaration_load
from discussion.models import Thread
from discussion.services import comment_post
from tests.factories import CityFactory

pytestmark = pytest.mark.django_db

CLAUSES = ["Cities act locally.", "Mayors share what works.", "Citizens take part."]


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def montreal():
    return declaration_load(
        slug="montreal-2015", title="Montréal Declaration on Living Together", place="Montréal",
        status=DeclarationStatus.REFERENCE, adopted_on=datetime.date(2015, 6, 11), note="Reference text.",
        clauses=["Mayors lead.", "Cities talk."],
    )  # fmt: skip


@pytest.fixture
def duesseldorf():
    return declaration_load(
        slug="duesseldorf-2019", title="Düsseldorf Declaration on Living Together", place="Düsseldorf",
        status=DeclarationStatus.OPEN, adopted_on=datetime.date(2019, 8, 31), note="", clauses=CLAUSES,
    )  # fmt: skip


def sign(declaration, name, country):
    city = CityFactory(name=name, slug=name.lower(), country=country)
    return signature_record_on_paper(declaration=declaration, city=city, signed_on=datetime.date(2019, 8, 31))


def test_list_shows_each_declaration_with_its_status_and_signatories(client, montreal, duesseldorf):
    sign(duesseldorf, "Arnhem", "NL")
    sign(duesseldorf, "Bamako", "ML")

    page = text(client.get("/declarations/"))

    assert "Montréal Declaration on Living Together" in page and "Reference text" in page
    assert "Düsseldorf Declaration on Living Together" in page and "Open for signature" in page
    assert "2 signatory cities" in page and "0 signatory cities" not in page


def test_text_reads_clause_by_clause_with_an_anchor_each(client, duesseldorf):
    page = text(client.get("/declarations/duesseldorf-2019/"))

    for number, clause in enumerate(CLAUSES, 1):
        assert f'<li id="clause-{number}" value="{number}"> <p>{clause}</p>' in page
        assert f'href="#clause-{number}" data-copy-link' in page
    assert "No city has signed yet." in page
    assert '<ol class="clauses" lang="en">' in page  # the text's own language, whatever the reader's


def test_signatories_are_listed_by_country_with_the_date(client, duesseldorf):
    sign(duesseldorf, "Bamako", "ML")
    sign(duesseldorf, "Arnhem", "NL")
    sign(duesseldorf, "Almere", "NL")

    page = text(client.get("/declarations/duesseldorf-2019/"))

    assert "3 signatory cities" in page
    assert page.index(">Mali<") < page.index("Bamako") < page.index(">Netherlands<") < page.index("Almere")
    assert page.index("Almere") < page.index("Arnhem")
    german = text(client.get("/declarations/duesseldorf-2019/?lang=de"))
    assert german.index(">Mali<") < german.index(">Niederlande<")
    assert "Arnhem</a> · 31 Aug 2019 · signed on paper" in page


def test_the_reference_text_says_it_is_not_signed_here(client, montreal):
    page = text(client.get("/declarations/montreal-2015/"))

    assert "This is a reference text" in page and "Mayors lead." in page
    assert "signatory" not in page
    assert client.get("/declarations/nowhere/").status_code == 404


def test_a_city_signs_once_and_its_signature_records_the_text_it_signed(duesseldorf):
    signature = sign(duesseldorf, "Arnhem", "NL")

    assert signature.version.clauses == CLAUSES and signature.on_paper
    assert signature_record_on_paper(declaration=duesseldorf, city=signature.city, signed_on=datetime.date.today())
    assert Signature.objects.count() == 1
    with pytest.raises(IntegrityError):
        Signature.objects.create(declaration=duesseldorf, city=signature.city, signed_on=datetime.date.today())


def test_loading_a_changed_text_records_a_new_version_and_keeps_the_signed_one(duesseldorf):
    signature = sign(duesseldorf, "Arnhem", "NL")

    declaration_load(
        slug="duesseldorf-2019", title=duesseldorf.title, place="Düsseldorf", status=DeclarationStatus.OPEN,
        adopted_on=datetime.date(2019, 8, 31), note="", clauses=[*CLAUSES, "A fourth clause."],
    )  # fmt: skip

    assert list(duesseldorf.versions.values_list("number", flat=True)) == [2, 1]
    assert duesseldorf.clauses.count() == 4
    signature.refresh_from_db()
    assert signature.version.number == 1


@pytest.mark.parametrize("size", [1, 20])
def test_declaration_page_uses_a_constant_number_of_queries(client, duesseldorf, size, django_assert_num_queries):
    for number in range(size):
        sign(duesseldorf, f"City{number}", "DE")

    # declaration, clauses, signatures with their cities and versions, pledges with their cities and topics
    with django_assert_num_queries(4):
        client.get("/declarations/duesseldorf-2019/")


def test_organiser_records_a_paper_signature_in_the_admin(client, organiser, duesseldorf):
    city = CityFactory(name="Arnhem", slug="arnhem", country="NL")
    client.force_login(organiser)
    form = {"declaration": duesseldorf.pk, "city": city.pk, "signed_on": "2019-08-31", "signer_title": "mayor"}

    client.post("/admin/declarations/signature/add/", form)
    again = text(client.post("/admin/declarations/signature/add/", form))

    signature = Signature.objects.get()
    assert signature.on_paper and signature.version.number == 1 and signature.city == city
    assert "already exists" in again


def test_a_text_open_for_signature_cannot_be_edited_in_the_admin(client, organiser, duesseldorf):
    client.force_login(organiser)

    page = client.get(f"/admin/declarations/declaration/{duesseldorf.pk}/change/").content.decode()

    assert "Mayors share what works." in page
    assert 'name="clauses-0-text"' not in page


def test_each_clause_has_its_own_page_and_discussion(client, duesseldorf, citizen):
    thread = Thread.objects.get(key="clause:duesseldorf-2019:2")
    comment_post(thread=thread, user=citizen, body="Which models, concretely?")

    page = text(client.get("/declarations/duesseldorf-2019/clauses/2/"))
    text_page = text(client.get("/declarations/duesseldorf-2019/"))

    assert "Mayors share what works." in page and "Which models, concretely?" in page
    assert 'href="/declarations/duesseldorf-2019/clauses/2/"' in text_page
    assert thread.get_absolute_url() == "/declarations/duesseldorf-2019/clauses/2/"
    assert client.get("/declarations/duesseldorf-2019/clauses/9/").status_code == 404


def test_organisers_add_a_translation_which_says_it_is_one_and_links_the_original(client, organiser, duesseldorf):
    client.force_login(organiser)
    version = duesseldorf.versions.get()
    form = {"version": version.pk, "language": "de", "title": "Düsseldorfer Erklärung zum Zusammenleben"}
    german = "Städte handeln vor Ort.\n\nBürgermeister teilen, was wirkt.\n\nBürgerinnen und Bürger machen mit."

    short = text(client.post("/admin/declarations/versiontranslation/add/", {**form, "clauses": "Nur einer."}))
    client.post("/admin/declarations/versiontranslation/add/", {**form, "clauses": german})
    client.logout()
    translated = text(client.get("/declarations/duesseldorf-2019/?lang=de"))
    original = text(client.get("/declarations/duesseldorf-2019/?lang=de&original=1"))
    english = text(client.get("/declarations/duesseldorf-2019/?lang=en"))

    assert "The original has 3 clauses; the translation has 1." in short
    assert '<h1 lang="de">Düsseldorfer Erklärung zum Zusammenleben</h1>' in translated
    assert '<li id="clause-2" value="2"> <p>Bürgermeister teilen, was wirkt.</p>' in translated
    assert "Dies ist eine Übersetzung" in translated and 'href="?original=1"' in translated
    assert "Mayors share what works." in original and "Die Übersetzung lesen" in original
    assert "Mayors share what works." in english and "original=1" not in english
