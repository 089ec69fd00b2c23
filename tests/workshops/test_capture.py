import csv
import io
import re
import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve

from tests.factories import FacilitatorFactory, OutcomeFactory, WorkshopFactory, jpeg_bytes
from workshops.capture import (
    OUTCOME_INSERT,
    OutcomeConflict,
    outcome_move,
    outcome_save,
    outcome_vote,
    workshop_status_set,
)
from workshops.models import Outcome, OutcomePhoto, WorkshopStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop(facilitator, topic, summit):
    workshop = WorkshopFactory(topic=topic, programme_item__summit=summit, programme_item__title="Workshop: Healthy")
    workshop.facilitators.add(facilitator)
    return workshop


def save(client, workshop, **fields):
    data = {"uuid": str(uuid.uuid4()), "kind": "insight", "text": "Trees cool streets.", "city": "", "version": ""}
    return client.post(f"/workshops/{workshop.pk}/outcomes/", {**data, **fields})


def test_facilitator_sees_only_their_workshops_and_organisers_all(client, workshop, facilitator, organiser):
    other = WorkshopFactory(programme_item__title="Workshop: Someone else's")

    client.force_login(facilitator)
    mine = client.get("/workshops/").content.decode()
    client.force_login(organiser)
    everything = client.get("/workshops/").content.decode()

    assert "Workshop: Healthy" in mine and "Someone else" not in mine
    assert "Workshop: Healthy" in everything and other.programme_item.title.split(":")[0] in everything


@pytest.mark.parametrize("who", ["other_facilitator", "mayor", "citizen"])
def test_others_cannot_read_or_write_the_capture_screen(client, workshop, who, request, city):
    user = FacilitatorFactory() if who == "other_facilitator" else request.getfixturevalue(who)
    outcome = OutcomeFactory(workshop=workshop, text="Original")
    client.force_login(user)

    assert client.get(f"/workshops/{workshop.pk}/").status_code == 404
    assert client.get(f"/workshops/{workshop.pk}/outcomes/").status_code == 404
    assert save(client, workshop).status_code == 404
    assert client.post(f"/workshops/{workshop.pk}/outcomes/{outcome.uuid}/vote/", {"delta": "1"}).status_code == 404
    assert client.post(f"/workshops/{workshop.pk}/outcomes/{outcome.uuid}/hide/", {"hidden": "1"}).status_code == 404
    assert client.post(f"/workshops/{workshop.pk}/status/", {"status": "running"}).status_code == 404
    outcome.refresh_from_db()
    assert (outcome.text, outcome.votes, outcome.hidden) == ("Original", 0, False)
    assert Outcome.objects.count() == 1


def test_anonymous_is_sent_to_sign_in(client, workshop):
    for response in (client.get(f"/workshops/{workshop.pk}/"), save(client, workshop), client.get("/workshops/")):
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert not Outcome.objects.exists()


def test_mayors_and_citizens_get_an_explanation_on_the_list(client, mayor):
    client.force_login(mayor)

    response = client.get("/workshops/")

    assert response.status_code == 403
    assert "capture screens are for the facilitators" in response.content.decode()


def test_save_creates_an_outcome_and_a_retry_does_not_duplicate_it(client, workshop, facilitator, city):
    client.force_login(facilitator)
    key = str(uuid.uuid4())

    first = save(client, workshop, uuid=key, text="Shade on every route", city=city.pk, kind="solution")
    retry = save(client, workshop, uuid=key, text="Shade on every route", city=city.pk, kind="solution")

    assert first.status_code == 201 and retry.status_code == 200
    outcome = Outcome.objects.get()
    assert (outcome.text, outcome.kind, outcome.city, outcome.created_by) == (
        "Shade on every route",
        "solution",
        city,
        facilitator,
    )
    assert "Shade on every route" in retry.json()["html"]
    buttons = re.findall(r'hx-post="([^"]+)"', first.json()["html"])
    assert {(resolve(url).url_name, resolve(url).kwargs["uuid"]) for url in buttons} == {
        ("outcome_vote", outcome.uuid),
        ("outcome_move", outcome.uuid),
        ("outcome_hide", outcome.uuid),
    }


def test_edit_with_the_current_version_applies_and_a_retried_edit_is_harmless(client, workshop, facilitator):
    outcome = OutcomeFactory(workshop=workshop, text="First words")
    client.force_login(facilitator)

    edited = save(client, workshop, uuid=outcome.uuid, text="Better words", version=1)
    retried = save(client, workshop, uuid=outcome.uuid, text="Better words", version=1)

    assert edited.status_code == 200 and edited.json()["version"] == 2
    assert retried.status_code == 200
    outcome.refresh_from_db()
    assert (outcome.text, outcome.version) == ("Better words", 2)


