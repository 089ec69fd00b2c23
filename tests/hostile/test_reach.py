"""Reaching for what is not one's own: other people's and other cities' ids, drafts, forged admin selections, and an
upload whose name is not text."""

import re
import uuid
from collections.abc import Callable

import pytest

from declarations.models import Pledge, Signature
from discussion.models import Comment
from exhibition.models import Edition
from tests.factories import jpeg_bytes
from tests.hostile.world import World, client_for, image, says_why
from workshops.models import BestPractice, Outcome, PracticeImage, Workshop

pytestmark = [pytest.mark.django_db, pytest.mark.breadth]


def other_outcome(w: World) -> Outcome:
    return w.other_workshop.outcomes.order_by("pk").first()


def other_peoples_things(w: World) -> list[tuple[str, str, dict, Callable[[World], object]]]:
    """(who, url, data, what must stay the same): each a person reaching for what is not theirs."""
    return [
        ("other_mayor", f"/me/practices/{w.practice.pk}/", {"title": "Taken", "summary": "x", "body": "x",
         "topic": w.practice.topic_id, "language": "en"},
         lambda w: BestPractice.objects.get(pk=w.practice.pk).title),
        ("other_mayor", f"/me/practices/{w.practice.pk}/images/", {"image": image(), "alt_text": "x"},
         lambda w: PracticeImage.objects.count()),
        ("other_mayor", f"/me/practices/{w.practice.pk}/submit/", {},
         lambda w: BestPractice.objects.get(pk=w.practice.pk).status),
        ("other_citizen", f"/exhibition/comments/{w.comment.pk}/edit/", {"body": "Taken"},
         lambda w: Comment.objects.get(pk=w.comment.pk).body),
        ("other_citizen", f"/exhibition/comments/{w.comment.pk}/delete/", {},
         lambda w: Comment.objects.get(pk=w.comment.pk).status),
        ("facilitator", f"/workshops/{w.other_workshop.pk}/outcomes/",
         {"uuid": str(uuid.uuid4()), "kind": "insight", "text": "Not my workshop", "city": "", "version": ""},
         lambda w: Outcome.objects.filter(text="Not my workshop").count()),
        ("facilitator", f"/workshops/{w.other_workshop.pk}/outcomes/{other_outcome(w).uuid}/vote/", {},
         lambda w: other_outcome(w).votes),
        ("facilitator", f"/workshops/{w.other_workshop.pk}/outcomes/{other_outcome(w).uuid}/hide/", {},
         lambda w: other_outcome(w).hidden),
        ("facilitator", f"/workshops/{w.workshop.pk}/outcomes/{other_outcome(w).uuid}/vote/", {},
         lambda w: other_outcome(w).votes),
        ("facilitator", f"/workshops/{w.other_workshop.pk}/summary/", {"summary": "Taken"},
         lambda w: Workshop.objects.get(pk=w.other_workshop.pk).summary),
        ("other_mayor", f"/declarations/duesseldorf-2019/pledges/{w.pledge.pk}/updates/",
         {"text": "Not my city", "posted_on": "2020-01-01"}, lambda w: w.pledge.updates.count()),
        ("other_mayor", f"/declarations/duesseldorf-2019/pledges/{w.pledge.pk}/status/",
         {"status": "abandoned", "reason": "x"}, lambda w: Pledge.objects.get(pk=w.pledge.pk).status),
        ("other_mayor", f"/declarations/duesseldorf-2019/signatures/{w.pledge.city.slug}/withdraw/",
         {"reason": "Not my city"}, lambda w: Signature.objects.filter(city=w.pledge.city).count()),
        ("citizen", "/admin/exhibition/edition/compile/", {}, lambda w: Edition.objects.count()),
    ]  # fmt: skip


def test_nobody_reaches_what_is_not_theirs(world):
    for who, url, data, state in other_peoples_things(world):
        before = state(world)
        client = client_for(world, who)

        response = client.post(url, data)

        assert response.status_code in (302, 403, 404), (who, url, response.status_code)
        if response.status_code == 302:  # only the admin's sign-in page may be where it leads
            assert response.url.startswith("/admin/login/"), (who, url, response.url)
        else:
            assert "<h1>" in response.content.decode(), (who, url)
        assert state(world) == before, (who, url)
    assert not world.other_mayor.is_staff and not world.citizen.is_staff


def test_drafts_and_other_cities_pages_are_not_shown_to_those_who_may_not_see_them(world, client):
    client.force_login(world.other_mayor)

    assert client.get(f"/practices/{world.practice.pk}/").status_code == 404  # a draft
    assert client.get(f"/me/practices/{world.practice.pk}/").status_code in (403, 404)
    assert client.get(f"/workshops/{world.workshop.pk}/").status_code in (403, 404)
    assert client.get("/admin/discussion/comment/").status_code == 302


def test_an_upload_whose_name_is_not_utf8_is_taken_under_a_new_name_or_refused_with_a_reason(world, client):
    client.force_login(world.mayor)
    boundary = "hostile"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="alt_text"\r\n\r\nNeighbours\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="image"; filename="'.encode()
        + b"\xff\xfe\xc3\x28evil\x00.jpg"
        + b'"\r\nContent-Type: image/jpeg\r\n\r\n'
        + jpeg_bytes()
        + f"\r\n--{boundary}--\r\n".encode()
    )

    response = client.generic(
        "POST", f"/me/practices/{world.practice.pk}/images/", body, f"multipart/form-data; boundary={boundary}"
    )

    assert response.status_code in (302, 400)
    stored = PracticeImage.objects.first()
    if stored:
        assert re.fullmatch(r"practices/\d+/[0-9a-f]{32}\.jpg", stored.original.name)
    else:
        assert says_why(client.get(f"/me/practices/{world.practice.pk}/"))


@pytest.mark.parametrize("action", ["publish", "hide", "remove", "block_authors"])
@pytest.mark.parametrize("selected", ["999999", "1 OR 1=1", "<script>"])
def test_admin_actions_on_rows_that_do_not_exist_or_forged_ids_change_nothing(world, client, action, selected):
    client.force_login(world.organiser)
    before = list(Comment.objects.values_list("pk", "status"))

    response = client.post(
        "/admin/discussion/comment/", {"action": action, "_selected_action": [selected]}, follow=True
    )

    assert list(Comment.objects.values_list("pk", "status")) == before
    if selected.isdigit():  # a row that does not exist: the action finds nothing to do
        assert response.status_code == 200
    else:
        assert response.status_code == 400 and "The selection is not valid." in response.content.decode()


def test_reviewing_a_practice_that_is_not_submitted_changes_nothing(world, client):
    client.force_login(world.organiser)

    response = client.post(f"/admin/workshops/bestpractice/{world.practice.pk}/review/", {"decision": "approve"})

    assert response.status_code in (200, 302, 403)
    assert BestPractice.objects.get(pk=world.practice.pk).status == "draft"
