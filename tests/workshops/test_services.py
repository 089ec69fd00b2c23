import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from summit.transitions import InvalidTransition
from workshops.models import PracticeStatus, PracticeTransition
from workshops.services import (
    EDITABLE_FIELDS,
    PracticeConflict,
    practice_approve,
    practice_request_changes,
    practice_submit,
    practice_update,
    practice_withdraw,
)

pytestmark = pytest.mark.django_db


def data_of(practice, **changes):
    return {**{field: getattr(practice, field) for field in EDITABLE_FIELDS}, **changes}


def test_full_workflow_draft_to_approved_with_a_round_of_changes(
    draft, mayor, organiser, django_capture_on_commit_callbacks
):
    practice_submit(practice=draft, by=mayor)
    with django_capture_on_commit_callbacks(execute=True):
        practice_request_changes(practice=draft, by=organiser, comment="Please add figures.")
    draft.refresh_from_db()
    assert draft.status == PracticeStatus.CHANGES_REQUESTED
    assert mail.outbox[-1].to == ["mayor@example.org"]
    assert "Please add figures." in mail.outbox[-1].body

    practice_update(practice=draft, by=mayor, data=data_of(draft, results="- 1,200 visits"), version=draft.version)
    practice_submit(practice=draft, by=mayor)
    practice = practice_approve(practice=draft, by=organiser)

    assert practice.status == PracticeStatus.APPROVED
    assert practice.is_public
    assert practice.public_title == "Neighbourhood living rooms"
    assert "1,200 visits" in practice.public_content["results_html"]
    log = list(PracticeTransition.objects.filter(practice=draft).order_by("id").values_list("to_status", "by__email"))
    assert log == [
        ("submitted", "mayor@example.org"),
        ("changes_requested", "organiser@example.org"),
        ("submitted", "mayor@example.org"),
        ("approved", "organiser@example.org"),
    ]


def test_co_delegate_of_the_same_city_may_edit_and_submit(draft, deputy):
    practice_update(practice=draft, by=deputy, data=data_of(draft, title="Living rooms"), version=draft.version)
    practice = practice_submit(practice=draft, by=deputy)

    assert practice.title == "Living rooms"
    assert practice.status == PracticeStatus.SUBMITTED


@pytest.mark.parametrize("who", ["other_mayor", "citizen", "organiser", "facilitator"])
def test_only_delegates_of_the_city_edit_submit_or_withdraw(draft, who, request):
    user = request.getfixturevalue(who)

    with pytest.raises(PermissionDenied):
        practice_update(practice=draft, by=user, data=data_of(draft, title="Hijacked"), version=draft.version)
    with pytest.raises(PermissionDenied):
        practice_submit(practice=draft, by=user)
    with pytest.raises(PermissionDenied):
        practice_withdraw(practice=draft, by=user)
    draft.refresh_from_db()
    assert draft.title == "Neighbourhood living rooms"
    assert draft.status == PracticeStatus.DRAFT


@pytest.mark.parametrize("who", ["mayor", "other_mayor", "citizen", "facilitator"])
def test_only_organisers_approve_or_request_changes(draft, mayor, who, request):
    practice_submit(practice=draft, by=mayor)
    user = request.getfixturevalue(who)

    with pytest.raises(PermissionDenied):
        practice_approve(practice=draft, by=user)
    with pytest.raises(PermissionDenied):
        practice_request_changes(practice=draft, by=user, comment="No.")
    draft.refresh_from_db()
    assert draft.status == PracticeStatus.SUBMITTED


def test_organisers_cannot_approve_a_draft_that_was_never_submitted(draft, organiser):
    with pytest.raises(PermissionDenied):
        practice_approve(practice=draft, by=organiser)


def test_request_changes_needs_a_comment(draft, mayor, organiser):
    practice_submit(practice=draft, by=mayor)

    with pytest.raises(ValueError, match="comment is required"):
        practice_request_changes(practice=draft, by=organiser, comment="  ")


def test_submitting_twice_is_an_invalid_transition(draft, mayor):
    practice_submit(practice=draft, by=mayor)

    with pytest.raises(InvalidTransition):
        practice_submit(practice=draft, by=mayor)


def test_approved_practice_edited_goes_back_to_review_and_stays_public_as_approved(draft, mayor, organiser):
    practice_submit(practice=draft, by=mayor)
    practice_approve(practice=draft, by=organiser)
    draft.refresh_from_db()

    edited = practice_update(
        practice=draft, by=mayor, data=data_of(draft, title="Living rooms, version two"), version=draft.version
    )

    assert edited.status == PracticeStatus.SUBMITTED
    assert edited.is_public
    assert edited.public_title == "Neighbourhood living rooms"
    approved_again = practice_approve(practice=edited, by=organiser)
    assert approved_again.public_title == "Living rooms, version two"


@pytest.mark.parametrize("steps", [[], ["submit"], ["submit", "changes"], ["submit", "approve"]])
def test_author_withdraws_at_any_time_and_it_leaves_the_public_pages(draft, mayor, organiser, steps):
    for step in steps:
        if step == "submit":
            practice_submit(practice=draft, by=mayor)
        elif step == "changes":
            practice_request_changes(practice=draft, by=organiser, comment="More detail")
        else:
            practice_approve(practice=draft, by=organiser)

    practice = practice_withdraw(practice=draft, by=mayor)

    assert practice.status == PracticeStatus.WITHDRAWN
    assert not practice.is_public
    with pytest.raises(PermissionDenied):
        practice_update(practice=practice, by=mayor, data=data_of(practice, title="Back"), version=practice.version)


def test_second_save_from_a_stale_version_is_refused_and_nothing_is_overwritten(draft, mayor, deputy):
    opened_version = draft.version
    practice_update(practice=draft, by=mayor, data=data_of(draft, summary="Mayor's summary"), version=opened_version)

    with pytest.raises(PracticeConflict) as conflict:
        practice_update(
            practice=draft, by=deputy, data=data_of(draft, summary="Deputy's summary"), version=opened_version
        )

    assert conflict.value.current.summary == "Mayor's summary"
    draft.refresh_from_db()
    assert draft.summary == "Mayor's summary"
    assert draft.version == opened_version + 1
