import datetime
import re
import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from declarations.models import DeclarationStatus, Signature, SignatureLog
from declarations.services.signing import AlreadySigned, declaration_sign
from declarations.services.texts import declaration_load, declaration_status_set, latest_version
from summit.transitions import InvalidTransition
from tests.factories import CityFactory, DelegateFactory, FacilitatorFactory, OrganiserFactory, UserFactory

pytestmark = pytest.mark.django_db

CLAUSES = ["Cities act locally.", "Mayors share what works."]
SIGN = "/declarations/duesseldorf-2019/sign/"


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def load(status=DeclarationStatus.OPEN):
    return declaration_load(
        slug="duesseldorf-2019", title="Düsseldorf Declaration", place="Düsseldorf", status=status,
        adopted_on=None, note="", clauses=CLAUSES,
    )  # fmt: skip


@pytest.fixture
def declaration(db):
    return load()


@pytest.fixture
def arnhem(db):
    return CityFactory(name="Arnhem", slug="arnhem", country="NL")


@pytest.fixture
def people(arnhem):
    """Everyone who might try to sign for Arnhem."""
    vienna = CityFactory(name="Vienna", slug="vienna", country="AT")
    return {
        "anonymous": None,
        "citizen": UserFactory(),
        "facilitator": FacilitatorFactory(),
        "organiser": OrganiserFactory(),
        "mayor": DelegateFactory(city=arnhem, title="mayor").user,
        "deputy mayor": DelegateFactory(city=arnhem, title="deputy_mayor").user,
        "thought leader": DelegateFactory(city=arnhem, title="thought_leader").user,
        "mayor of another city": DelegateFactory(city=vienna, title="mayor").user,
    }


@pytest.mark.parametrize(
    ("who", "signs"),
    [
        ("anonymous", False),
        ("citizen", False),
        ("facilitator", False),
        ("organiser", False),
        ("thought leader", False),
        ("mayor of another city", False),
        ("mayor", True),
        ("deputy mayor", True),
    ],
)
def test_only_the_citys_mayor_or_deputy_mayor_signs_for_it(client, declaration, arnhem, people, who, signs):
    if people[who]:
        client.force_login(people[who])
    version = latest_version(declaration)

    page = client.get(SIGN)
    client.post(SIGN, {"city": arnhem.pk, "version": version.pk})

    assert Signature.objects.filter(city=arnhem).exists() is signs
    if who == "anonymous":
        assert page.status_code == 302 and "/accounts/login/" in page.url
    elif not signs and who != "mayor of another city":
        assert page.status_code == 404


def test_the_confirmation_page_shows_the_version_that_is_signed(client, declaration, arnhem, people):
    client.force_login(people["mayor"])
    version = latest_version(declaration)

    page = text(client.get(SIGN))
    response = client.post(SIGN, {"city": arnhem.pk, "version": version.pk}, follow=True)

    assert f"version {version.number}" in page and "Cities act locally." in page and "You sign for Arnhem." in page
    signature = Signature.objects.get()
    assert signature.version == version and signature.signed_by == people["mayor"]
    assert signature.signer_title == "mayor" and not signature.on_paper
    assert "Arnhem has signed the declaration." in text(response)
    assert "Arnhem</a> · " in text(response) and "Withdraw the signature" in text(response)
    assert SignatureLog.objects.get().action == "signed"


def test_a_changed_text_is_not_signed_unseen(client, declaration, arnhem, people):
    client.force_login(people["mayor"])
    shown = latest_version(declaration)
    declaration_load(
        slug="duesseldorf-2019", title="Düsseldorf Declaration", place="Düsseldorf", status=DeclarationStatus.OPEN,
        adopted_on=None, note="", clauses=[*CLAUSES, "A late clause."],
    )  # fmt: skip

    response = client.post(SIGN, {"city": arnhem.pk, "version": shown.pk}, follow=True)

    assert not Signature.objects.exists()
    assert "The text changed since you opened it." in text(response)


def test_a_second_click_does_not_sign_twice(client, declaration, arnhem, people):
    client.force_login(people["mayor"])
    version = latest_version(declaration)

    client.post(SIGN, {"city": arnhem.pk, "version": version.pk})
    again = client.post(SIGN, {"city": arnhem.pk, "version": version.pk}, follow=True)

    assert Signature.objects.count() == 1
    assert "Arnhem has signed this declaration already." in text(again)
    with pytest.raises(AlreadySigned):
        declaration_sign(declaration=declaration, city=arnhem, by=people["deputy mayor"], version=version)


