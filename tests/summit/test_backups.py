"""Backup and restore: a fresh database and media folder restored from a backup serve the same exhibition, byte
for byte; a damaged backup is refused before anything is touched."""

import os
import subprocess
import sys
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from discussion.models import Thread
from discussion.services import comment_post
from exhibition.services.editions import compile_inline
from tests.processes import ROOT, Browser, process_env, web_server

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.processes]

PAGES = [
    "/exhibition/",
    "/exhibition/topics/healthy-cities/",
    "/exhibition/editions/1/",
    "/exhibition/editions/1/catalogue.pdf",
    "/exhibition/editions/1/posters/healthy-cities.pdf",
]


def served(env) -> dict[str, bytes]:
    with web_server(env) as port:
        browser = Browser(port)
        return {path: browser.request_bytes("GET", path) for path in PAGES}


@pytest.fixture
def fresh_database():
    """An empty PostgreSQL database of its own, dropped afterwards."""
    name = f"lts_restore_{uuid.uuid4().hex[:8]}"
    db = connection.settings_dict
    server = ["--host", db["HOST"], "--port", str(db["PORT"] or 5432), "--username", db["USER"]]
    subprocess.run(["createdb", *server, name], check=True)
    yield f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{name}"
    subprocess.run(["dropdb", "--if-exists", *server, name], check=True)


def test_a_restored_backup_serves_the_same_exhibition_byte_for_byte(sources, citizen, tmp_path, fresh_database):
    edition = compile_inline().edition
    comment_post(thread=Thread.objects.get(key="topic:healthy-cities"), user=citizen, body="Shade, please.")
    original = served(process_env())

    call_command("backup", str(tmp_path / "backup"))
    restored_env = process_env(DATABASE_URL=fresh_database, MEDIA_ROOT=str(tmp_path / "restored-media"))
    restore = subprocess.run(
        [sys.executable, "manage.py", "restore", str(tmp_path / "backup")],
        cwd=ROOT, env=restored_env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    restored = served(restored_env)

    assert restore.returncode == 0, restore.stderr
    assert "Restored the database" in restore.stdout
    assert edition.catalogue and b"Shade, please." in original["/exhibition/topics/healthy-cities/"]
    for path in PAGES:
        assert restored[path] == original[path], path


def test_a_damaged_backup_is_refused_and_names_the_file(sources, tmp_path):
    compile_inline()
    call_command("backup", str(tmp_path / "backup"))
    poster = next((tmp_path / "backup" / "media").rglob("*.pdf"))
    poster.write_bytes(poster.read_bytes()[:-10])

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(tmp_path / "backup"))

    assert "checksum differs: media/" in str(refused.value) and poster.name in str(refused.value)


def test_restore_refuses_a_database_that_is_not_empty(sources, tmp_path):
    call_command("backup", str(tmp_path / "backup"))

    with pytest.raises(CommandError, match="The database is not empty"):
        call_command("restore", str(tmp_path / "backup"))


def test_backup_refuses_a_folder_that_is_not_empty(db, tmp_path):
    (tmp_path / "notes.txt").write_text("mine")

    with pytest.raises(CommandError, match="is not empty"):
        call_command("backup", str(tmp_path))


def test_the_embedded_database_is_backed_up_and_restored_into_a_new_file(sources, citizen, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("The embedded database's own path; PostgreSQL's is tested above.")
    edition = compile_inline().edition
    comment_post(thread=Thread.objects.get(key="topic:healthy-cities"), user=citizen, body="Shade, please.")
    call_command("backup", str(tmp_path / "backup"))
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'restored.sqlite3'}",
           "MEDIA_ROOT": str(tmp_path / "restored-media")}  # fmt: skip

    subprocess.run([sys.executable, "manage.py", "restore", str(tmp_path / "backup")], cwd=ROOT, env=env, check=True)
    check = subprocess.run(
        [sys.executable, "manage.py", "shell", "--verbosity", "0", "-c",
         "from discussion.models import Comment; from exhibition.models import Edition; "
         "print(Comment.objects.get().body, Edition.objects.get(is_current=True).catalogue.name)"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip

    assert check.stdout.strip() == f"Shade, please. {edition.catalogue.name}"
    restored = tmp_path / "restored-media" / edition.catalogue.name
    with edition.catalogue.open("rb") as original:
        assert restored.read_bytes() == original.read()
