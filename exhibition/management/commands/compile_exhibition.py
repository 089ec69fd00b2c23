from django.core.management.base import BaseCommand, CommandError

from exhibition.services.editions import compile_inline


class Command(BaseCommand):
    help = "Compile a new exhibition edition in this process (the nightly Celery job runs the same steps)."

    def handle(self, *args, **options):
        start = compile_inline()
        if start.outcome == "no_changes":
            self.stdout.write("no changes")
        elif start.outcome == "running":
            self.stdout.write(f"a compile is already running (edition {start.edition.number})")
        elif start.edition.status == "failed":
            raise CommandError(f"Edition {start.edition.number}: failed: {start.edition.error}")
        else:
            self.stdout.write(f"Edition {start.edition.number}: {start.edition.status}")
