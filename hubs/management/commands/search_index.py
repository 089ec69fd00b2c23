"""Rebuild the search index from what is public now (after an upgrade, a restore or a bulk change in a shell)."""

from django.core.management.base import BaseCommand

from hubs.search.index import index_rebuild


class Command(BaseCommand):
    help = "Rebuild the search index: every public practice, outcome, clause, pledge, programme item, release, comment."

    def handle(self, *args, **options):
        count = index_rebuild()
        self.stdout.write(f"Search index: {count} entries.")
