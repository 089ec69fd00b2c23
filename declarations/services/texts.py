"""Writes for the texts: loading one, opening it for signature and adopting it (`declaration_status_set`,
STATUS_FLOW, a DeclarationTransition row), and amendments: proposing, supporting, accepting (a new version) and
rejecting."""

import datetime
import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from declarations import permissions
from declarations.models import (
    Amendment,
    AmendmentKind,
    AmendmentStatus,
    AmendmentSupport,
    Clause,
    Declaration,
    DeclarationStatus,
    DeclarationVersion,
)
from discussion.services import threads_ensure
from summit.models import City, User
from summit.transitions import transition_apply, transition_check

logger = logging.getLogger(__name__)


STATUS_FLOW = {
    DeclarationStatus.DRAFT: {DeclarationStatus.OPEN},
    DeclarationStatus.OPEN: {DeclarationStatus.ADOPTED},
    DeclarationStatus.ADOPTED: set(),
    DeclarationStatus.REFERENCE: set(),
}


def latest_version(declaration: Declaration) -> DeclarationVersion | None:
    return declaration.versions.order_by("-number").first()


def clause_key(declaration: Declaration, number: int) -> str:
    return f"clause:{declaration.slug}:{number}"


def _clause_threads_open(declaration: Declaration) -> None:
    """Each clause is discussed on its own page; its thread hangs on the declaration and the clause's number."""
    threads_ensure(
        threads=[
            (clause_key(declaration, number), f"{declaration.title}, {number}", None)
            for number in declaration.clauses.values_list("number", flat=True)
        ]
    )


@transaction.atomic
def declaration_load(
    *, slug: str, title: str, place: str, status: str, adopted_on: datetime.date | None, note: str, clauses: list[str]
) -> Declaration:
    """Create or refresh a declaration from a text (seed_demo): its clauses and, when the text changed, a version."""
    declaration, _created = Declaration.objects.update_or_create(
        slug=slug, defaults={"title": title, "place": place, "status": status, "adopted_on": adopted_on, "note": note}
    )
    latest = latest_version(declaration)
    if latest is None or latest.clauses != clauses:
        declaration.clauses.all().delete()
        Clause.objects.bulk_create(
            [Clause(declaration=declaration, number=number, text=text) for number, text in enumerate(clauses, 1)]
        )
        DeclarationVersion.objects.create(
            declaration=declaration, number=(latest.number + 1) if latest else 1, clauses=clauses,
            text_date=adopted_on,
        )  # fmt: skip
        logger.info("Declaration %s loaded with %s clauses", slug, len(clauses))
    _clause_threads_open(declaration)
    return declaration


@transaction.atomic
def declaration_status_set(*, declaration: Declaration, to: str, by: User, reason: str = "") -> Declaration:
    """Open a draft for signature (its text is frozen as a new version if it changed) or adopt an open one."""
    declaration = Declaration.objects.select_for_update().get(pk=declaration.pk)
    transition_check(STATUS_FLOW, declaration.status, to, "declaration")  # before a version is frozen for it
    if to == DeclarationStatus.OPEN:
        clauses = list(declaration.clauses.order_by("number").values_list("text", flat=True))
        latest = latest_version(declaration)
        if latest is None or latest.clauses != clauses:
            DeclarationVersion.objects.create(
                declaration=declaration, number=(latest.number + 1) if latest else 1, clauses=clauses,
                note="Opened for signature.",
            )  # fmt: skip
    if to == DeclarationStatus.ADOPTED and declaration.adopted_on is None:
        declaration.adopted_on = timezone.localdate()
    transition_apply(
        declaration, to=to, table=STATUS_FLOW, history=declaration.transitions, by=by, reason=reason,
        also=["adopted_on"],
    )  # fmt: skip
    _clause_threads_open(declaration)
    return declaration


class AmendmentOutdated(Exception):
    """The clause changed since the amendment was proposed; accepting it would overwrite that change unseen."""


AMENDMENT_FLOW = {
    AmendmentStatus.PROPOSED: {AmendmentStatus.ACCEPTED, AmendmentStatus.REJECTED},
    AmendmentStatus.ACCEPTED: set(),
    AmendmentStatus.REJECTED: set(),
}


