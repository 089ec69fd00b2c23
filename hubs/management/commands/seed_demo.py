"""Load the demo summit (Düsseldorf 2019), demo practices and demo accounts. Safe to run again: it updates in place.

`--size large` adds 200 generated practices across all 36 cities and 1,000 outcomes across the five workshops,
for benchmarks.
"""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from hubs.demo.content import large_outcomes_load, large_practices_load, outcomes_load, practices_load, workshops_load
from hubs.demo.data import DEMO_ACCOUNTS, DEMO_PASSWORD, SEED_DIR
from hubs.demo.declarations import declarations_load, demo_draft_load, pledges_load
from hubs.demo.live import public_side_live_load
from hubs.demo.opinions import opinions_load
from hubs.demo.place import accounts_load, summit_load
from hubs.demo.protocol import protocol_load
from hubs.demo.public import events_load, showing_load
from hubs.search.index import index_rebuild


class Command(BaseCommand):
    help = "Load the demo summit (idempotent) and create demo accounts with a known password."

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-demo-accounts",
            action="store_true",
            help="Create the demo accounts even with DEBUG off (they have a published password).",
        )
        parser.add_argument("--no-accounts", action="store_true", help="Load the data only, no demo accounts.")
        parser.add_argument(
            "--size",
            choices=["demo", "large"],
            default="demo",
            help="large adds 200 generated practices across all cities (for benchmarks).",
        )

    def handle(self, *args, with_demo_accounts, no_accounts, size, **options):
        if not settings.DEBUG and not with_demo_accounts and not no_accounts:
            raise CommandError(
                "DEBUG is off: demo accounts with a known password would be created. "
                "Pass --no-accounts for the data only, or --with-demo-accounts if you really want them."
            )
        data = json.loads((SEED_DIR / "summit.json").read_text(encoding="utf-8"))
        translations = json.loads((SEED_DIR / "translations.json").read_text(encoding="utf-8"))
        practices = json.loads((SEED_DIR / "practices.json").read_text(encoding="utf-8"))["practices"]
        with transaction.atomic():
            summit = summit_load(data, translations)
            if not no_accounts:
                accounts_load()
            count = practices_load(practices)
            workshops = workshops_load(summit)
            outcomes = outcomes_load(workshops)
            showing_load(summit)
            events_load(summit)
            public_side_live_load(summit)
            declarations_load(data["declarations"])
            pledges_load(json.loads((SEED_DIR / "pledges.json").read_text(encoding="utf-8"))["pledges"])
            demo_draft_load(json.loads((SEED_DIR / "demo_draft.json").read_text(encoding="utf-8")))
            opinions_load(summit)
            protocol_load(summit)
            if size == "large":
                count += large_practices_load()
                outcomes += large_outcomes_load(workshops)
        index_rebuild()  # what was loaded in bulk sends no signal
        self.stdout.write(
            self.style.SUCCESS(f"Demo summit loaded: {summit.name}, {count} demo practices, {outcomes} outcomes")
        )
        if not no_accounts:
            self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
            labels = [(f"{role.replace('_', ' ')} of {city}" if city else role, email)
                      for email, _name, role, city in DEMO_ACCOUNTS]  # fmt: skip
            width = max(len(label) for label, _email in labels)
            for label, email in labels:
                self.stdout.write(f"  {label:<{width}}  {email}")
