"""Opinion groups on planted data: the groups planted are found whatever the order of the votes, with what each
agrees on, what unites them and what divides them; too few participants give counts only."""

import random

import pytest

from opinions.clustering import MIN_PARTICIPANTS, opinion_groups

UNITING, DIVIDING = 1, 2
OWN = range(3, 11)  # statements 3-10


def planted(sizes=(30, 20), seed=1) -> list[tuple[str, int, int]]:
    """Groups that all agree on statement 1, split on statement 2, and each agree with half of 3-10."""
    rng = random.Random(seed)
    votes = []
    for group, size in enumerate(sizes):
        for person in range(size):
            voter = f"pass:{group}-{person}"
            votes.append((voter, UNITING, 1))
            votes.append((voter, DIVIDING, 1 if group == 0 else -1))
            for statement in OWN:
                mine = (statement % 2 == 0) == (group == 0)
                choice = (1 if mine else -1) if rng.random() > 0.1 else 0
                votes.append((voter, statement, choice))
    return votes


def test_the_planted_groups_are_found_in_any_order_of_the_votes():
    votes = planted()
    shuffled = votes[:]
    random.Random(7).shuffle(shuffled)

    found, again = opinion_groups(votes), opinion_groups(shuffled)

    assert [group["size"] for group in found["groups"]] == [30, 20]
    assert found["groups"] == again["groups"]
    assert found["groups"][0]["agrees"][:1] and set(found["groups"][0]["agrees"]) <= {UNITING, DIVIDING, 4, 6, 8, 10}
    assert set(found["groups"][1]["agrees"]) <= {UNITING, 3, 5, 7, 9}


def test_consensus_and_divisive_statements_are_the_planted_ones():
    result = opinion_groups(planted())

    assert result["consensus"] == [UNITING]
    assert DIVIDING in result["divisive"] and UNITING not in result["divisive"]
    assert result["counts"][UNITING] == {"agree": 50, "disagree": 0, "pass": 0}


def test_three_planted_groups_are_three():
    votes = []
    for group in range(3):
        for person in range(20):
            for statement in range(12):
                votes.append((f"{group}-{person}", statement, 1 if statement % 3 == group else -1))

    assert sorted(group["size"] for group in opinion_groups(votes)["groups"]) == [20, 20, 20]


def test_too_few_participants_or_votes_give_counts_only():
    few = planted(sizes=(8, 6))
    thin = [(voter, statement, choice) for voter, statement, choice in planted() if statement < 7]  # 6 votes each

    assert opinion_groups(few)["groups"] == [] and MIN_PARTICIPANTS > 8 + 6
    assert opinion_groups(few)["participants"] == 14
    assert opinion_groups(thin)["groups"] == [] and opinion_groups(thin)["clustered"] == 0


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_no_group_is_made_of_one_persons_votes(seed):
    result = opinion_groups(planted(seed=seed))

    assert all(group["size"] >= 15 for group in result["groups"])
