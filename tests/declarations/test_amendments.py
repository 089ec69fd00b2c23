import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied

from declarations.models import Amendment, AmendmentKind, AmendmentSupport, DeclarationStatus
from declarations.services.texts import (
    AmendmentOutdated,
    amendment_accept,
    amendment_propose,
    amendment_reject,
    amendment_support,
    declaration_load,
    latest_version,
)
from tests.factories import CityFactory, DelegateFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/declarations/duesseldorf-2019/amendments/"
CLAUSES = ["Cities act locally.", "Mayors share what works.", "Citizens take part."]


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def draft(db):
    return declaration_load(
        slug="duesseldorf-2019", title="Düsseldorf Declaration", place="Düsseldorf", status=DeclarationStatus.DRAFT,
        adopted_on=datetime.date(2019, 8, 31), note="", clauses=CLAUSES,
    )  # fmt: skip


@pytest.fixture
def arnhem_mayor(db):
    return DelegateFactory(city=CityFactory(name="Arnhem", slug="arnhem"), title="mayor").user


@pytest.fixture
def vienna_leader(db):
    return DelegateFactory(city=CityFactory(name="Vienna", slug="vienna"), title="thought_leader").user


def propose(draft, by, kind=AmendmentKind.CHANGE, number=2, new="Mayors share what works, every year."):
    return amendment_propose(
        declaration=draft, city=by.delegations.get().city, by=by, kind=kind,
        clause=draft.clauses.get(number=number), text=new, reason="It should be regular.",
    )  # fmt: skip


def test_a_delegate_proposes_an_amendment_with_a_reason(client, draft, arnhem_mayor):
    client.force_login(arnhem_mayor)
    clause = draft.clauses.get(number=2)
    city = arnhem_mayor.delegations.get().city
    form = {"city": city.pk, "kind": "change", "clause": clause.pk, "text": "Mayors share what works, every year."}

    refused = client.post(URL, form)
    no_text = client.post(URL, {**form, "text": "", "reason": "Regularly."})
    response = client.post(URL, {**form, "reason": "It should be regular."}, follow=True)

    assert refused.status_code == 400 and no_text.status_code == 400
    amendment = Amendment.objects.get()
    assert (amendment.clause, amendment.clause_text, amendment.proposed_by) == (clause, CLAUSES[1], arnhem_mayor)
    page = text(response)
    assert "Your amendment is proposed." in page and "Mayors share what works, every year." in page


def test_only_delegates_propose_and_only_while_the_text_is_a_draft(client, draft, arnhem_mayor):
    client.force_login(UserFactory())
    citizen_page = text(client.get(URL))
    assert client.post(URL, {"kind": "delete", "clause": draft.clauses.first().pk, "reason": "x"}).status_code == 404
    draft.status = DeclarationStatus.OPEN
    draft.save()
    client.force_login(arnhem_mayor)

    open_page = text(client.get(URL))

    assert "Propose an amendment" not in citizen_page and "Propose an amendment" not in open_page
    with pytest.raises(PermissionDenied):
        propose(draft, arnhem_mayor)


def test_other_delegates_support_once_and_the_proposer_does_not(client, draft, arnhem_mayor, vienna_leader):
    amendment = propose(draft, arnhem_mayor)
    client.force_login(vienna_leader)
    support = f"{URL}{amendment.pk}/support/"

    client.post(support)
    again = client.post(support, follow=True)

    assert AmendmentSupport.objects.filter(amendment=amendment).count() == 1
    assert "You support this amendment." in text(again)
    assert "1 supporter" in text(client.get(URL))
    client.force_login(arnhem_mayor)
    assert client.post(support).status_code == 404
    with pytest.raises(PermissionDenied):
        amendment_support(amendment=amendment, by=arnhem_mayor)


def test_accepting_changes_the_text_and_records_a_new_version(draft, arnhem_mayor, organiser):
    changed = propose(draft, arnhem_mayor)
    added = propose(draft, arnhem_mayor, kind=AmendmentKind.ADD, number=1, new="Cities listen first.")
    deleted = propose(draft, arnhem_mayor, kind=AmendmentKind.DELETE, number=3, new="")

    for amendment in (changed, added, deleted):
        amendment_accept(amendment=amendment, by=organiser, reason="Agreed in the plenary.")

    assert latest_version(draft).number == 4
    assert latest_version(draft).clauses == [
        "Cities act locally.",
        "Cities listen first.",
        "Mayors share what works, every year.",
    ]
    assert list(draft.clauses.values_list("number", "text")) == list(enumerate(latest_version(draft).clauses, 1))
    changed.refresh_from_db()
    assert changed.status == "accepted" and changed.decision_reason == "Agreed in the plenary."
    assert list(changed.transitions.values_list("from_status", "to_status", "by")) == [
        ("proposed", "accepted", organiser.pk)
    ]


def test_an_outdated_amendment_cannot_be_accepted(client, draft, arnhem_mayor, vienna_leader, organiser):
    first = propose(draft, arnhem_mayor)
    second = propose(draft, arnhem_mayor, new="Mayors share what works, in public.")
    amendment_accept(amendment=first, by=organiser, reason="Agreed.")

    second.refresh_from_db()
    with pytest.raises(AmendmentOutdated):
        amendment_accept(amendment=second, by=organiser, reason="Also agreed.")

    assert second.is_outdated
    assert "Outdated: the clause changed since" in text(client.get(URL))
    client.force_login(organiser)
    queue = text(client.get("/admin/declarations/amendment/?status__exact=proposed"))
    assert '<td class="field-outdated">Yes: its clause changed</td>' in queue  # in words, not a True/False icon
    client.logout()
    amendment_reject(amendment=second, by=organiser, reason="Overtaken by #1.")
    second.refresh_from_db()
    assert second.status == "rejected" and not second.is_outdated
    assert latest_version(draft).clauses[1] == "Mayors share what works, every year."


def test_organisers_decide_in_the_admin_after_giving_a_reason(client, draft, arnhem_mayor, organiser):
    amendment = propose(draft, arnhem_mayor)
    client.force_login(organiser)
    queue = text(client.get("/admin/declarations/amendment/"))
    chosen = {"action": "accept", "_selected_action": [amendment.pk]}

    asks = text(client.post("/admin/declarations/amendment/", chosen))
    client.post("/admin/declarations/amendment/", {**chosen, "apply": "1", "reason": "Agreed in the plenary."})

    assert f"#{amendment.pk}" in queue
    assert "Reason, shown with the amendment" in asks
    amendment.refresh_from_db()
    assert amendment.status == "accepted" and latest_version(draft).number == 2
    assert "Agreed in the plenary." in text(client.get(URL))
    with pytest.raises(PermissionDenied):
        amendment_reject(amendment=amendment, by=organiser, reason="Too late.")
