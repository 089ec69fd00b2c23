import pytest
from django.core import mail

from tests.factories import BestPracticeFactory
from workshops.models import PracticeStatus
from workshops.services import practice_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(draft, mayor):
    return practice_submit(practice=draft, by=mayor)


def test_review_queue_lists_only_practices_waiting_for_review(client, organiser, submitted, city, topic):
    BestPracticeFactory(city=city, topic=topic, title="Still a draft")
    client.force_login(organiser)

    page = client.get("/admin/workshops/bestpractice/?queue=waiting").content.decode()

    assert "Neighbourhood living rooms" in page
    assert "Still a draft" not in page
    assert f"/admin/workshops/bestpractice/{submitted.pk}/review/" in page


def test_review_page_shows_submitted_text_and_approve_publishes(client, organiser, submitted):
    client.force_login(organiser)

    review = client.get(f"/admin/workshops/bestpractice/{submitted.pk}/review/").content.decode()
    response = client.post(f"/admin/workshops/bestpractice/{submitted.pk}/review/", {"decision": "approve"})

    assert "Nothing public yet: this is a new practice." in review
    assert "<strong>Markdown</strong>" in review
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == PracticeStatus.APPROVED
    assert submitted.is_public


def test_review_page_requests_changes_with_a_comment_emailed_to_the_author(
    client, organiser, submitted, django_capture_on_commit_callbacks
):
    client.force_login(organiser)

    empty = client.post(f"/admin/workshops/bestpractice/{submitted.pk}/review/", {"decision": "changes", "comment": ""})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/admin/workshops/bestpractice/{submitted.pk}/review/",
            {"decision": "changes", "comment": "Please add the number of visitors."},
        )

    assert "This field is required." in empty.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == PracticeStatus.CHANGES_REQUESTED
    assert submitted.review_comment == "Please add the number of visitors."
    assert mail.outbox[-1].to == ["mayor@example.org"]
    assert "Please add the number of visitors." in mail.outbox[-1].body
    history = client.get(f"/admin/workshops/bestpractice/{submitted.pk}/change/").content.decode()
    assert "Please add the number of visitors." in history
    assert "organiser@example.org" in history or "Olga Organiser" in history


def test_bulk_approve_action_skips_practices_not_in_review(client, organiser, submitted, city, topic):
    draft = BestPracticeFactory(city=city, topic=topic, title="Still a draft")
    client.force_login(organiser)

    response = client.post(
        "/admin/workshops/bestpractice/",
        {"action": "approve", "_selected_action": [submitted.pk, draft.pk]},
        follow=True,
    )

    page = response.content.decode()
    assert "1 practice approved." in page
    assert "1 practice was not waiting for review and was left alone." in page
    submitted.refresh_from_db()
    draft.refresh_from_db()
    assert submitted.status == PracticeStatus.APPROVED
    assert draft.status == PracticeStatus.DRAFT


def test_bulk_request_changes_asks_for_a_comment_first(client, organiser, submitted):
    client.force_login(organiser)

    intermediate = client.post(
        "/admin/workshops/bestpractice/", {"action": "request_changes", "_selected_action": [submitted.pk]}
    )
    submitted.refresh_from_db()
    assert submitted.status == PracticeStatus.SUBMITTED
    assert "The authors of these practices will receive your comment by email" in intermediate.content.decode()

    client.post(
        "/admin/workshops/bestpractice/",
        {"action": "request_changes", "_selected_action": [submitted.pk], "comment": "Shorter summary, please."},
    )
    submitted.refresh_from_db()
    assert submitted.status == PracticeStatus.CHANGES_REQUESTED


def test_review_is_for_organisers_only(client, mayor, submitted):
    client.force_login(mayor)

    response = client.post(f"/admin/workshops/bestpractice/{submitted.pk}/review/", {"decision": "approve"})

    assert response.status_code == 302 and "/admin/login/" in response.url
    submitted.refresh_from_db()
    assert submitted.status == PracticeStatus.SUBMITTED
