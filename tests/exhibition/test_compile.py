import datetime
import re

import pikepdf
import pytest
from celery.exceptions import Retry
from django.core.management import call_command

from declarations.models import DeclarationStatus
from declarations.services.pledges import pledge_load_demo
from declarations.services.signing import signature_record_on_paper
from declarations.services.texts import declaration_load
from exhibition import compile as pipeline
from exhibition.models import Edition, EditionStatus
from exhibition.selectors import compile_sources
from exhibition.services.editions import compile_inline, compile_start, edition_publish
from exhibition.services.rendering import JOIN, PUBLISH, catalogue_make, exhibit_render, part_render, renders_in_order
from exhibition.tasks import compile_nightly, compile_scheduled, join_catalogue
from summit.celery import app as celery_app
from summit.tasks import RETRIES
from tests.exhibition.pdf_tools import pdf_page, pdf_text, qr_decode
from tests.factories import CityFactory, approved_practice
from workshops.models import Outcome

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]


def hashes():
    return {plan.key: plan.content_hash for plan in pipeline.plan_edition(compile_sources())}


def test_same_sources_give_the_same_hashes(sources):
    assert hashes() == hashes()


def test_plan_has_overview_topics_workshops_and_practices(sources):
    keys = set(hashes())

    assert "overview" in keys
    assert {"topic:healthy-cities", "topic:inclusive-cities"} <= keys
    assert sum(key.startswith("workshop:") for key in keys) == 2
    assert sum(key.startswith("practice:") for key in keys) == 2


def test_one_changed_outcome_changes_exactly_its_topic_and_workshop(sources):
    before = hashes()
    outcome = Outcome.objects.get(text="Healthy Cities solution")
    outcome.text = "Healthy Cities solution, reworded"
    outcome.save()

    after = hashes()

    changed = {key for key in before if before[key] != after[key]}
    # The overview changes too: its themes across topics quote that outcome. No other topic, workshop or practice.
    assert changed == {"topic:healthy-cities", f"workshop:{outcome.workshop_id}", "overview"}


def test_hidden_outcomes_and_unready_workshops_stay_out(sources):
    Outcome.objects.filter(text="Healthy Cities solution").update(hidden=True)
    topic = next(plan for plan in pipeline.plan_edition(compile_sources()) if plan.key == "topic:healthy-cities")

    texts = [outcome["text"] for outcome in topic.payload["top_outcomes"]]
    assert "Healthy Cities solution" not in texts
    assert topic.payload["commitments"][0]["text"] == "Healthy Cities commitment"


def test_compile_publishes_an_edition_and_a_second_run_says_no_changes(sources):
    first = compile_inline()
    second = compile_inline()

    assert first.outcome == "started"
    assert first.edition.status == EditionStatus.PUBLISHED and first.edition.is_current
    assert first.edition.catalogue
    assert second.outcome == "no_changes"
    assert Edition.objects.count() == 1


def test_unchanged_topic_reuses_the_previous_poster(sources):
    first = compile_inline().edition
    Outcome.objects.filter(text="Healthy Cities solution").update(text="Changed")

    second = compile_inline().edition

    def poster(edition, slug):
        return edition.exhibits.get(key=f"topic:{slug}").poster.name

    assert second.number == first.number + 1
    assert poster(second, "inclusive-cities") == poster(first, "inclusive-cities")
    assert poster(second, "healthy-cities") != poster(first, "healthy-cities")
    first.refresh_from_db()
    assert first.status == EditionStatus.SUPERSEDED and not first.is_current
    assert second.is_current


def test_a_second_start_while_one_compiles_is_a_no_op(sources):
    running = compile_start()

    again = compile_start()

    assert running.outcome == "started"
    assert again.outcome == "running" and again.edition == running.edition
    assert Edition.objects.count() == 1


def test_failed_render_leaves_the_current_edition_and_a_later_compile_succeeds(sources, settings, tmp_path):
    current = compile_inline().edition
    # A poster rendition that has gone missing from storage makes the catalogue render fail for real.
    practice_image = sources["healthy"]

    broken = approved_practice(topic=practice_image, title="Practice with a lost photo")
    broken.public_cover = broken.images.create(
        original="practices/gone.jpg", alt_text="Lost", poster="practices/gone.jpg"
    )
    broken.save()

    failed = compile_inline().edition

    assert failed.status == EditionStatus.FAILED
    assert "gone.jpg" in failed.error
    current.refresh_from_db()
    assert current.is_current and current.status == EditionStatus.PUBLISHED
    broken.public_cover = None
    broken.save()
    recovered = compile_inline().edition
    assert recovered.status == EditionStatus.PUBLISHED and recovered.is_current
    assert recovered.number == failed.number + 1
    history = {
        edition.number: [(step.from_status, step.to_status) for step in edition.transitions.order_by("at", "id")]
        for edition in Edition.objects.all()
    }
    assert history == {
        current.number: [("", "compiling"), ("compiling", "published"), ("published", "superseded")],
        failed.number: [("", "compiling"), ("compiling", "failed")],
        recovered.number: [("", "compiling"), ("compiling", "published")],
    }
    assert "gone.jpg" in failed.transitions.get(to_status="failed").reason