@transaction.atomic
def amendment_propose(
    *, declaration: Declaration, city: City, by: User, kind: str, clause: Clause | None, text: str, reason: str
) -> Amendment:
    """A delegate proposes to change, add (after `clause`) or delete a clause of a draft, with a reason."""
    if city not in permissions.cities_to_amend_for(by, declaration):
        raise PermissionDenied
    if clause is None or clause.declaration_id != declaration.pk:
        raise ValueError("An amendment names a clause of the same declaration.")
    if not reason.strip() or (kind != AmendmentKind.DELETE and not text.strip()):
        raise ValueError("An amendment needs a reason, and a text unless it deletes a clause.")
    amendment = Amendment.objects.create(
        declaration=declaration, city=city, proposed_by=by, kind=kind, clause=clause, clause_text=clause.text,
        text=text if kind != AmendmentKind.DELETE else "", reason=reason,
    )  # fmt: skip
    logger.info("Amendment %s on %s proposed by %s", amendment.pk, declaration.slug, by)
    return amendment


def amendment_support(*, amendment: Amendment, by: User) -> bool:
    """Support once; a second click changes nothing. Returns whether this click added a support."""
    if not permissions.can_support(by, amendment):
        raise PermissionDenied
    _support, created = AmendmentSupport.objects.get_or_create(amendment=amendment, user=by)
    return created


def _amendment_transition(amendment: Amendment, to: str, by: User, reason: str) -> None:
    amendment.decision_reason = reason
    transition_apply(
        amendment, to=to, table=AMENDMENT_FLOW, history=amendment.transitions, by=by, reason=reason,
        also=["decision_reason"],
    )  # fmt: skip


@transaction.atomic
def amendment_accept(*, amendment: Amendment, by: User, reason: str) -> DeclarationVersion:
    """Change the text as the amendment says and record the new version, in one transaction; an outdated amendment
    is refused (AmendmentOutdated) so that no later change is overwritten unseen."""
    declaration = Declaration.objects.select_for_update().get(pk=amendment.declaration_id)
    amendment = Amendment.objects.select_for_update(of=("self",)).select_related("clause").get(pk=amendment.pk)
    if not permissions.can_decide(by, amendment) or declaration.status != DeclarationStatus.DRAFT:
        raise PermissionDenied
    if amendment.is_outdated:
        raise AmendmentOutdated
    # The clauses change in place, so amendments to the other clauses keep pointing at theirs (and stay current).
    clause = amendment.clause
    if amendment.kind == AmendmentKind.CHANGE:
        clause.text = amendment.text
        clause.save(update_fields=["text"])
    elif amendment.kind == AmendmentKind.ADD:
        for following in declaration.clauses.filter(number__gt=clause.number).order_by("-number"):
            following.number += 1
            following.save(update_fields=["number"])
        Clause.objects.create(declaration=declaration, number=clause.number + 1, text=amendment.text)
    else:
        number = clause.number
        clause.delete()
        amendment.clause = None
        for following in declaration.clauses.filter(number__gt=number).order_by("number"):
            following.number -= 1
            following.save(update_fields=["number"])
    clauses = list(declaration.clauses.order_by("number").values_list("text", flat=True))
    latest = latest_version(declaration)
    version = DeclarationVersion.objects.create(
        declaration=declaration, number=(latest.number + 1) if latest else 1, clauses=clauses,
        note=f"Amendment #{amendment.pk} accepted.",
    )  # fmt: skip
    _amendment_transition(amendment, AmendmentStatus.ACCEPTED, by, reason)
    _clause_threads_open(declaration)
    logger.info("Amendment %s accepted by %s: version %s", amendment.pk, by, version.number)
    return version


@transaction.atomic
def amendment_reject(*, amendment: Amendment, by: User, reason: str) -> Amendment:
    amendment = Amendment.objects.select_for_update().get(pk=amendment.pk)
    if not permissions.can_decide(by, amendment):
        raise PermissionDenied
    _amendment_transition(amendment, AmendmentStatus.REJECTED, by, reason)
    return amendment


# A PDF still "being prepared" after this long lost its worker; the next request starts again.
