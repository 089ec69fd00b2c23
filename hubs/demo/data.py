"""The demo's constants: where its data lies, its sizes, stable ids and accounts."""

import uuid
from pathlib import Path

from summit.models import (
    DelegateTitle,
)

SEED_DIR = Path(__file__).resolve().parents[1] / "seed"
LARGE_PRACTICES = 200
LARGE_OUTCOMES = 1000
# Stable UUIDs for demo outcomes, so that running seed_demo again updates instead of adding.
DEMO_NAMESPACE = uuid.UUID("6f1c1b7e-2019-4d0e-9a55-d0551d0f2019")
DEMO_PASSWORD = "living-together-2019"  # noqa: S105 - printed for demo sign-in, refused without DEBUG
DEMO_ACCOUNTS = [
    # email, name, role, city
    ("organiser@example.org", "Olga Organiser", "organiser", None),
    ("mayor.duesseldorf@example.org", "Demo Mayor of Düsseldorf", DelegateTitle.MAYOR, "Düsseldorf"),
    ("mayor.montreal@example.org", "Demo Mayor of Montréal", DelegateTitle.MAYOR, "Montréal"),
    ("facilitator@example.org", "Fatima Facilitator", "facilitator", None),
    ("citizen@example.org", "Chris Citizen", "citizen", None),
    ("moderator.montreal@example.org", "Marie Moderator", "showing moderator", "Montréal"),
]
# The seed file has no visibility flag; the mayors' dinner is the demo's delegates-only item.
DELEGATES_ONLY = {"Welcome dinner with keynote on the livable city"}


def other_languages(entry: dict[str, dict[str, str]]) -> dict[str, str]:
    """{"de": {"name": "…"}} from translations.json → {"name_de": "…"}, the columns django-modeltranslation adds."""
    return {f"{field}_{language}": text for language, fields in entry.items() for field, text in fields.items()}
