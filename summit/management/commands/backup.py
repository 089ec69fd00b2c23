"""`manage.py backup <dir>`: the database and the media, with a manifest of checksums (see summit.backups)."""

import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from summit.backups import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database and every media file into a new folder, with a manifest of SHA-256 checksums."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="a new or empty folder")

    def handle(self, *args, directory: Path, **options):
        try:
            summary = backup_create(target=directory)
        except (BackupError, subprocess.CalledProcessError, OSError) as error:
            raise CommandError(f"Backup failed: {error}") from error
        self.stdout.write(
            f"Backed up the database ({summary.database}) and {summary.media_files} media files, "
            f"{summary.total_bytes / 1e6:.1f} MB, to {directory}"
        )
