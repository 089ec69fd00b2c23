from django.core.management.base import BaseCommand
from django.utils import timezone

from delegations.services import passports_delete, passports_kept_until


class Command(BaseCommand):
    help = "Delete the delegates' passport numbers once PASSPORT_DATA_UNTIL (or 30 days after the summit) has passed."

    def handle(self, *args, **options):
        deleted = passports_delete(today=timezone.localdate())
        self.stdout.write(f"{deleted} passport numbers deleted (kept until {passports_kept_until()})")
