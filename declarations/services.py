"""Writes for declarations: loading a text, opening it for signature and adopting it, signing and withdrawing,
and the cities' pledges with their progress updates.

A declaration's status changes only through `declaration_status_set` (STATUS_FLOW, a DeclarationTransition row);
every signature given, recorded from paper or withdrawn writes a SignatureLog row.
"""

import datetime
import logging

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from declarations import permissions, selectors
from declarations.models import (
    Amendment,
    AmendmentKind,
    AmendmentStatus,
    AmendmentSupport,
    AmendmentTransition,
    Clause,
    Declaration,
    DeclarationStatus,
    DeclarationTransition,
    DeclarationVersion,
    Pledge,
    PledgeStatus,
    PledgeTransition,
    PledgeUpdate,
    Signature,
    SignatureAction,
    SignatureLog,
)
from declarations.tasks import pledge_update_renditions, render_declaration_pdf
from discussion.services import threads_ensure
from summit.images import CleanImage, renditions_fill
from summit.models import City, Delegate, User
from summit.outbox import task_queue
from summit.pdf import render_pdf
from summit.transitions import transition_check

logger = logging.getLogger(__name__)

STATUS_FLOW = {
    DeclarationStatus.DRAFT: {DeclarationStatus.OPEN},
    DeclarationStatus.OPEN: {DeclarationStatus.ADOPTED},
    DeclarationStatus.ADOPTED: set(),
    DeclarationStatus.REFERENCE: set(),
}


class AlreadySigned(Exception):
    """The city has signed already (perhaps a moment ago, from another device)."""


class TextChanged(Exception):
    """The version on the confirmation page is no longer the text open for signature."""


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
    transition_check(STATUS_FLOW, declaration.status, to, "declaration")
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
    DeclarationTransition.objects.create(
        declaration=declaration, from_status=declaration.status, to_status=to, by=by, reason=reason
    )
    logger.info("Declaration %s: %s → %s by %s", declaration.slug, declaration.status, to, by)
    declaration.status = to
    declaration.save(update_fields=["status", "adopted_on"])
    _clause_threads_open(declaration)
    return declaration


def _signer_title(user: User, city: City) -> str:
    titles = set(Delegate.objects.filter(user=user, city=city).values_list("title", flat=True))
    return next(title for title in permissions.SIGNER_TITLES if title in titles)


@transaction.atomic
def declaration_sign(*, declaration: Declaration, city: City, by: User, version: DeclarationVersion) -> Signature:
    """The city's (deputy) mayor signs `version`, the text shown on the confirmation page.

    The declaration's row is locked, so two clicks (or two devices) for the same city cannot both sign; the unique
    constraint on (declaration, city) holds even if something else writes a signature.
    """
    declaration = Declaration.objects.select_for_update().get(pk=declaration.pk)
    if not permissions.can_sign(by, declaration, city):
        raise PermissionDenied
    if version.pk != getattr(latest_version(declaration), "pk", None):
        raise TextChanged
    if Signature.objects.filter(declaration=declaration, city=city).exists():
        raise AlreadySigned
    try:
        with transaction.atomic():
            signature = Signature.objects.create(
                declaration=declaration, city=city, version=version, signed_by=by,
                signer_title=_signer_title(by, city), signed_on=timezone.localdate(),
            )  # fmt: skip
    except IntegrityError as error:
        raise AlreadySigned from error
    SignatureLog.objects.create(
        declaration=declaration, city=city, action=SignatureAction.SIGNED, version=version, by=by
    )
    logger.info("%s signed %s (version %s) by %s", city, declaration.slug, version.number, by)
    return signature


@transaction.atomic
def signature_withdraw(*, signature: Signature, by: User, reason: str) -> None:
    """The city takes its signature back while the declaration is open; the log keeps that it signed and why it
    withdrew."""
    declaration = Declaration.objects.select_for_update().get(pk=signature.declaration_id)
    if not permissions.can_withdraw(by, signature):
        raise PermissionDenied
    SignatureLog.objects.create(
        declaration=declaration, city=signature.city, action=SignatureAction.WITHDRAWN, version=signature.version,
        by=by, reason=reason,
    )  # fmt: skip
    logger.info("%s withdrew from %s by %s: %s", signature.city, declaration.slug, by, reason)
    signature.delete()


