"""How each kind of poll is counted: plain answers in, the results the screen and the exhibition show out."""

import pytest

from rooms.counting import borda, choices_tally, scale_tally, word_cloud

OPTIONS = [(1, "Trees"), (2, "Benches"), (3, "Water")]


def test_choices_count_each_answer_once_per_option_in_the_options_order():
    tally = choices_tally(OPTIONS, [[1], [1, 3], [3, 3], []])

    assert tally == [{"label": "Trees", "count": 2}, {"label": "Benches", "count": 0}, {"label": "Water", "count": 2}]


def test_a_scale_counts_every_point_and_its_mean_and_ignores_what_is_off_the_scale():
    tally = scale_tally(range(1, 6), [1, 5, 5, 3, 9])

    assert [bar["count"] for bar in tally["bars"]] == [1, 0, 1, 0, 2]
    assert tally["mean"] == 3.5
    assert scale_tally(range(0, 11), [])["mean"] is None


def test_borda_gives_n_minus_one_points_to_the_first_and_nothing_to_a_left_out_option():
    rankings = [[1, 2, 3], [2, 1, 3], [2, 3, 1], [3]]  # the last ranks one option only: 2 points for Water

    assert borda(OPTIONS, rankings) == [
        {"label": "Benches", "points": 5},
        {"label": "Trees", "points": 3},
        {"label": "Water", "points": 3},  # a tie keeps the options' order
    ]


def test_borda_ignores_repeated_and_unknown_options_in_a_ranking():
    assert borda(OPTIONS, [[3, 3, 99, 1]]) == [
        {"label": "Water", "points": 2},
        {"label": "Trees", "points": 1},
        {"label": "Benches", "points": 0},
    ]


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (
            [("More TREES and shade", "en"), ("trees, the trees!", "en"), ("Shade for the elderly", "en")],
            [("shade", 2), ("trees", 2), ("elderly", 1)],
        ),
        (
            [("Mehr Bäume für die Straße", "de"), ("mehr baume", "de"), ("Bäume und Wasser", "de")],
            [("Bäume", 3), ("mehr", 2), ("Straße", 1), ("Wasser", 1)],
        ),
        (
            [("L'école et les arbres", "fr"), ("Des ARBRES à l'ecole", "fr"), ("De l'eau", "fr")],
            [("arbres", 2), ("école", 2), ("eau", 1)],
        ),
    ],
    ids=["English", "German", "French"],
)
def test_the_word_cloud_counts_a_word_once_however_it_is_typed_and_leaves_out_stop_words(answers, expected):
    cloud = word_cloud(answers)

    assert [(word["word"], word["count"]) for word in cloud] == expected


def test_the_word_cloud_counts_a_word_once_per_answer_and_keeps_the_most_said():
    answers = [("green green green", "en"), ("benches", "en")] + [(f"{word} parks", "en") for word in "abcdefgh"]

    cloud = word_cloud(answers, size=3)

    assert cloud[0] == {"word": "parks", "count": 8}
    assert cloud[1:] == [{"word": "benches", "count": 1}, {"word": "green", "count": 1}]  # once per answer
    assert len(word_cloud(answers)) == 3  # single letters are not words
