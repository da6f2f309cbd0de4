"""The exact solver: most matches first, then the highest total score."""

from __future__ import annotations

import itertools
import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.engine import solve


def brute_force(capacities, mentees, pairs):
    """The best (matched, total) by trying every choice of at most one pair per mentee."""
    options = {m: [None] for m in mentees}
    for pair in pairs:
        options[pair[0]].append(pair)
    best = (0, 0.0)
    for choice in itertools.product(*options.values()):
        chosen = [p for p in choice if p is not None]
        load = {}
        for _, mentor, _ in chosen:
            load[mentor] = load.get(mentor, 0) + 1
        if any(load[m] > capacities[m] for m in load):
            continue
        value = (len(chosen), math.fsum(p[2] for p in chosen))
        if value[0] > best[0] or (value[0] == best[0] and value[1] > best[1] + 1e-12):
            best = value
    return best


@st.composite
def instances(draw, max_mentees=5, max_mentors=3):
    mentees = [f"e{i}" for i in range(draw(st.integers(0, max_mentees)))]
    mentors = [f"m{i}" for i in range(draw(st.integers(0, max_mentors)))]
    capacities = {m: draw(st.integers(0, 2)) for m in mentors}
    possible = [(e, m) for e in mentees for m in mentors]
    chosen = draw(st.lists(st.sampled_from(possible), unique=True) if possible else st.just([]))
    # Scores on a 0.01 grid keep float sums exact enough to compare totals tightly.
    pairs = [(e, m, draw(st.integers(0, 100)) / 100) for e, m in chosen]
    return capacities, mentees, pairs


@settings(max_examples=300, deadline=None)
@given(instances())
def test_solve_matches_the_brute_force_optimum(instance):
    capacities, mentees, pairs = instance
    matched, total = brute_force(capacities, mentees, pairs)
    solution = solve(capacities, mentees, pairs)
    assert solution.matched == matched
    assert solution.total_score == pytest.approx(total, abs=1e-9)


@settings(max_examples=200, deadline=None)
@given(instances(max_mentees=8, max_mentors=4))
def test_solve_never_exceeds_a_mentor_capacity(instance):
    capacities, mentees, pairs = instance
    solution = solve(capacities, mentees, pairs)
    load = {}
    for _, mentor, _ in solution.assignments:
        load[mentor] = load.get(mentor, 0) + 1
    assert all(load[m] <= capacities[m] for m in load)


@settings(max_examples=200, deadline=None)
@given(instances(max_mentees=8, max_mentors=4))
def test_solve_only_uses_listed_pairs_and_each_mentee_once(instance):
    capacities, mentees, pairs = instance
    solution = solve(capacities, mentees, pairs)
    listed = {(e, m): s for e, m, s in pairs}
    assert all(listed[(e, m)] == s for e, m, s in solution.assignments)
    matched = [e for e, _, _ in solution.assignments]
    assert len(matched) == len(set(matched))
    assert set(matched) | set(solution.unmatched) == set(mentees)
    assert not set(matched) & set(solution.unmatched)


@settings(max_examples=100, deadline=None)
@given(instances(max_mentees=8, max_mentors=4), st.randoms(use_true_random=False))
def test_solve_gives_the_same_answer_for_shuffled_input(instance, rng):
    capacities, mentees, pairs = instance
    first = solve(capacities, mentees, pairs)
    shuffled_pairs = list(pairs)
    rng.shuffle(shuffled_pairs)
    shuffled_mentees = list(mentees)
    rng.shuffle(shuffled_mentees)
    shuffled_capacities = dict(rng.sample(sorted(capacities.items()), len(capacities)))
    second = solve(shuffled_capacities, shuffled_mentees, shuffled_pairs)
    assert second.matched == first.matched
    assert second.total_score == pytest.approx(first.total_score, abs=1e-12)
    assert second.assignments == first.assignments


