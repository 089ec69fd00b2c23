import datetime
import io
import re
import zipfile

import pikepdf
import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile

from discussion.models import Block, Comment, CommentStatus, Thread
from discussion.services import author_block, comment_post, digests_send
from exhibition.apps import SHOWING_MODERATORS
from exhibition.hosting import showing_scope
from exhibition.models import Edition, Showing
from exhibition.services.showings import showing_kit_fail, showing_kit_start, showing_moderators_sync
from exhibition.tasks import compile_nightly
from tests.exhibition.pdf_tools import pdf_text, qr_decode
from tests.factories import CityFactory, DelegateFactory, ShowingFactory, UserFactory, approved_practice
from workshops.models import Outcome

pytestmark = pytest.mark.django_db

SHOWING = "/exhibition/cities/arnhem/"
ARNHEM = "showing:arnhem"
# The showing's admin form carries the (read-only) moderator invitations and poster kit history, and the time zone.
KIT_HISTORY = {"kit_transitions-TOTAL_FORMS": "0", "kit_transitions-INITIAL_FORMS": "0", "time_zone": "Europe/Berlin",
               "invitations-TOTAL_FORMS": "0", "invitations-INITIAL_FORMS": "0", "opening_hours": "{}"}  # fmt: skip
SHOWING_TOPIC = "/exhibition/cities/arnhem/topics/healthy-cities/"
SUMMIT_TOPIC = "/exhibition/topics/healthy-cities/"


@pytest.fixture
def showing(sources, publish):
    publish()
    return ShowingFactory(
        city=CityFactory(name="Arnhem", slug="arnhem", country="NL"),
        title="Samen leven in Arnhem",
        venue="Stadhuis, Koningstraat 38",
    )


@pytest.fixture
def thread(showing):
    return Thread.objects.get(key="topic:healthy-cities")


@pytest.fixture
def moderator(showing):
    user = UserFactory(email="moderator@example.org", name="Mo Moderator")
    showing.moderators.add(user)
    showing_moderators_sync()
    user.refresh_from_db()
    return user


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_showing_page_says_where_and_when_and_links_its_topics(client, showing):
    page = text(client.get(SHOWING))

    assert "<h1>Samen leven in Arnhem</h1>" in page
    assert "Stadhuis, Koningstraat 38" in page
    assert "1 July 2019 \N{EN DASH} 31 July 2019 · closed; the discussion stays open" in page
    assert f'href="{SHOWING_TOPIC}"' in page
    assert 'href="/exhibition/cities/arnhem/kit.zip"' in page
    assert "Samen leven in Arnhem" in text(client.get("/exhibition/"))
    assert client.get("/exhibition/cities/nowhere/").status_code == 404


def test_showing_has_its_own_discussion_on_the_same_exhibit(client, thread, showing, citizen):
    comment_post(thread=thread, user=citizen, body="Said at the summit")
    client.force_login(citizen)

    response = client.post(f"/exhibition/cities/arnhem/threads/{thread.pk}/comments/", {"body": "Said in Arnhem"})

    assert response.url.startswith(f"{SHOWING_TOPIC}#comment-")
    assert Comment.objects.get(body="Said in Arnhem").scope == ARNHEM
    at_showing = text(client.get(SHOWING_TOPIC))
    at_summit = text(client.get(SUMMIT_TOPIC))
    assert "Said in Arnhem" in at_showing and "Said at the summit" not in at_showing
    assert "Said at the summit" in at_summit and "Said in Arnhem" not in at_summit
    assert "1 comment in Arnhem" in text(client.get(SHOWING))


def test_replies_stay_in_their_own_discussion(client, thread, showing, citizen):
    at_summit = comment_post(thread=thread, user=citizen, body="Said at the summit")
    client.force_login(citizen)

    client.post(
        f"/exhibition/cities/arnhem/threads/{thread.pk}/comments/", {"body": "Crossing over", "parent": at_summit.pk}
    )

    assert not Comment.objects.filter(body="Crossing over").exists()
    assert "Replies go under a published comment of the same discussion." in text(client.get(SHOWING_TOPIC))