def test_stale_edit_is_refused_with_the_saved_text(client, workshop, facilitator):
    outcome = OutcomeFactory(workshop=workshop, text="First words")
    client.force_login(facilitator)
    save(client, workshop, uuid=outcome.uuid, text="Tablet A's words", version=1)

    stale = save(client, workshop, uuid=outcome.uuid, text="Tablet B's words", version=1)

    assert stale.status_code == 409
    assert stale.json()["current"] == {"text": "Tablet A's words", "kind": "insight", "version": 2}
    outcome.refresh_from_db()
    assert outcome.text == "Tablet A's words"


def test_invalid_outcome_is_a_400_with_a_message(client, workshop, facilitator):
    client.force_login(facilitator)

    response = save(client, workshop, text="", kind="rumour")

    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"text", "kind"}
    assert not Outcome.objects.exists()


def test_uuid_of_another_workshop_cannot_be_overwritten(client, workshop, facilitator):
    foreign = OutcomeFactory(text="Someone else's")
    client.force_login(facilitator)

    response = save(client, workshop, uuid=foreign.uuid, text="Overwritten", version=1)

    assert response.status_code == 403
    foreign.refresh_from_db()
    assert foreign.text == "Someone else's"


def test_closed_workshop_is_read_only_for_facilitators_but_not_organisers(client, workshop, facilitator, organiser):
    outcome = OutcomeFactory(workshop=workshop, text="Kept")
    workshop.status = WorkshopStatus.CLOSED
    workshop.save()
    client.force_login(facilitator)

    page = client.get(f"/workshops/{workshop.pk}/").content.decode()
    refused = save(client, workshop, uuid=outcome.uuid, text="Changed", version=1)
    vote = client.post(f"/workshops/{workshop.pk}/outcomes/{outcome.uuid}/vote/", {"delta": "1"})
    reopen = client.post(f"/workshops/{workshop.pk}/status/", {"status": "running"})

    assert "This workshop is closed and read-only." in page
    assert 'id="outcome-form"' not in page
    assert refused.status_code == 403
    assert vote.status_code == 403
    assert reopen.status_code == 302
    workshop.refresh_from_db()
    outcome.refresh_from_db()
    assert workshop.status == WorkshopStatus.CLOSED
    assert (outcome.text, outcome.votes) == ("Kept", 0)

    client.force_login(organiser)
    assert save(client, workshop, uuid=outcome.uuid, text="Corrected by organiser", version=1).status_code == 200


def test_a_facilitator_whose_workshop_was_closed_or_taken_away_since_the_last_save_cannot_save(
    client, workshop, facilitator, organiser
):
    client.force_login(facilitator)
    assert save(client, workshop, text="Before").status_code == 201  # the user is kept with their workshops now

    workshop_status_set(workshop=workshop, by=organiser, status=WorkshopStatus.RUNNING)
    workshop_status_set(workshop=workshop, by=organiser, status=WorkshopStatus.CLOSED)
    closed = save(client, workshop, text="After closing")
    workshop.facilitators.remove(facilitator)
    workshop_status_set(workshop=workshop, by=organiser, status=WorkshopStatus.RUNNING)
    removed = save(client, workshop, text="After removal")

    assert closed.status_code == 403
    assert closed.json()["error"] == "This workshop is closed; only organisers can change it now."
    assert removed.status_code == 404
    assert list(workshop.outcomes.values_list("text", flat=True)) == ["Before"]


def test_status_goes_planned_running_closed_with_a_confirmation_before_closing(client, workshop, facilitator):
    client.force_login(facilitator)

    started = client.post(f"/workshops/{workshop.pk}/status/", {"status": "running"}, follow=True)
    workshop.refresh_from_db()
    assert workshop.status == WorkshopStatus.RUNNING
    assert "The workshop is running: outcomes can be captured." in started.content.decode()
    confirmation = client.get(f"/workshops/{workshop.pk}/status/?status=closed")
    workshop.refresh_from_db()
    assert workshop.status == WorkshopStatus.RUNNING
    assert "Close this workshop?" in confirmation.content.decode()
    closed = client.post(f"/workshops/{workshop.pk}/status/", {"status": "closed"}, follow=True)
    workshop.refresh_from_db()
    assert workshop.status == WorkshopStatus.CLOSED
    assert "The workshop is closed. Its outcomes go into the next exhibition edition." in closed.content.decode()
    history = [(step.from_status, step.to_status, step.by) for step in workshop.transitions.order_by("at", "id")]
    assert history == [("planned", "running", facilitator), ("running", "closed", facilitator)]


