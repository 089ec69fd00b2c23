"""Themes: outcomes that say similar things, grouped, as pure functions from plain data (like compile.py).

Honest and extractive: a theme is only a group of participants' own outcomes, labelled by its most central one (a
participant's sentence, with its city). The machine groups, counts and orders; it writes nothing.

How: the distances of summit.similarity (TF-IDF over words and character n-grams, cosine), then agglomerative
clustering with average linkage cut at THEME_DISTANCE. No model is downloaded and nothing is random: the outcomes
are sorted by id first, so the same sources always give the same themes and content hashes.
"""

from summit.similarity import nearest_in_other_groups, text_distances

# Outcomes closer than this (cosine distance, average linkage) share a theme; tuned on tests/exhibition's corpus.
THEME_DISTANCE = 0.75
MIN_THEME_SIZE = 2


def themes_of(outcomes: list[dict]) -> list[dict]:
    """Group `outcomes` (dicts with id, text, city, votes and workshop) into themes of at least MIN_THEME_SIZE,
    most dot-votes first. Each theme: its label (the outcome closest to all the others), its outcomes, how many
    workshops and which cities raised it, and its dot-votes."""
    ordered = sorted(outcomes, key=lambda outcome: outcome["id"])
    if len(ordered) < MIN_THEME_SIZE:
        return []
    distances = text_distances([outcome["text"] for outcome in ordered])
    from sklearn.cluster import AgglomerativeClustering  # noqa: PLC0415 — heavy, loaded only by the compile

    labels = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=THEME_DISTANCE
    ).fit_predict(distances)
    groups: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        groups.setdefault(int(label), []).append(index)
    themes = []
    for members in groups.values():
        if len(members) < MIN_THEME_SIZE:
            continue
        centre = min(members, key=lambda i: (distances[i, members].mean(), -ordered[i]["votes"], ordered[i]["id"]))
        items = [ordered[i] for i in members]
        themes.append(
            {
                "label": ordered[centre],
                "outcomes": sorted(items, key=lambda o: (-o["votes"], o["id"])),
                "workshops": len({o["workshop"] for o in items}),
                "cities": sorted({o["city"] for o in items if o["city"]}),
                "votes": sum(o["votes"] for o in items),
            }
        )
    return sorted(themes, key=lambda t: (-t["votes"], -len(t["outcomes"]), t["label"]["id"]))


def related_of(practices: list[dict]) -> dict[int, list[dict]]:
    """For each practice (dicts with id, city, title, summary), up to three practices from other cities that do a
    similar thing, closest first, as {id: [{id, title, city}]}."""
    ordered = sorted(practices, key=lambda practice: practice["id"])
    nearest = nearest_in_other_groups([f"{p['title']} {p['summary']}" for p in ordered], [p["city"] for p in ordered])
    return {
        practice["id"]: [{key: ordered[other][key] for key in ("id", "title", "city")} for other in others]
        for practice, others in zip(ordered, nearest, strict=True)
    }