def test_a_showing_discusses_topic_exhibits_only(client, showing, citizen, sources):
    practice_thread = Thread.objects.filter(key__startswith="practice:").first()
    client.force_login(citizen)

    client.post(f"/exhibition/cities/arnhem/threads/{practice_thread.pk}/comments/", {"body": "Off the wall"})

    assert not Comment.objects.exists()


def test_guest_comment_at_a_showing_waits_for_its_moderator(client, thread, showing, moderator, citizen):
    client.post(f"/exhibition/cities/arnhem/threads/{thread.pk}/comments/", {"body": "Guest view", "guest_name": "Ada"})
    summit_comment = comment_post(thread=thread, user=citizen, body="A summit comment")
    guest = Comment.objects.get(body="Guest view")
    assert guest.status == CommentStatus.PENDING
    client.force_login(moderator)

    queue = text(client.get("/admin/discussion/comment/"))
    client.post("/admin/discussion/comment/", {"action": "publish", "_selected_action": [guest.pk]})
    client.post("/admin/discussion/comment/", {"action": "hide", "_selected_action": [summit_comment.pk]})
    other_change = client.get(f"/admin/discussion/comment/{summit_comment.pk}/change/", follow=True)

    assert "Guest view" in queue and "A summit comment" not in queue
    guest.refresh_from_db()
    summit_comment.refresh_from_db()
    assert guest.status == CommentStatus.PUBLISHED
    assert summit_comment.status == CommentStatus.PUBLISHED
    assert "A summit comment" not in text(other_change)
    assert "Guest view" in text(client.get(SHOWING_TOPIC))


def test_moderators_get_the_queue_and_lose_it_when_removed(client, showing, moderator, organiser):
    assert moderator.is_staff and moderator.groups.filter(name=SHOWING_MODERATORS).exists()
    client.force_login(organiser)

    client.post(
        f"/admin/exhibition/showing/{showing.pk}/change/",
        {
            "city": showing.city.pk,
            "title": showing.title,
            "starts_on": "2019-07-01",
            "ends_on": "2019-07-31",
            "venue": showing.venue,
            "language": "en",
            "edition": "",
            "moderators": [],
            **KIT_HISTORY,
        },
    )

    moderator.refresh_from_db()
    assert not moderator.is_staff
    assert not Group.objects.get(name=SHOWING_MODERATORS).user_set.exists()


def test_organiser_sets_up_a_showing_in_the_admin(client, sources, publish, organiser):
    publish()
    city = CityFactory(name="Arnhem", slug="arnhem")
    volunteer = UserFactory(email="volunteer@example.org")
    client.force_login(organiser)
    form = {
        "city": city.pk,
        "title": "Samen leven",
        "starts_on": "2019-07-31",
        "ends_on": "2019-07-01",
        "venue": "Stadhuis",
        "language": "de",
        "edition": "",
        "moderators": [volunteer.pk],
        **KIT_HISTORY,
    }

    refused = client.post("/admin/exhibition/showing/add/", form)
    client.post("/admin/exhibition/showing/add/", {**form, "starts_on": "2019-07-01", "ends_on": "2019-07-31"})

    assert "A showing cannot close before it opens." in text(refused)
    showing = Showing.objects.get()
    assert list(showing.moderators.all()) == [volunteer]
    volunteer.refresh_from_db()
    assert volunteer.is_staff
    assert "Samen leven" in text(client.get(SHOWING))


def test_moderator_cannot_reach_the_rest_of_the_admin(client, moderator):
    client.force_login(moderator)

    assert client.get("/admin/discussion/comment/").status_code == 200
    assert client.get("/admin/exhibition/showing/").status_code == 403
    assert client.get("/admin/summit/user/").status_code == 403


@pytest.mark.parametrize("size", [1, 200])
def test_showing_topic_page_uses_a_constant_number_of_queries(
    client, thread, showing, citizen, size, django_assert_num_queries
):
    Comment.objects.bulk_create(
        [Comment(thread=thread, scope=ARNHEM, author=citizen, body=f"c{n}", body_html=f"<p>c{n}</p>",
                 status="published") for n in range(size)]
    )  # fmt: skip

    # showing with its city and edition, current edition, exhibit, statements, their votes, their paper tallies,
    # thread, comment count, page, replies
    with django_assert_num_queries(10):
        response = client.get(SHOWING_TOPIC)

    assert response.content.decode().count('class="comment"') == min(size, 20)


