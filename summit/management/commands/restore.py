"""`manage.py restore <dir>`: a backup made by `manage.py backup`, into an empty database (see summit.backups)."""

import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from summit.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a backup into an empty database and the media storage, after checking every checksum."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="a folder written by `manage.py backup`")

    def handle(self, *args, directory: Path, **options):
        try:
            summary = backup_restore(source=directory)
        except (BackupError, subprocess.CalledProcessError, OSError) as error:
            raise CommandError(f"Restore failed: {error}") from error
        self.stdout.write(
            f"Restored the database ({summary.database}) and {summary.media_files} media files from {directory}"
        )
