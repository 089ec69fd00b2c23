"""The Montréal reference and the Düsseldorf declaration with its signatories, the demo pledges, and the demo
draft with its amendment."""

import datetime

from declarations.models import AmendmentKind, Declaration, DeclarationStatus
from declarations.services.pledges import pledge_load_demo, pledge_progress_load_demo
from declarations.services.signing import signature_record_on_paper
from declarations.services.texts import amendment_propose, declaration_load
from summit.models import (
    City,
    Topic,
    User,
)


def declarations_load(declarations):
    """Montréal 2015 as the reference text; Düsseldorf 2019 open for signature with the 35 cities that signed it
    on paper at the closing ceremony."""
    cities = {city.name: city for city in City.objects.all()}
    for info in declarations:
        reference = info["slug"] == "montreal-2015"
        declaration = declaration_load(
            slug=info["slug"],
            title=info["title"],
            place=info["place"],
            status=DeclarationStatus.REFERENCE if reference else info["status"],
            adopted_on=datetime.date.fromisoformat(info["adopted_on"]),
            note=info["note"],
            clauses=info["clauses"],
        )
        if reference:
            continue
        for name in info["signatories"]:
            signature_record_on_paper(declaration=declaration, city=cities[name], signed_on=declaration.adopted_on)


def pledges_load(pledges):
    """A few invented pledges under the Düsseldorf declaration, marked as demo content, with their progress."""
    declaration = Declaration.objects.get(slug="duesseldorf-2019")
    for info in pledges:
        pledge = pledge_load_demo(
            declaration=declaration,
            city=City.objects.get(name=info["city"]),
            data={
                "topic": Topic.objects.get(slug=info["topic"]),
                "title": info["title"],
                "description": info["description"],
                "target_date": datetime.date.fromisoformat(info["target_date"]),
            },
        )
        if pledge.status != info["status"] or not pledge.updates.exists():
            pledge_progress_load_demo(pledge=pledge, status=info["status"], updates=info["updates"])


def demo_draft_load(data):
    """An invented draft declaration with one open amendment (when the demo accounts exist), so that the demo
    shows the amendments: the summit's own declaration is already open for signature."""
    info = data["declaration"]
    draft = declaration_load(
        slug=info["slug"], title=info["title"], place=info["place"], status=DeclarationStatus.DRAFT,
        adopted_on=None, note=info["note"], clauses=info["clauses"],
    )  # fmt: skip
    amendment = data["amendment"]
    proposer = User.objects.filter(email=amendment["proposer"]).first()
    if proposer is None or draft.amendments.exists():
        return
    amendment_propose(
        declaration=draft,
        city=proposer.delegations.get().city,
        by=proposer,
        kind=AmendmentKind.CHANGE,
        clause=draft.clauses.get(number=amendment["clause"]),
        text=amendment["text"],
        reason=amendment["reason"],
    )