def test_votes_count_up_and_down_but_not_below_zero(client, workshop, facilitator):
    outcome = OutcomeFactory(workshop=workshop)
    client.force_login(facilitator)
    url = f"/workshops/{workshop.pk}/outcomes/{outcome.uuid}/vote/"

    for delta in ("1", "1", "1", "-1"):
        response = client.post(url, {"delta": delta}, headers={"HX-Request": "true"})
    outcome.refresh_from_db()
    assert outcome.votes == 2
    assert '<span class="vote-count"' in response.content.decode()
    for _ in range(3):
        outcome_vote(outcome=outcome, by=facilitator, delta=-1)
    outcome.refresh_from_db()
    assert outcome.votes == 0


def test_move_swaps_neighbours_and_hide_keeps_the_outcome(client, workshop, facilitator):
    first, second, third = (OutcomeFactory(workshop=workshop, order=n, text=f"Outcome {n}") for n in (1, 2, 3))
    client.force_login(facilitator)

    moved = client.post(f"/workshops/{workshop.pk}/outcomes/{third.uuid}/move/", {"direction": "up"})
    outcome_move(outcome=first, by=facilitator, direction="up")
    client.post(f"/workshops/{workshop.pk}/outcomes/{second.uuid}/hide/", {"hidden": "1"})

    assert moved.status_code == 204 and moved["HX-Trigger"] == "outcomes-changed"
    assert list(workshop.outcomes.order_by("order").values_list("text", flat=True)) == [
        "Outcome 1",
        "Outcome 3",
        "Outcome 2",
    ]
    second.refresh_from_db()
    assert second.hidden


def test_concurrent_style_votes_add_up_exactly(workshop, facilitator, organiser):
    outcome = OutcomeFactory(workshop=workshop)

    for user in (facilitator, organiser) * 5:
        outcome_vote(outcome=outcome, by=user, delta=1)

    outcome.refresh_from_db()
    assert outcome.votes == 10
    assert outcome.vote_log.count() == 10


def test_service_refuses_a_non_facilitator(workshop, citizen):
    with pytest.raises(PermissionDenied):
        outcome_save(
            workshop=workshop, by=citizen, uuid=uuid.uuid4(), kind="insight", text="x", city=None, version=None
        )


def test_service_conflict_carries_the_current_outcome(workshop, facilitator):
    outcome = OutcomeFactory(workshop=workshop, text="Saved")
    outcome_save(
        workshop=workshop, by=facilitator, uuid=outcome.uuid, kind="insight", text="Newer", city=None, version=1
    )

    with pytest.raises(OutcomeConflict) as conflict:
        outcome_save(
            workshop=workshop, by=facilitator, uuid=outcome.uuid, kind="insight", text="Stale", city=None, version=1
        )

    assert conflict.value.current.text == "Newer"


def test_flipchart_photo_is_cleaned_and_shown(client, workshop, facilitator, django_capture_on_commit_callbacks):
    client.force_login(facilitator)
    upload = SimpleUploadedFile("chart.jpg", jpeg_bytes(gps=True), content_type="image/jpeg")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/workshops/{workshop.pk}/photos/", {"image": upload, "caption": "Flipchart 1"})

    photo = OutcomePhoto.objects.get()
    assert photo.renditions_ready
    assert "Flipchart 1" in client.get(f"/workshops/{workshop.pk}/").content.decode()


def test_bad_flipchart_photo_is_refused_with_a_message(client, workshop, facilitator):
    client.force_login(facilitator)
    upload = SimpleUploadedFile("chart.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")

    response = client.post(f"/workshops/{workshop.pk}/photos/", {"image": upload, "caption": "Flipchart"}, follow=True)

    assert "not an image we can read" in response.content.decode()
    assert not OutcomePhoto.objects.exists()


def test_summary_is_saved_and_marks_ready_for_the_exhibition(client, workshop, facilitator):
    client.force_login(facilitator)

    client.post(
        f"/workshops/{workshop.pk}/summary/", {"summary": "We agreed on **shade**.", "ready_for_exhibition": "on"}
    )

    workshop.refresh_from_db()
    assert workshop.summary == "We agreed on **shade**."
    assert workshop.ready_for_exhibition
    workshop.status = WorkshopStatus.CLOSED
    workshop.save()
    closed = client.get(f"/workshops/{workshop.pk}/").content.decode()
    assert "We agreed on <strong>shade</strong>." in closed


