"""Opinion groups from a vote matrix, as plain values (no database): who votes alike, what each group agrees on,
what unites all groups and what divides them.

The method (README, "What citizens think"): participants with at least MIN_VOTES votes make the rows, statements
the columns, Agree 1, Disagree -1, Pass and no vote 0. PCA takes the matrix to two dimensions; k-means groups the
points, with the number of groups (2 to 5) the one whose silhouette is best. Everything is sorted first and every
random choice seeded, so the same votes in any order give the same groups, numbered by size.

Limits: two dimensions keep the strongest oppositions and lose finer ones; k-means finds round groups of similar
size; a scope with fewer than MIN_PARTICIPANTS clustered participants shows counts only.
"""

from collections import Counter, defaultdict

import numpy as np

MIN_VOTES = 7
MIN_PARTICIPANTS = 15
AGREED = 0.6  # a group agrees on a statement when this share of its voters on it agree
DIVIDES = 0.3  # a statement divides when the groups' shares agreeing lie this far apart
SILHOUETTE_SAMPLE = 2000
MAP_POINTS = 300  # per group, for the map
SHOWN = 5  # the statements that unite most, and that divide most


def counts_of(votes: list[tuple[str, int, int]]) -> dict[int, dict[str, int]]:
    """Agree, disagree and pass per statement, over everyone who voted."""
    counts: dict[int, Counter] = defaultdict(Counter)
    for _voter, statement, choice in votes:
        counts[statement][{1: "agree", -1: "disagree", 0: "pass"}[choice]] += 1
    return {
        statement: {key: found[key] for key in ("agree", "disagree", "pass")} for statement, found in counts.items()
    }


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
        labels = KMeans(n_clusters=k, n_init=10, random_state=0).fit_predict(points)
        if min(np.bincount(labels, minlength=k)) < max(2, len(points) // 20):  # no group of one or two stray people
            continue
        sample = min(SILHOUETTE_SAMPLE, len(points))
        score = silhouette_score(points, labels, sample_size=sample, random_state=0)
        if score > best_score + 1e-9:
            best, best_score = labels, score
    return best if best is not None else np.zeros(len(points), dtype=int)


def opinion_groups(votes: list[tuple[str, int, int]]) -> dict:
    """`votes` are (voter, statement id, choice). Returns counts per statement, and, with enough participants, the
        groups: their size, centre and points on the map, and the statements each agrees on; then the statements that
        unite every group (consensus: each group agrees, the most agreed first) and those that divide them most (the
    groups' shares agreeing furthest apart first), five of each."""
    given: dict[str, dict[int, int]] = defaultdict(dict)
    for voter, statement, choice in votes:
        given[voter][statement] = choice
    voters = sorted(voter for voter, answers in given.items() if len(answers) >= MIN_VOTES)
    statements = sorted({statement for _voter, statement, _choice in votes})
    result = {"participants": len(given), "clustered": len(voters), "counts": counts_of(votes), "groups": [],
              "consensus": [], "divisive": []}  # fmt: skip
    if len(voters) < MIN_PARTICIPANTS or len(statements) < 2:
        return result
    from sklearn.decomposition import PCA  # noqa: PLC0415 — heavy, loaded only by the nightly step

    column = {statement: index for index, statement in enumerate(statements)}
    matrix = np.zeros((len(voters), len(statements)), dtype=np.int8)
    for row, voter in enumerate(voters):
        for statement, choice in given[voter].items():
            matrix[row, column[statement]] = choice
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