@pytest.mark.parametrize("posters_first", [False, True])
def test_the_catalogue_is_joined_once_its_parts_are_done_and_the_edition_published_once_posters_are_too(
    sources, posters_first
):
    edition = compile_start().edition
    renders = renders_in_order(edition=edition)
    parts = [pk for kind, pk in renders if kind == "part"]
    posters = [pk for kind, pk in renders if kind == "poster"]
    assert renders[: len(parts)] == [("part", pk) for pk in parts], "the parts are queued before the posters"

    poster_steps = [exhibit_render(exhibit_id=pk) for pk in posters] if posters_first else []
    part_steps = [part_render(part_id=pk) for pk in parts]
    joined = catalogue_make(edition_id=edition.pk)
    edition.refresh_from_db()
    assert edition.catalogue and edition.status == EditionStatus.COMPILING and not edition.is_current
    if not posters_first:
        poster_steps = [exhibit_render(exhibit_id=pk) for pk in posters]

    # Each part's render but the last asks for nothing; the last asks for the join; the publish is asked for once,
    # by whichever finished last: the last poster, or the join.
    assert part_steps == [None] * (len(parts) - 1) + [JOIN]
    assert (joined, poster_steps[-1]) == ((PUBLISH, None) if posters_first else (None, PUBLISH))
    assert set(poster_steps[:-1]) == {None}
    assert catalogue_make(edition_id=edition.pk) is None, "a second join changes nothing"
    published = edition_publish(edition_id=edition.pk)
    assert published.status == EditionStatus.PUBLISHED and published.is_current
    assert "Contents" in pdf_text(published.catalogue.path)


def test_the_publish_waits_for_the_posters(sources):
    edition = compile_start().edition
    for kind, pk in renders_in_order(edition=edition):
        if kind == "part":
            part_render(part_id=pk)
    catalogue_make(edition_id=edition.pk)

    with pytest.raises(RuntimeError, match="still has posters to render"):
        edition_publish(edition_id=edition.pk)
    edition.refresh_from_db()
    assert edition.status == EditionStatus.COMPILING


def test_a_catalogue_that_cannot_be_joined_is_retried_then_fails_the_edition_and_the_current_one_stays(
    sources,
):
    current = compile_inline().edition
    Outcome.objects.filter(text="Healthy Cities solution").update(text="Healthy Cities solution, reworded")
    # A part the next compile reuses has gone from storage: its join cannot read it.
    current.catalogue_parts.get(key="topic:inclusive-cities").pdf.delete(save=False)

    # The worker that rendered the last part fails to join it and queues the join as its own task, which asks to
    # be retried later (run in-process here, the retry surfaces as Celery's Retry).
    with pytest.raises(Retry):
        compile_nightly.delay()
    compiling = Edition.objects.get(number=current.number + 1)
    assert compiling.status == EditionStatus.COMPILING
    # Its last try fails the edition, naming the catalogue.
    with pytest.raises(FileNotFoundError):
        join_catalogue.apply(kwargs={"edition_id": compiling.pk}, retries=RETRIES)

    failed = Edition.objects.get(number=current.number + 1)
    assert failed.status == EditionStatus.FAILED and not failed.is_current
    assert failed.error.startswith("Catalogue: FileNotFoundError")
    current.refresh_from_db()
    assert current.is_current and current.status == EditionStatus.PUBLISHED


def test_compile_command_prints_the_edition_or_no_changes(sources, capsys):
    call_command("compile_exhibition")
    call_command("compile_exhibition")

    assert capsys.readouterr().out.splitlines() == ["Edition 1: published", "no changes"]


def test_one_changed_outcome_renders_only_its_catalogue_parts_again(sources):
    first = compile_inline().edition
    outcome = Outcome.objects.get(text="Healthy Cities solution")
    Outcome.objects.filter(pk=outcome.pk).update(text="Healthy Cities solution, reworded")

    second = compile_inline().edition

    reused = {part.key: part.pdf.name for part in first.catalogue_parts.all()}
    rendered = {part.key for part in second.catalogue_parts.all() if part.pdf.name != reused.get(part.key)}
    # The overview counts the outcomes; the topic shows its best ones; the workshop's part lists them all; the
    # last part what changed. The other topics, their workshops and every practice are reused.
    assert rendered == {"changes", "overview", "topic:healthy-cities", "workshops:healthy-cities"}
    assert {"topic:inclusive-cities", "practices:healthy-cities", "workshops:inclusive-cities"} <= set(reused)
    assert "Healthy Cities solution, reworded" in pdf_text(second.catalogue.path)
    # What is new comes last, under its topic's title, and the cover says on which page.
    pages = len(pikepdf.open(second.catalogue.path).pages)
    assert f"New since edition {first.number}: page {pages}" in pdf_page(second.catalogue.path, 1)
    last = " ".join(pdf_page(second.catalogue.path, pages).split())
    assert "New since edition 1 Healthy Cities • Healthy Cities solution, reworded" in last