def test_solve_gives_identical_output_for_identical_input():
    rng = random.Random(7)
    mentees = [f"e{i}" for i in range(60)]
    capacities = {f"m{i}": rng.randint(0, 3) for i in range(20)}
    pairs = [
        (e, m, rng.randint(0, 10) / 10) for e in mentees for m in capacities if rng.random() < 0.3
    ]
    first, second = solve(capacities, mentees, pairs), solve(capacities, mentees, pairs)
    assert first.assignments == second.assignments
    assert first.unmatched == second.unmatched


def test_solve_prefers_more_matches_over_a_higher_total():
    capacities = {"m1": 1, "m2": 1}
    pairs = [("e1", "m1", 1.0), ("e1", "m2", 0.9), ("e2", "m2", 0.1)]
    solution = solve(capacities, ["e1", "e2"], pairs)
    assert solution.matched == 2
    assert set(solution.assignments) == {("e1", "m1", 1.0), ("e2", "m2", 0.1)}


def test_solve_breaks_equal_counts_by_the_higher_total():
    capacities = {"m1": 2, "m2": 1}
    pairs = [("e1", "m1", 0.9), ("e2", "m1", 0.4), ("e2", "m2", 0.7), ("e3", "m2", 0.2)]
    solution = solve(capacities, ["e1", "e2", "e3"], pairs)
    assert solution.matched == 3
    assert solution.total_score == pytest.approx(1.5)


def test_solve_handles_empty_input():
    solution = solve({}, [], [])
    assert solution.assignments == ()
    assert solution.matched == 0
    assert solution.total_score == 0.0


def test_solve_leaves_mentees_without_pairs_or_room_unmatched():
    solution = solve({"m1": 0, "m2": 1}, ["e1", "e2", "e3"], [("e1", "m1", 0.9), ("e2", "m2", 0.5)])
    assert solution.assignments == (("e2", "m2", 0.5),)
    assert solution.unmatched == ("e1", "e3")


def test_solve_is_exact_with_large_and_tiny_scores():
    capacities = {"m1": 1}
    pairs = [("e1", "m1", 123456.000000001), ("e2", "m1", 123456.0)]
    solution = solve(capacities, ["e1", "e2"], pairs)
    assert solution.assignments == (("e1", "m1", 123456.000000001),)


def test_solve_reports_the_scores_as_given():
    solution = solve({"m1": 1}, ["e1"], [("e1", "m1", 0.123456789)])
    assert solution.assignments[0][2] == 0.123456789


@pytest.mark.parametrize(
    ("capacities", "mentees", "pairs", "message"),
    [
        ({"m1": 1}, ["e1"], [("e1", "m9", 0.5)], "unknown mentor id"),
        ({"m1": 1}, ["e1"], [("e9", "m1", 0.5)], "unknown mentee id"),
        ({"m1": -1}, ["e1"], [], "must not be negative"),
        ({"m1": 1}, ["e1"], [("e1", "m1", 0.5), ("e1", "m1", 0.6)], "duplicate pair"),
        ({"m1": 1}, ["e1"], [("e1", "m1", -0.1)], "finite number >= 0"),
        ({"m1": 1}, ["e1"], [("e1", "m1", float("nan"))], "finite number >= 0"),
        ({"m1": 1}, ["e1", "e1"], [], "duplicate mentee"),
    ],
)
def test_solve_rejects_invalid_input(capacities, mentees, pairs, message):
    with pytest.raises(ValueError, match=message):
        solve(capacities, mentees, pairs)


def test_solve_handles_a_thousand_mentees_quickly():
    rng = random.Random(3)
    mentees = [f"e{i:04d}" for i in range(1000)]
    capacities = {f"m{i:03d}": rng.randint(1, 5) for i in range(200)}
    mentors = sorted(capacities)
    pairs = [(e, m, rng.random()) for e in mentees for m in rng.sample(mentors, 30)]
    solution = solve(capacities, mentees, pairs)
    assert solution.matched == min(1000, sum(capacities.values()))
    assert solution.seconds < 5
