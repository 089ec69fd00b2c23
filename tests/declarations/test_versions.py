import datetime
import re

import pytest

from declarations.diff import version_diff, word_diff
from declarations.models import DeclarationStatus
from declarations.services.texts import declaration_load

FIRST = ["Cities act locally.", "Mayors share what works.", "A clause that goes."]
SECOND = ["Cities act locally and together.", "Mayors share what works.", "Citizens take part."]


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_word_diff_marks_only_the_words_that_changed():
    assert word_diff("Cities act locally.", "Cities act locally and together.") == [
        ("equal", "Cities act locally"),
        ("insert", " and together"),
        ("equal", "."),
    ]
    # Punctuation is its own token, and the spaces stay with the words: nothing reads glued together.
    assert word_diff("We meet every year.", "We meet every year, in public, with citizens.") == [
        ("equal", "We meet every year"),
        ("insert", ", in public, with citizens"),
        ("equal", "."),
    ]
    assert word_diff("Act now together.", "Act together.") == [
        ("equal", "Act"),
        ("delete", " now"),
        ("equal", " together."),
    ]
    assert word_diff("Same text.", "Same text.") == [("equal", "Same text.")]


def test_version_diff_aligns_clauses_changed_added_and_removed():
    changes = version_diff(["One.", "Two.", "Three."], ["One.", "Two, amended.", "Three.", "Four."])

    assert [(change.old_number, change.new_number, change.state) for change in changes] == [
        (1, 1, "same"),
        (2, 2, "changed"),
        (3, 3, "same"),
        (None, 4, "added"),
    ]
    removed = version_diff(["One.", "Two."], ["One."])
    assert [(change.old_number, change.state) for change in removed] == [(1, "same"), (2, "removed")]


@pytest.mark.django_db
def test_history_lists_versions_and_the_diff_reads_without_colour(client):
    for clauses in (FIRST, SECOND):
        declaration_load(
            slug="duesseldorf-2019", title="Düsseldorf Declaration", place="Düsseldorf",
            status=DeclarationStatus.DRAFT, adopted_on=datetime.date(2019, 8, 31), note="", clauses=clauses,
        )  # fmt: skip

    history = text(client.get("/declarations/duesseldorf-2019/versions/"))
    diff = text(client.get("/declarations/duesseldorf-2019/diff/1/2/"))

    assert "Version 2" in history and "Version 1" in history
    assert history.count("31 August 2019") == 2  # the text's own date, not the day it was loaded
    assert 'href="/declarations/duesseldorf-2019/diff/1/2/"' in history
    assert 'locally<ins><span class="visually-hidden">[added:] </span> and together</ins>.' in diff
    assert "Mayors share what works." in diff
    assert "The two versions have the same text." in text(client.get("/declarations/duesseldorf-2019/diff/2/2/"))
    assert client.get("/declarations/duesseldorf-2019/diff/1/9/").status_code == 404