@transaction.atomic
def signature_record_on_paper(
    *, declaration: Declaration, city: City, signed_on: datetime.date, by: User | None = None
) -> Signature:
    """A signature given on paper at the ceremony, recorded afterwards; the city signed the latest version."""
    latest = latest_version(declaration)
    signature, created = Signature.objects.get_or_create(
        declaration=declaration, city=city, defaults={"signed_on": signed_on, "on_paper": True, "version": latest}
    )
    if created:
        SignatureLog.objects.create(
            declaration=declaration, city=city, action=SignatureAction.RECORDED, version=latest, by=by,
            reason=f"Signed on paper on {signed_on.isoformat()}.",
        )  # fmt: skip
        logger.info("Paper signature of %s on %s recorded by %s", city, declaration.slug, by)
    return signature


PLEDGE_FLOW = {
    PledgeStatus.PLANNED: {PledgeStatus.IN_PROGRESS, PledgeStatus.DONE, PledgeStatus.DROPPED},
    PledgeStatus.IN_PROGRESS: {PledgeStatus.DONE, PledgeStatus.DROPPED},
    PledgeStatus.DONE: {PledgeStatus.IN_PROGRESS},
    PledgeStatus.DROPPED: {PledgeStatus.PLANNED},
}
PLEDGE_FIELDS = ["topic", "title", "description", "target_date"]


@transaction.atomic
def pledge_create(*, declaration: Declaration, city: City, by: User, data: dict) -> Pledge:
    """A pledge of a signatory city, by one of its delegates."""
    if city not in permissions.cities_to_pledge_for(by, declaration):
        raise PermissionDenied
    return _pledge_make(declaration=declaration, city=city, by=by, data=data, is_demo=False)


@transaction.atomic
def pledge_load_demo(*, declaration: Declaration, city: City, data: dict) -> Pledge:
    """A demo pledge (seed_demo), marked as demo content; loading it again changes nothing."""
    existing = Pledge.objects.filter(declaration=declaration, city=city, title=data["title"]).first()
    return existing or _pledge_make(declaration=declaration, city=city, by=None, data=data, is_demo=True)


@transaction.atomic
def pledge_progress_load_demo(*, pledge: Pledge, status: str, updates: list[dict]) -> Pledge:
    """A demo pledge's progress (seed_demo): its updates and its status, logged as demo data."""
    for update in updates:
        PledgeUpdate.objects.get_or_create(
            pledge=pledge, posted_on=datetime.date.fromisoformat(update["posted_on"]), defaults={"text": update["text"]}
        )
    if pledge.status != status:
        PledgeTransition.objects.create(
            pledge=pledge, from_status=pledge.status, to_status=status, reason="Demo data loaded by seed_demo."
        )
        Pledge.objects.filter(pk=pledge.pk).update(status=status)
    return pledge


def _pledge_make(*, declaration: Declaration, city: City, by: User | None, data: dict, is_demo: bool) -> Pledge:
    """The pledge and its discussion, which opens at once (official answers come from the pledging city)."""
    pledge = Pledge.objects.create(
        declaration=declaration, city=city, created_by=by, is_demo=is_demo,
        **{field: data[field] for field in PLEDGE_FIELDS},
    )  # fmt: skip
    threads_ensure(threads=[(pledge_key(pledge), pledge.title, city.pk)])
    logger.info("Pledge %s of %s created by %s", pledge.pk, city, by)
    return pledge


def pledge_key(pledge: Pledge) -> str:
    return f"pledge:{pledge.pk}"


@transaction.atomic
def pledge_update_post(
    *,
    pledge: Pledge,
    by: User,
    text: str,
    posted_on: datetime.date,
    photo: CleanImage | None = None,
    photo_alt: str = "",
) -> PledgeUpdate:
    """A progress report; a photo (cleaned by summit.images) gets its renditions from Celery after commit."""
    if not permissions.can_follow_up_pledge(by, pledge):
        raise PermissionDenied
    update = PledgeUpdate(pledge=pledge, text=text, posted_on=posted_on, by=by)
    if photo is not None:
        update.original.save(f"photo.{photo.extension}", photo.content, save=False)
        update.width, update.height, update.photo_alt = photo.width, photo.height, photo_alt
    update.save()
    Pledge.objects.filter(pk=pledge.pk).update(updated_at=timezone.now())
    if photo is not None:
        task_queue(pledge_update_renditions, update_id=update.pk)
    return update


@transaction.atomic
def pledge_update_renditions_make(*, update_id: int) -> None:
    """Make the missing renditions of one update's photo. Safe to run twice."""
    update = PledgeUpdate.objects.select_for_update().filter(pk=update_id).exclude(original="").first()
    if update is not None:
        renditions_fill(update)