@pytest.mark.django_db(transaction=True)
def test_one_signature_per_city_under_concurrent_requests(arnhem):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every write; the race needs PostgreSQL's row locks")
    declaration = load()
    version = latest_version(declaration)
    signers = [DelegateFactory(city=arnhem, title=title).user for title in ("mayor", "deputy_mayor")] * 3
    start = threading.Barrier(len(signers))
    outcomes = []

    def sign(user):
        start.wait()
        try:
            declaration_sign(declaration=declaration, city=arnhem, by=user, version=version)
            outcomes.append("signed")
        except AlreadySigned:
            outcomes.append("already")
        finally:
            connection.close()

    threads = [threading.Thread(target=sign, args=(user,)) for user in signers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["already"] * 5 + ["signed"]
    assert Signature.objects.filter(city=arnhem).count() == 1


def test_the_city_withdraws_while_open_and_may_sign_again(client, declaration, arnhem, people):
    client.force_login(people["deputy mayor"])
    version = latest_version(declaration)
    client.post(SIGN, {"city": arnhem.pk, "version": version.pk})
    withdraw = f"/declarations/duesseldorf-2019/signatures/{arnhem.slug}/withdraw/"

    refused = client.post(withdraw, {"reason": ""})
    assert refused.status_code == 400 and Signature.objects.count() == 1
    client.post(withdraw, {"reason": "The council has not approved it yet."})

    assert Signature.objects.count() == 0
    assert list(SignatureLog.objects.order_by("at", "id").values_list("action", "reason")) == [
        ("signed", ""),
        ("withdrawn", "The council has not approved it yet."),
    ]
    client.force_login(people["mayor of another city"])
    assert client.get(withdraw).status_code == 404
    client.force_login(people["mayor"])
    client.post(SIGN, {"city": arnhem.pk, "version": version.pk})
    assert Signature.objects.get().signed_by == people["mayor"]


def test_an_adopted_declaration_is_closed_to_signing_and_withdrawing(client, declaration, arnhem, people):
    client.force_login(people["mayor"])
    version = latest_version(declaration)
    client.post(SIGN, {"city": arnhem.pk, "version": version.pk})

    declaration_status_set(declaration=declaration, to=DeclarationStatus.ADOPTED, by=people["organiser"])

    assert client.get(SIGN).status_code == 404
    assert client.get(f"/declarations/duesseldorf-2019/signatures/{arnhem.slug}/withdraw/").status_code == 404
    assert Signature.objects.count() == 1
    declaration.refresh_from_db()
    assert declaration.adopted_on == datetime.date.today()


def test_organisers_open_a_draft_then_adopt_it_with_admin_actions(client, arnhem, people):
    draft = load(status=DeclarationStatus.DRAFT)
    draft.clauses.filter(number=2).update(text="Mayors share what works, every year.")
    client.force_login(people["organiser"])

    client.post("/admin/declarations/declaration/", {"action": "open_for_signature", "_selected_action": [draft.pk]})
    client.post("/admin/declarations/declaration/", {"action": "adopt", "_selected_action": [draft.pk]})
    again = client.post(
        "/admin/declarations/declaration/", {"action": "adopt", "_selected_action": [draft.pk]}, follow=True
    )

    draft.refresh_from_db()
    assert draft.status == DeclarationStatus.ADOPTED
    assert latest_version(draft).clauses == ["Cities act locally.", "Mayors share what works, every year."]
    steps = list(draft.transitions.order_by("at", "id").values_list("from_status", "to_status", "by"))
    organiser = people["organiser"].pk
    assert steps == [("draft", "open_for_signature", organiser), ("open_for_signature", "adopted", organiser)]
    assert "that change is not possible" in text(again)
    with pytest.raises(InvalidTransition):
        declaration_status_set(declaration=draft, to=DeclarationStatus.OPEN, by=people["organiser"])


def test_nobody_signs_through_the_service_without_the_right(declaration, arnhem, people):
    with pytest.raises(PermissionDenied):
        declaration_sign(
            declaration=declaration, city=arnhem, by=people["thought leader"], version=latest_version(declaration)
        )