def test_organiser_exports_outcomes_as_csv(client, workshop, organiser, city):
    OutcomeFactory(workshop=workshop, text='Says "hello", then leaves', city=city, votes=3, hidden=True)
    client.force_login(organiser)

    response = client.get(f"/admin/workshops/workshop/{workshop.pk}/outcomes.csv")

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert response["Content-Type"].startswith("text/csv")
    assert rows[0][:5] == ["workshop", "topic", "order", "kind", "text"]
    assert rows[1][4] == 'Says "hello", then leaves'
    assert rows[1][5:8] == ["Düsseldorf", "3", "yes"]


def test_organiser_edit_in_admin_bumps_the_version(client, workshop, organiser):
    outcome = OutcomeFactory(workshop=workshop, text="Typo hre")
    client.force_login(organiser)

    client.post(
        f"/admin/workshops/outcome/{outcome.pk}/change/",
        {"kind": "insight", "text": "Typo here", "city": "", "hidden": ""},
    )

    outcome.refresh_from_db()
    assert (outcome.text, outcome.version) == ("Typo here", 2)


@pytest.mark.parametrize("size", [1, 20])
def test_capture_screen_query_count_is_constant(client, workshop, facilitator, size, django_assert_num_queries):
    for _ in range(size):
        OutcomeFactory(workshop=workshop)
    client.force_login(facilitator)
    client.get(f"/workshops/{workshop.pk}/")  # the first visit makes the workshop's room

    # the session and the user (the roles are kept with the session since the first visit: summit.viewers.viewer),
    # workshop, its outcomes with cities, cities for the form, photos, the room
    with django_assert_num_queries(7):
        response = client.get(f"/workshops/{workshop.pk}/")

    assert response.content.decode().count('class="outcome kind-') == size


@pytest.mark.django_db(transaction=True)
def test_a_facilitators_outcome_save_costs_one_insert_that_places_it_last(
    client, workshop, facilitator, django_assert_num_queries
):
    OutcomeFactory(workshop=workshop, order=7, text="Said first")
    client.force_login(facilitator)
    save(client, workshop, text="Said second")  # the user is verified once, then kept with their facilitated workshops

    # Outside a test's transaction, as in production: the workshop's status is kept with the signed-in
    # facilitator, and the insert reads the last place itself (no transaction, no separate query for the place).
    with django_assert_num_queries(1) as captured:
        response = save(client, workshop, text="Said third")

    assert response.status_code == 201
    assert captured.captured_queries[0]["sql"].startswith("INSERT")
    assert list(workshop.outcomes.values_list("text", "order")) == [
        ("Said first", 7),
        ("Said second", 8),
        ("Said third", 9),
    ]


def test_the_written_out_insert_stores_every_column_as_the_model_would(workshop, facilitator, city):
    outcome, created = outcome_save(
        workshop=workshop, by=facilitator, uuid=uuid.uuid4(), kind="solution", text="Shade", city=city, version=None
    )

    columns = {field.column for field in Outcome._meta.concrete_fields if not field.primary_key}
    assert set(re.findall(r'"(\w+)"', OUTCOME_INSERT.partition(" VALUES ")[0])) - {"workshops_outcome"} == columns
    stored = Outcome.objects.get(pk=outcome.pk)
    unsaved = Outcome()
    assert created and outcome.order == stored.order == 1
    assert [getattr(stored, name) for name in ("votes", "version", "hidden", "is_demo")] == [
        getattr(unsaved, name) for name in ("votes", "version", "hidden", "is_demo")
    ]
    assert (stored.uuid, stored.kind, stored.text, stored.city, stored.created_by) == (
        outcome.uuid, "solution", "Shade", city, facilitator,
    )  # fmt: skip
    assert stored.created_at == stored.updated_at == outcome.created_at


def test_organisers_change_a_workshops_status_with_admin_actions_not_the_form(client, workshop, organiser):
    client.force_login(organiser)

    form = client.get(f"/admin/workshops/workshop/{workshop.pk}/change/").content.decode()
    client.post("/admin/workshops/workshop/", {"action": "start", "_selected_action": [workshop.pk]})
    client.post("/admin/workshops/workshop/", {"action": "close", "_selected_action": [workshop.pk]})
    again = client.post(
        "/admin/workshops/workshop/", {"action": "close", "_selected_action": [workshop.pk]}, follow=True
    ).content.decode()

    assert 'name="status"' not in form
    workshop.refresh_from_db()
    assert workshop.status == WorkshopStatus.CLOSED
    assert "that change is not possible" in again
    steps = list(workshop.transitions.order_by("at", "id").values_list("to_status", "by", "reason"))
    assert steps == [
        ("running", organiser.pk, "Changed in the admin."),
        ("closed", organiser.pk, "Changed in the admin."),
    ]
