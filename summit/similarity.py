"""How alike short texts are, in any of the summit's languages: the one place that turns texts into distances.

TF-IDF over word unigrams and bigrams and over character 3- to 5-grams within word boundaries (German compounds,
French elisions and English plurals still meet), accents folded, then cosine distances (0 the same words, 1
nothing in common). No model is downloaded; the same texts in the same order give the same distances.

scikit-learn and SciPy are imported where they are used: they take most of a second to load, which every web
process and command would otherwise pay at start-up for pages that never compare texts.
"""


def text_distances(texts: list[str]):
    """A square matrix of cosine distances between `texts` (a NumPy array)."""
    from scipy.sparse import hstack  # noqa: PLC0415 — heavy, loaded only where texts are compared
    from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: PLC0415 — same
    from sklearn.metrics.pairwise import cosine_distances  # noqa: PLC0415 — same

    words = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), strip_accents="unicode", sublinear_tf=True)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), strip_accents="unicode", sublinear_tf=True)
    features = hstack([words.fit_transform(texts), chars.fit_transform(texts)]).tocsr()
    return cosine_distances(features)


# Texts further apart than this are not offered as related; at most this many are.
RELATED_DISTANCE = 0.85
RELATED_COUNT = 3


def nearest_in_other_groups(texts: list[str], groups: list) -> list[list[int]]:
    """For each text, the indexes of up to RELATED_COUNT texts of another group (another city) closer than
    RELATED_DISTANCE, closest first (ties by index, so the same input gives the same answer)."""
    if len(texts) < 2:
        return [[] for _text in texts]
    distances = text_distances(texts)
    nearest = []
    for index, group in enumerate(groups):
        ranked = sorted(
            (distances[index, other], other)
            for other in range(len(texts))
            if groups[other] != group and distances[index, other] < RELATED_DISTANCE
        )
        nearest.append([other for _distance, other in ranked[:RELATED_COUNT]])
    return nearest
