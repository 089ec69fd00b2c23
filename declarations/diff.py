"""Word-level differences between two versions of a declaration's text, as plain data for the template.

Clauses are aligned first (a clause added, removed or changed); a changed clause is then compared word by word.
The page marks the changes with <ins> and <del> and a text label, so they read without colour and aloud.
"""

import difflib
import re
from dataclasses import dataclass

# Words, each punctuation mark and each run of spaces apart: "year," against "year" is an inserted comma, not a
# replaced word, and the spaces stay where they were.
WORDS = re.compile(r"\w+|[^\w\s]|\s+")


@dataclass(frozen=True)
class ClauseChange:
    old_number: int | None  # None: the clause is new
    new_number: int | None  # None: the clause was removed
    parts: list[tuple[str, str]]  # ("equal" | "insert" | "delete", text)

    @property
    def state(self) -> str:
        if self.old_number is None:
            return "added"
        if self.new_number is None:
            return "removed"
        return "changed" if any(op != "equal" for op, _text in self.parts) else "same"


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """The words of `old` and `new` as equal, deleted and inserted runs, in reading order."""
    before, after = WORDS.findall(old), WORDS.findall(new)
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(("equal", "".join(before[i1:i2])))
            continue
        if op in ("delete", "replace"):
            parts.append(("delete", "".join(before[i1:i2])))
        if op in ("insert", "replace"):
            parts.append(("insert", "".join(after[j1:j2])))
    return parts


def version_diff(old: list[str], new: list[str]) -> list[ClauseChange]:
    """Every clause of both versions, in order: unchanged, changed (word by word), added or removed."""
    changes = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            changes += [
                ClauseChange(i + 1, j + 1, [("equal", old[i])])
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            ]
            continue
        paired = min(i2 - i1, j2 - j1) if op == "replace" else 0
        for offset in range(paired):
            i, j = i1 + offset, j1 + offset
            changes.append(ClauseChange(i + 1, j + 1, word_diff(old[i], new[j])))
        changes += [ClauseChange(i + 1, None, [("delete", old[i])]) for i in range(i1 + paired, i2)]
        changes += [ClauseChange(None, j + 1, [("insert", new[j])]) for j in range(j1 + paired, j2)]
    return changes
