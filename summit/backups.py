"""Backups of the whole installation: the database and every file in the media storage, with a manifest of
SHA-256 checksums, written by `manage.py backup <dir>` and read back by `manage.py restore <dir>`.

The database is dumped with its own tool, so the copy is consistent while the site keeps running: `pg_dump`
(custom format) on PostgreSQL, SQLite's online backup on the embedded database. Media is read and written through
Django's storage API, so a bucket works as well as a folder. A restore checks every checksum before it touches
anything, and goes only into an empty database. For production, keep PostgreSQL's own point-in-time recovery
(WAL archiving) as well: a nightly backup loses the day's writes, the WAL does not.
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import connection

MANIFEST = "manifest.json"
FORMAT = 1


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


@dataclass(frozen=True)
class BackupSummary:
    database: str
    media_files: int
    total_bytes: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_environment() -> tuple[list[str], dict]:
    """Connection arguments for pg_dump/pg_restore from Django's settings; the password goes in the environment."""
    db = connection.settings_dict
    arguments = ["--host", db["HOST"] or "localhost", "--port", str(db["PORT"] or 5432), "--username", db["USER"]]
    environment = {**os.environ, "PGPASSWORD": db["PASSWORD"]} if db["PASSWORD"] else dict(os.environ)
    return arguments, environment


def _media_names(folder: str = "") -> list[str]:
    """Every file in the media storage, with its path."""
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:  # no media yet
        return []
    names = [f"{folder}/{name}" if folder else name for name in files]
    for sub in folders:
        names += _media_names(f"{folder}/{sub}" if folder else sub)
    return sorted(names)


def backup_create(*, target: Path) -> BackupSummary:
    """Dump the database and copy the media into `target` (new or empty), then write the manifest last: a backup
    without a manifest is incomplete and restore refuses it."""
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty; back up into a new folder.")
    target.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "postgresql":
        database = "database.pgdump"
        arguments, environment = _pg_environment()
        command = ["pg_dump", "--format=custom", "--no-owner", "--file", str(target / database)]
        command += [*arguments, connection.settings_dict["NAME"]]
        subprocess.run(command, env=environment, check=True)  # noqa: S603 — arguments from our own settings
    elif connection.vendor == "sqlite":
        database = "database.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(target / database) as copy:
            connection.connection.backup(copy)
        copy.close()
    else:
        raise BackupError(f"No backup for the {connection.vendor} database.")
    files = {database: _sha256(target / database)}
    for name in _media_names():
        destination = target / "media" / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, destination.open("wb") as copy:
            shutil.copyfileobj(source, copy)
        files[f"media/{name}"] = _sha256(destination)
    manifest = {
        "format": FORMAT,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database": {"vendor": connection.vendor, "file": database},
        "files": files,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return BackupSummary(
        database=database,
        media_files=len(files) - 1,
        total_bytes=sum((target / name).stat().st_size for name in files),
    )


def backup_check(*, source: Path) -> dict:
    """The manifest of the backup in `source`, once every file in it is there with its checksum."""
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(f"{source} has no {MANIFEST}: it is not a backup, or an incomplete one.") from None
    except json.JSONDecodeError as error:
        raise BackupError(f"{source / MANIFEST} is damaged: {error}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{source} was written in format {manifest.get('format')}, this version reads {FORMAT}.")
    missing = [name for name in manifest["files"] if not (source / name).is_file()]
    changed = [
        name for name, digest in manifest["files"].items() if name not in missing and _sha256(source / name) != digest
    ]
    if missing or changed:
        problems = [f"missing: {name}" for name in missing] + [f"checksum differs: {name}" for name in changed]
        raise BackupError("The backup does not match its manifest; nothing was restored.\n" + "\n".join(problems))
    return manifest


def backup_restore(*, source: Path) -> BackupSummary:
    """Check the backup, then load its database into this (empty) database and its files into the media storage."""
    manifest = backup_check(source=source)
    database = manifest["database"]
    if database["vendor"] != connection.vendor:
        raise BackupError(f"This backup is of a {database['vendor']} database; this one is {connection.vendor}.")
    if connection.introspection.table_names():
        raise BackupError("The database is not empty. Restore into a new, empty database (and run no migrate first).")
    dump = source / database["file"]
    if connection.vendor == "postgresql":
        arguments, environment = _pg_environment()
        command = ["pg_restore", "--no-owner", "--exit-on-error", "--dbname", connection.settings_dict["NAME"]]
        command += [*arguments, str(dump)]
        subprocess.run(command, env=environment, check=True)  # noqa: S603 — arguments from our own settings
    else:
        connection.ensure_connection()
        with sqlite3.connect(dump) as backup:
            backup.backup(connection.connection)
        backup.close()
    media = [name for name in manifest["files"] if name.startswith("media/")]
    for name in media:
        stored_as = name.removeprefix("media/")
        if default_storage.exists(stored_as):
            default_storage.delete(stored_as)
        with (source / name).open("rb") as stream:
            saved = default_storage.save(stored_as, File(stream))
        if saved != stored_as:
            raise BackupError(f"The storage saved {stored_as} as {saved}.")
    return BackupSummary(
        database=database["file"],
        media_files=len(media),
        total_bytes=sum((source / name).stat().st_size for name in manifest["files"]),
    )
