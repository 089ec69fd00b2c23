"""Believable votes on the statements, so that /exhibition/opinions/ shows groups on a fresh `make run`: visitors
of three showings (Montréal's, and invented ones in Arnhem and Chemnitz) weigh each topic's commitments and most
dot-voted solutions. In Arnhem two camps split on the statements about streets and cars, and on every other
statement; elsewhere opinions are mixed. All votes
come from invented passes ("pass:demo-…") and are recomputed into groups at once."""

import datetime
import random

from exhibition import compile as pipeline
from exhibition import selectors
from exhibition.models import Showing
from exhibition.services.editions import plans_statements_sync
from opinions.models import Statement, Vote
from opinions.services import opinions_compute
from summit.models import City

SHOWINGS = {  # city: (title, language, people, camps)
    "Arnhem": ("Samen leven in Arnhem (demo)", "nl", 60, 2),
    "Chemnitz": ("Zusammenleben in Chemnitz (Demo)", "de", 40, 1),
    "Montréal": (None, "fr", 30, 1),
}
CAR_WORDS = ("car", "traffic", "street", "mobility", "parking", "bike", "cycl")


def _statements() -> list[Statement]:
    """The statements the next compile brings: each topic's commitments and top outcomes."""
    plans_statements_sync(pipeline.plan_edition(selectors.compile_sources()))
    return list(Statement.objects.filter(status="shown").order_by("id"))


def _showings(summit) -> list[str]:
    scopes = []
    for name, (title, language, _people, _camps) in SHOWINGS.items():
        city = City.objects.get(name=name)
        if title and not Showing.objects.filter(city=city).exists():
            Showing.objects.create(
                city=city, title=title, language=language, venue="Stadhuis" if language == "nl" else "Rathaus",
                starts_on=summit.ends_on + datetime.timedelta(days=90),
                ends_on=summit.ends_on + datetime.timedelta(days=120),
            )  # fmt: skip
        scopes.append(f"showing:{city.slug}")
    return scopes


def opinions_load(summit) -> int:
    """Votes for three showings, then the opinion groups. Returns how many votes there are."""
    statements = _statements()
    if not statements or Statement.objects.filter(votes__voter__startswith="pass:demo-").exists():
        return 0
    rng = random.Random(2019)  # noqa: S311 — invented votes, not secrets
    # The statements the camps split on: those about cars and streets, and every other one besides.
    cars = {s.pk for n, s in enumerate(statements) if n % 2 or any(word in s.text.lower() for word in CAR_WORDS)}
    votes = []
    for scope, (_title, _language, people, camps) in zip(_showings(summit), SHOWINGS.values(), strict=True):
        for person in range(people):
            camp = person % camps
            for statement in rng.sample(statements, k=min(len(statements), rng.randint(8, 14))):
                lean = (0.9 if camp == 0 else 0.1) if statement.pk in cars and camps > 1 else 0.7
                choice = 0 if rng.random() > 0.9 else (1 if rng.random() < lean else -1)
                votes.append(Vote(statement=statement, voter=f"pass:demo-{scope}-{person}", scope=scope,
                                  choice=choice))  # fmt: skip
    Vote.objects.bulk_create(votes, ignore_conflicts=True)
    opinions_compute()
    return sum(people for _title, _language, people, _camps in SHOWINGS.values())
