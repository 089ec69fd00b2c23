"""How a poll's answers are counted, from plain values to plain results (no database): choices, a scale, a word
cloud and a Borda ranking. The screen, the console and the exhibition all show what these return.
"""

import re
import unicodedata
from collections import Counter, defaultdict

from rooms.stopwords import STOP_WORDS

WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
CLOUD_SIZE = 40


def choices_tally(options: list[tuple[int, str]], answers: list[list[int]]) -> list[dict]:
    """Each option with how many answers picked it, in the options' order."""
    counts = Counter(option for picked in answers for option in set(picked))
    return [{"label": text, "count": counts[pk]} for pk, text in options]


def scale_tally(values: range, answers: list[int]) -> dict:
    """Each point of the scale with its count, and the mean (None without answers)."""
    counts = Counter(answer for answer in answers if answer in values)
    total = sum(counts.values())
    mean = round(sum(value * count for value, count in counts.items()) / total, 1) if total else None
    return {"bars": [{"label": str(value), "count": counts[value]} for value in values], "mean": mean}


def word_key(word: str) -> str:
    """One word however it was typed: case folded, accents dropped ("Café", "cafe" and "CAFÉ" are one)."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words_of(text: str, language: str) -> list[tuple[str, str]]:
    """(key, word as typed) for each word of an answer that is not a stop-word of its language."""
    stop = STOP_WORDS.get(language, STOP_WORDS["en"])
    found = []
    for word in WORD.findall(text):
        key = word_key(word)
        if len(key) > 1 and key not in stop:
            found.append((key, word))
    return found


def word_cloud(answers: list[tuple[str, str]], size: int = CLOUD_SIZE) -> list[dict]:
    """The room's words from (text, language) answers, most said first: each word counted once per answer, shown
    as most people typed it; between spellings typed as often, the one with its accents ("Bäume" over "baume"),
    then the lower-case one (a capital at the start of an answer says nothing)."""
    counts: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for text, language in answers:
        seen = dict(words_of(text, language))
        counts.update(seen.keys())
        for key, word in seen.items():
            spellings[key][word] += 1
    cloud = []
    for key, count in sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))[:size]:
        typed = spellings[key]
        shown = max(typed, key=lambda word: (typed[word], sum(not char.isascii() for char in word), word.islower()))
        cloud.append({"word": shown, "count": count})
    return cloud


def borda(options: list[tuple[int, str]], rankings: list[list[int]]) -> list[dict]:
    """A Borda count: in each ranking of n options the first gets n - 1 points, the last 0; an option a ranking
    leaves out gets nothing from it. Most points first, ties in the options' order."""
    order = {pk: position for position, (pk, _text) in enumerate(options)}
    points = Counter(dict.fromkeys(order, 0))
    for ranking in rankings:
        ranked = [pk for pk in dict.fromkeys(ranking) if pk in order]
        for place, pk in enumerate(ranked):
            points[pk] += len(order) - 1 - place
    text = dict(options)
    ranked = sorted(order, key=lambda pk: (-points[pk], order[pk]))
    return [{"label": text[pk], "points": points[pk]} for pk in ranked]