@transaction.atomic
def pledge_status_set(*, pledge: Pledge, to: str, by: User, reason: str = "") -> Pledge:
    """planned → in progress → done, or dropped (a done pledge may reopen, a dropped one be taken up again)."""
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if not permissions.can_follow_up_pledge(by, pledge):
        raise PermissionDenied
    transition_check(PLEDGE_FLOW, pledge.status, to, "pledge")
    PledgeTransition.objects.create(pledge=pledge, from_status=pledge.status, to_status=to, by=by, reason=reason)
    pledge.status = to
    pledge.save(update_fields=["status", "updated_at"])
    return pledge


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
    transition_check(AMENDMENT_FLOW, amendment.status, to, "amendment")
    AmendmentTransition.objects.create(
        amendment=amendment, from_status=amendment.status, to_status=to, by=by, reason=reason
    )
    amendment.status = to
    amendment.decision_reason = reason
    amendment.save(update_fields=["status", "decision_reason"])


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
PDF_STALE_AFTER = datetime.timedelta(minutes=30)


def declaration_pdf_source(declaration: Declaration) -> str:
    """Which text and how many signatures the printed declaration shows; a new version or signature needs a new PDF."""
    version = latest_version(declaration)
    return f"{version.number if version else 0}:{declaration.signatures.count()}"


def declaration_pdf_is_ready(declaration: Declaration) -> bool:
    return bool(declaration.pdf) and declaration.pdf_source == declaration_pdf_source(declaration)


@transaction.atomic
def declaration_pdf_start(*, declaration: Declaration) -> Declaration:
    """Queue the PDF's rendering unless it is up to date or being prepared."""
    declaration = Declaration.objects.select_for_update().get(pk=declaration.pk)
    building = declaration.pdf_started_at and timezone.now() - declaration.pdf_started_at < PDF_STALE_AFTER
    if building or declaration_pdf_is_ready(declaration):
        return declaration
    declaration.pdf_started_at = timezone.now()
    declaration.save(update_fields=["pdf_started_at"])
    task_queue(render_declaration_pdf, declaration_id=declaration.pk)
    return declaration


def declaration_pdf_build(*, declaration_id: int) -> Declaration:
    """Render the text and every signatory as a tagged PDF/UA-1 document (language and title set); the file is
    written under a new name and the row switched last."""
    declaration = Declaration.objects.get(pk=declaration_id)
    source = declaration_pdf_source(declaration)
    if declaration.pdf and declaration.pdf_source == source:
        Declaration.objects.filter(pk=declaration_id).update(pdf_started_at=None)
        return declaration
    version = latest_version(declaration)
    # Grouped and ordered as the declaration's page lists them.
    with_text = selectors.declaration_with_text(slug=declaration.slug).get()
    by_country = selectors.signatures_by_country(declaration=with_text)
    context = {
        "declaration": {
            "title": declaration.title, "place": declaration.place, "language": declaration.language,
            "status": declaration.get_status_display(), "adopted_on": declaration.adopted_on, "note": declaration.note,
        },
        "version": version.number if version else 0,
        "clauses": version.clauses if version else [],
        "signature_total": sum(len(signatures) for _country, signatures in by_country),
        "countries": [
            (country, [{"city": s.city.name, "signed_on": s.signed_on, "title": s.get_signer_title_display(),
                        "on_paper": s.on_paper} for s in signatures])
            for country, signatures in by_country
        ],
    }  # fmt: skip
    rendered = render_pdf("declarations/pdf/declaration.html", context, variant="pdf/ua-1")
    with transaction.atomic():
        declaration = Declaration.objects.select_for_update().get(pk=declaration_id)
        declaration.pdf.save(
            f"{declaration.slug}-{source.replace(':', '-')}.pdf", ContentFile(rendered.content), save=False
        )
        declaration.pdf_source = source
        declaration.pdf_started_at = None
        declaration.save(update_fields=["pdf", "pdf_source", "pdf_started_at"])
    logger.info("PDF of %s rendered (%s)", declaration.slug, source)
    return declaration


def declaration_pdf_fail(*, declaration_id: int, error: str) -> None:
    """A rendering that gave up: the next request starts again; the PDF on file (if any) is kept."""
    Declaration.objects.filter(pk=declaration_id).update(pdf_started_at=None)
    logger.error("PDF of declaration %s failed: %s", declaration_id, error)
