"""Opinion groups from a vote matrix, as plain values (no database): who votes alike, what each group agrees on,
what unites all groups and what divides them.

The method (README, "What citizens think"): participants with at least MIN_VOTES votes make the rows, statements
the columns, Agree 1, Disagree -1, Pass and no vote 0. PCA takes the matrix to two dimensions; k-means groups the
points, with the number of groups (2 to 5) the one whose silhouette is best. Everything is sorted first and every
random choice seeded, so the same votes in any order give the same groups, numbered by size.

Limits: two dimensions keep the strongest oppositions and lose finer ones; k-means finds round groups of similar
size; a scope with fewer than MIN_PARTICIPANTS clustered participants shows counts only.
"""

from array import array
from collections.abc import Iterable

import numpy as np

MIN_VOTES = 7
MIN_PARTICIPANTS = 15
AGREED = 0.6  # a group agrees on a statement when this share of its voters on it agree
DIVIDES = 0.3  # a statement divides when the groups' shares agreeing lie this far apart
SILHOUETTE_SAMPLE = 2000
MAP_POINTS = 300  # per group, for the map
SHOWN = 5  # the statements that unite most, and that divide most


def _arrays(votes: Iterable[tuple[str, int, int]]) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """The votes as compact arrays (voter number, statement id, choice), one pass, with the voters numbered in the
    order of their keys so that the input's order changes nothing."""
    numbers: dict[str, int] = {}
    voters, statements, choices = array("l"), array("q"), array("b")
    for voter, statement, choice in votes:
        voters.append(numbers.setdefault(voter, len(numbers)))
        statements.append(statement)
        choices.append(choice)
    keys = sorted(numbers)
    rank = np.empty(len(keys), dtype=np.int64)
    rank[[numbers[key] for key in keys]] = np.arange(len(keys))
    return keys, rank[np.frombuffer(voters, dtype=np.int64)] if keys else np.zeros(0, dtype=np.int64), (
        np.frombuffer(statements, dtype=np.int64)), np.frombuffer(choices, dtype=np.int8)  # fmt: skip


def _counts(statements: np.ndarray, column: np.ndarray, choices: np.ndarray) -> dict[int, dict[str, int]]:
    """Agree, disagree and pass per statement, over everyone who voted."""
    size = len(statements)
    tallies = {name: np.bincount(column[choices == value], minlength=size)
               for name, value in (("agree", 1), ("disagree", -1), ("pass", 0))}  # fmt: skip
    return {int(statement): {name: int(tallies[name][i]) for name in tallies} for i, statement in enumerate(statements)}


def _shares(matrix: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Per statement, the share of `rows` who voted on it (Agree or Disagree) that agree; NaN where none did."""
    part = matrix[rows]
    voted = (part != 0).sum(axis=0)
    agreed = (part == 1).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(voted > 0, agreed / np.maximum(voted, 1), np.nan)


def _grouped(points: np.ndarray, distinct: int) -> np.ndarray:
    """k-means labels for 2 to 5 groups (at most as many as `distinct` ways of voting), the best silhouette's."""
    from sklearn.cluster import KMeans  # noqa: PLC0415 — heavy, loaded only by the nightly step
    from sklearn.metrics import silhouette_score  # noqa: PLC0415 — same

    best, best_score = None, -2.0
    for k in range(2, min(5, distinct, len(points) - 1) + 1):
        labels = KMeans(n_clusters=k, n_init=4, random_state=0).fit_predict(points)
        if min(np.bincount(labels, minlength=k)) < max(2, len(points) // 20):  # no group of one or two stray people
            continue
        sample = min(SILHOUETTE_SAMPLE, len(points))
        score = silhouette_score(points, labels, sample_size=sample, random_state=0)
        if score > best_score + 1e-9:
            best, best_score = labels, score
    return best if best is not None else np.zeros(len(points), dtype=int)


def opinion_groups(votes: Iterable[tuple[str, int, int]]) -> dict:
    """`votes` are (voter, statement id, choice). Returns counts per statement, and, with enough participants, the
        groups: their size, centre and points on the map, and the statements each agrees on; then the statements that
        unite every group (consensus: each group agrees, the most agreed first) and those that divide them most (the
    groups' shares agreeing furthest apart first), five of each."""
    keys, voters, statement_ids, choices = _arrays(votes)
    statements, column = np.unique(statement_ids, return_inverse=True)
    enough = np.flatnonzero(np.bincount(voters, minlength=len(keys)) >= MIN_VOTES)
    result = {"participants": len(keys), "clustered": len(enough), "counts": _counts(statements, column, choices),
              "groups": [], "consensus": [], "divisive": []}  # fmt: skip
    if len(enough) < MIN_PARTICIPANTS or len(statements) < 2:
        return result
    from sklearn.decomposition import PCA  # noqa: PLC0415 — heavy, loaded only by the nightly step

    row_of = np.full(len(keys), -1, dtype=np.int64)
    row_of[enough] = np.arange(len(enough))
    kept = row_of[voters] >= 0
    matrix = np.zeros((len(enough), len(statements)), dtype=np.int8)
    matrix[row_of[voters[kept]], column[kept]] = choices[kept]
    statements = [int(statement) for statement in statements]
    points = PCA(n_components=2, svd_solver="full").fit_transform(matrix.astype(np.float32))
    points[:, 0] *= 1 if points[:, 0].sum() >= 0 else -1  # a sign fixed by the data, not by the solver
    labels = _grouped(points, distinct=len(np.unique(matrix, axis=0)))  # people who voted alike are one point
    order = sorted(set(labels), key=lambda label: (-(labels == label).sum(), float(points[labels == label, 0].mean())))
    shares = [_shares(matrix, labels == label) for label in order]
    for number, label in enumerate(order, start=1):
        members = labels == label
        rest = _shares(matrix, ~members)
        own = shares[number - 1]
        agreed = [
            statements[i]
            for i in np.argsort(-np.nan_to_num(own))
            if own[i] >= AGREED and own[i] > np.nan_to_num(rest[i])
        ]
        result["groups"].append({
            "number": number, "size": int(members.sum()),
            "centre": [round(float(value), 3) for value in points[members].mean(axis=0)],
            "points": [[round(float(x), 3), round(float(y), 3)] for x, y in points[members][:MAP_POINTS]],
            "agrees": agreed,
        })  # fmt: skip
    table = np.vstack(shares)
    complete = ~np.isnan(table).any(axis=0)
    lowest, spread = table.min(axis=0), table.max(axis=0) - table.min(axis=0)
    united = [i for i in np.argsort(-lowest, kind="stable") if complete[i] and lowest[i] >= AGREED]
    divided = [
        i for i in np.argsort(-spread, kind="stable") if complete[i] and spread[i] >= DIVIDES and i not in united
    ]
    result["consensus"] = [statements[i] for i in united[:SHOWN]]
    result["divisive"] = [statements[i] for i in divided[:SHOWN]]
    return result