@pytest.fixture
def declaration(sources):
    """The Düsseldorf declaration, open for signature, signed by Arnhem, with one pledge on healthy cities."""
    declaration = declaration_load(
        slug="duesseldorf-2019", title="Düsseldorf Declaration on Living Together", place="Düsseldorf",
        status=DeclarationStatus.OPEN, adopted_on=datetime.date(2019, 8, 31), note="",
        clauses=["We turn living together into local action."],
    )  # fmt: skip
    arnhem = CityFactory(name="Arnhem", slug="arnhem", country="NL")
    signature_record_on_paper(declaration=declaration, city=arnhem, signed_on=datetime.date(2019, 8, 31))
    pledge_load_demo(
        declaration=declaration,
        city=arnhem,
        data={"topic": sources["healthy"], "title": "Shade on every schoolyard", "description": "Trees.",
              "target_date": datetime.date(2030, 9, 1)},
    )  # fmt: skip
    return declaration


def catalogue_file(edition, tmp_path):
    catalogue = tmp_path / "catalogue.pdf"
    with edition.catalogue.open("rb") as stored:
        catalogue.write_bytes(stored.read())
    return catalogue


def test_the_declaration_is_an_exhibit_with_its_own_poster_and_topics_list_their_pledges(
    client, declaration, settings, tmp_path
):
    settings.SITE_URL = "https://summit.example.org"
    edition = compile_inline().edition

    exhibit = edition.exhibits.get(key="declaration:duesseldorf-2019")
    healthy = edition.exhibits.get(key="topic:healthy-cities")
    poster = tmp_path / "poster.pdf"
    with exhibit.poster.open("rb") as stored:
        poster.write_bytes(stored.read())
    printed = " ".join(pdf_text(poster, layout=False).split())

    assert exhibit.payload["figures"] == {"signatories": 1, "countries": 1, "pledges": 1}
    assert "We turn living together into local action." in printed and "Arnhem" in printed
    assert qr_decode(poster, tmp_path) == "https://summit.example.org/declarations/duesseldorf-2019/"
    assert [pledge["title"] for pledge in healthy.payload["pledges"]] == ["Shade on every schoolyard"]
    assert "pledges" not in edition.exhibits.get(key="topic:inclusive-cities").payload
    page = client.get("/exhibition/").content.decode()
    assert 'href="/declarations/duesseldorf-2019/"' in page
    pledge = declaration.pledges.get()
    topic_page = " ".join(client.get("/exhibition/topics/healthy-cities/").content.decode().split())
    assert '<h2 id="pledges-title">The cities\' pledges</h2>' in topic_page  # listed, each linked
    assert f'<a href="{pledge.get_absolute_url()}">Shade on every schoolyard</a> · Arnhem' in topic_page
    assert "(by 1 September 2030)" in topic_page
    assert "31 August 2019" in pdf_text(catalogue_file(edition, tmp_path), layout=False)  # a date, not 2019-08-31
    download = client.get(f"/exhibition/editions/{edition.number}/posters/{exhibit.slug}.pdf")
    assert b"".join(download.streaming_content)[:5] == b"%PDF-"
    catalogue = catalogue_file(edition, tmp_path)
    assert "Düsseldorf Declaration on Living Together" in pdf_text(catalogue, layout=False)
    # The contents give the page the declaration starts on (its part is joined after the topics'), and it is there.
    contents = dict(re.findall(r"^ *(\S.*?) {2,}(\d+)$", pdf_page(catalogue, 2), re.MULTILINE))
    assert "Düsseldorf Declaration on Living Together" in " ".join(
        pdf_page(catalogue, int(contents[exhibit.title])).split()
    )
    assert compile_inline().outcome == "no_changes"


def test_a_second_beat_started_by_mistake_does_not_start_the_nightly_compile_again(sources, publish):
    publish()
    schedule = celery_app.conf.beat_schedule["compile-exhibition-nightly"]

    first = compile_scheduled.delay().get()
    second = compile_scheduled.delay().get()

    assert schedule["task"] == "exhibition.tasks.compile_scheduled"
    assert first == "no_changes"  # nothing changed since the edition published above: it looked, and said so
    assert second == "already started"
    assert Edition.objects.count() == 1