def test_delegates_see_showing_questions_on_their_dashboard(client, thread, showing, citizen, mayor):
    comment_post(thread=thread, user=citizen, body="Kommt das auch nach Arnhem?", scope=ARNHEM)
    client.force_login(mayor)

    page = text(client.get("/me/"))

    assert "Kommt das auch nach Arnhem?" in page
    assert SHOWING_TOPIC in page


@pytest.mark.pdf
def test_poster_kit_is_prepared_then_downloaded_with_qr_codes_to_the_showing(
    client, thread, showing, citizen, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://summit.example.org"
    Showing.objects.filter(pk=showing.pk).update(language="fr")
    Edition.objects.get().catalogue.save("catalogue.pdf", ContentFile(b"%PDF-1.7 the edition's catalogue"))
    comment_post(thread=thread, user=citizen, body="Vu à Arnhem", scope=ARNHEM)

    with django_capture_on_commit_callbacks(execute=True):
        first = client.get("/exhibition/cities/arnhem/kit.zip")
    second = client.get("/exhibition/cities/arnhem/kit.zip")

    assert first.status_code == 202
    assert "being prepared" in text(first)
    assert second.status_code == 200 and second["Content-Type"] == "application/zip"
    kit = zipfile.ZipFile(io.BytesIO(b"".join(second.streaming_content)))
    posters = ["poster-01-healthy-cities.pdf", "poster-02-inclusive-cities.pdf"]
    sheets = [f"{size}/{name}" for size in ("A1", "A3") for name in posters]
    printed = [name for name in kit.namelist() if not name.startswith("offline/")]
    assert sorted(printed) == sorted(["README.txt", "catalogue.pdf", "flyer-A5.pdf", *sheets])
    assert {"offline/index.html", "offline/screen.html", "offline/screen.js", "offline/site.css",
            "offline/topics/healthy-cities.html"} <= set(kit.namelist())  # fmt: skip
    assert kit.read("catalogue.pdf") == b"%PDF-1.7 the edition's catalogue"
    # Print-shop sheets: trim at the paper size, 3 mm bleed, crop marks outside it, PDF/X-4 with an output intent.
    for path, trim in (("A1/", (594, 841)), ("A3/", (297, 420)), ("flyer-A5.pdf", (148, 210))):
        name = path + posters[0] if path.endswith("/") else path
        sheet = pikepdf.open(io.BytesIO(kit.read(name)))
        page = sheet.pages[0].obj
        (trim_x0, trim_y0, trim_x1, trim_y1), bleed, media = (
            [float(v) * 25.4 / 72 for v in page[box]] for box in ("/TrimBox", "/BleedBox", "/MediaBox")
        )
        assert (round(trim_x1 - trim_x0), round(trim_y1 - trim_y0)) == trim, name
        assert [round(b - t, 1) for b, t in zip(bleed, (trim_x0, trim_y0, trim_x1, trim_y1), strict=True)] == [
            -3,
            -3,
            3,
            3,
        ], name
        assert media[0] < bleed[0] and media[2] > bleed[2], name  # room for the crop marks
        assert sheet.Root.OutputIntents[0].S == "/GTS_PDFX", name
        with sheet.open_metadata() as xmp:
            assert xmp.get("pdfxid:GTS_PDFXVersion") == "PDF/X-4", name
    poster = tmp_path / "poster.pdf"
    poster.write_bytes(kit.read(f"A3/{posters[0]}"))
    assert qr_decode(poster, tmp_path, dpi=40) == f"https://summit.example.org{SHOWING_TOPIC}"
    flyer = tmp_path / "flyer.pdf"
    flyer.write_bytes(kit.read("flyer-A5.pdf"))
    assert qr_decode(flyer, tmp_path, dpi=150) == "https://summit.example.org/exhibition/cities/arnhem/"
    poster.write_bytes(kit.read(f"A1/{posters[0]}"))
    decoded = qr_decode(poster, tmp_path)
    assert decoded == f"https://summit.example.org{SHOWING_TOPIC}"
    poster_text = pdf_text(poster, layout=False)
    assert "Samen leven in Arnhem" in poster_text
    assert "Discuter en ligne" in poster_text
    assert "\nVilles en bonne santé\nGreen mobility." in poster_text  # French title, English where untranslated
    offline_index = kit.read("offline/index.html").decode()
    assert "<svg" in offline_index and "Villes en bonne santé" in offline_index
    assert "{'bars'" not in offline_index and "&#x27;bars&#x27;" not in offline_index  # a chart, not a Python dict
    readme = kit.read("README.txt").decode()
    assert f"https://summit.example.org{SHOWING_TOPIC}" in readme
    assert "https://summit.example.org/exhibition/cities/arnhem/" in readme and "3 mm" in readme
    steps = list(showing.kit_transitions.order_by("at", "id").values_list("from_status", "to_status"))
    assert steps == [("none", "building"), ("building", "ready")]


def test_the_screens_comments_name_their_topic_in_the_showings_language(client, thread, showing, citizen):
    showing.language = "fr"
    showing.save()
    comment_post(thread=thread, user=citizen, body="Plus d'arbres, s'il vous plaît", scope=showing_scope(showing))

    data = client.get("/exhibition/cities/arnhem/screen/comments.json").json()
    screen = text(client.get("/exhibition/cities/arnhem/screen/"))

    assert data["comments"][0]["text"] == "Plus d'arbres, s'il vous plaît"
    assert data["comments"][0]["topic"] == "Villes en bonne santé"
    assert "Villes en bonne santé</span>" in screen


@pytest.mark.pdf
def test_kit_follows_a_new_edition(client, showing, sources, tmp_path, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/exhibition/cities/arnhem/kit.zip")
    showing.refresh_from_db()
    first_kit = showing.kit.name
    Outcome.objects.filter(text="Healthy Cities solution").update(text="A new solution", votes=9)

    with django_capture_on_commit_callbacks(execute=True):
        compile_nightly.delay()

    showing.refresh_from_db()
    assert showing.kit_source == "2:en"
    assert first_kit.endswith("-edition-1-en.zip") and not showing.kit.storage.exists(first_kit)
    download = client.get("/exhibition/cities/arnhem/kit.zip")
    kit = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    poster = tmp_path / "poster.pdf"
    poster.write_bytes(kit.read("A1/poster-01-healthy-cities.pdf"))
    poster_text = pdf_text(poster, layout=False)
    assert "A new solution" in poster_text and "Edition 2" in poster_text


def test_kit_progress_part_answers_without_the_page_around_it(client, showing):
    Showing.objects.filter(pk=showing.pk).update(
        kit_posters_done=1, kit_status="building", kit_started_at="2030-01-01T00:00:00Z"
    )

    response = client.get("/exhibition/cities/arnhem/kit.zip?progress=1")

    assert response.status_code == 202
    page = text(response)
    assert "1 of 2 posters ready." in page and "<html" not in page


def test_comments_at_a_showing_do_not_count_on_the_summits_posters(thread, showing, citizen, sources, publish):
    comment_post(thread=thread, user=citizen, body="At the showing", scope=ARNHEM)
    comment_post(thread=thread, user=citizen, body="At the summit")
    approved_practice(topic=sources["healthy"], title="Something new")  # a change, so that a new edition is made

    edition = publish()

    assert edition.exhibits.get(key="topic:healthy-cities").payload["discussion"] == {"comments": 1, "answered": 0}


def test_moderator_gets_a_daily_email_when_guests_comments_wait(
    client, thread, showing, moderator, django_capture_on_commit_callbacks
):
    for name in ("Ada", "Bo"):
        client.post(f"/exhibition/cities/arnhem/threads/{thread.pk}/comments/", {"body": "Hi", "guest_name": name})
    client.post(f"/exhibition/threads/{thread.pk}/comments/", {"body": "At the summit", "guest_name": "Cy"})

    with django_capture_on_commit_callbacks(execute=True):
        digests_send()

    (email,) = [message for message in mail.outbox if message.to == ["moderator@example.org"]]
    assert "2 comments by guests at your showing wait for a moderator." in email.body
    assert "/admin/discussion/comment/" in email.body


def test_city_page_points_to_its_showing(client, showing):
    page = text(client.get("/cities/arnhem/"))

    assert 'href="/exhibition/cities/arnhem/">Samen leven in Arnhem</a>' in page
    assert "Arnhem shows the exhibition at home:" in page
    assert "shows the exhibition at home" not in text(client.get(f"/cities/{CityFactory().slug}/"))


def test_moderator_blocks_an_author_at_their_showing_only(client, thread, showing, moderator, citizen):
    comment = comment_post(thread=thread, user=citizen, body="Rude words", scope=ARNHEM)
    client.force_login(moderator)

    client.post("/admin/discussion/comment/", {"action": "block_authors", "_selected_action": [comment.pk]})
    client.force_login(citizen)
    client.post(f"/exhibition/cities/arnhem/threads/{thread.pk}/comments/", {"body": "Again at the showing"})
    client.post(f"/exhibition/threads/{thread.pk}/comments/", {"body": "Fine at the summit"})

    comment.refresh_from_db()
    citizen.refresh_from_db()
    assert comment.status == CommentStatus.HIDDEN
    assert not Block.objects.filter(user=citizen, scope="").exists()
    assert not Comment.objects.filter(body="Again at the showing").exists()
    assert Comment.objects.filter(body="Fine at the summit").exists()
    assert "blocked your account from writing at this showing" in text(client.get(SHOWING_TOPIC))


def test_moderator_cannot_block_for_a_comment_outside_their_showing(thread, showing, moderator, citizen):
    summit_comment = comment_post(thread=thread, user=citizen, body="At the summit")

    with pytest.raises(PermissionDenied):
        author_block(comment=summit_comment, by=moderator)


def test_showing_feed_has_the_showings_comments_only(client, thread, showing, citizen):
    comment_post(thread=thread, user=citizen, body="Said in Arnhem", scope=ARNHEM)
    comment_post(thread=thread, user=citizen, body="Said at the summit")

    showing_feed = client.get(f"/exhibition/cities/arnhem/threads/{thread.pk}/feed/").content.decode()
    summit_feed = client.get(f"/exhibition/threads/{thread.pk}/feed/").content.decode()

    assert "Said in Arnhem" in showing_feed and "Said at the summit" not in showing_feed
    assert "Said at the summit" in summit_feed and "Said in Arnhem" not in summit_feed
    assert "Discussion: Healthy Cities (Samen leven in Arnhem)" in showing_feed


def test_showing_says_whether_it_is_open(showing):
    assert showing.state_on(datetime.date(2019, 6, 30)) == "upcoming"
    assert showing.state_on(datetime.date(2019, 7, 1)) == "open"
    assert showing.state_on(datetime.date(2019, 7, 31)) == "open"
    assert showing.state_on(datetime.date(2019, 8, 1)) == "closed"


def test_delegates_find_their_citys_showing_on_their_dashboard(client, showing, mayor):
    arnhem_mayor = DelegateFactory(city=showing.city).user
    client.force_login(arnhem_mayor)
    own = text(client.get("/me/"))
    client.force_login(mayor)
    other = text(client.get("/me/"))

    assert f'href="{SHOWING}">Samen leven in Arnhem</a>' in own
    assert 'href="/exhibition/cities/arnhem/kit.zip"' in own
    assert "Düsseldorf can take the exhibition home" in other


def test_a_kit_build_that_gives_up_is_logged_and_the_next_download_starts_again(
    client, showing, django_capture_on_commit_callbacks
):
    showing_kit_start(showing=showing)
    showing_kit_fail(showing_id=showing.pk, error="OSError: disk full")

    with django_capture_on_commit_callbacks(execute=True):
        client.get("/exhibition/cities/arnhem/kit.zip")

    steps = list(showing.kit_transitions.order_by("at", "id").values_list("to_status", "reason"))
    assert steps[:3] == [("building", "Edition 1, en"), ("failed", "OSError: disk full"), ("building", "Edition 1, en")]
    showing.refresh_from_db()
    assert showing.kit_status == "ready"
