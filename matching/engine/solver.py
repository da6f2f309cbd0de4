"""The exact assignment: most mentees matched, then the highest total score.

A min-cost flow (OR-Tools): source -> mentee (capacity 1) -> mentor (capacity 1, cost minus
the pair's score) -> sink (capacity = mentor's room). `solve_max_flow_with_min_cost` finds a
maximum flow (the most matches) and, among maximum flows, the cheapest (the highest total
score), so no big-M bonus is needed and costs stay small. Scores are compared as integers
after scaling by 10**9 (fewer digits only when scores are huge), which is exact for scores
given with up to nine decimals.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow  # type: ignore[import-untyped, unused-ignore]

SCALE_DIGITS = 9
# OR-Tools rejects costs whose magnitude times (nodes + 1) could overflow int64; keep a margin.
_COST_BUDGET = 2**62


@dataclass(frozen=True, slots=True)
class Solution:
    """Chosen (mentee, mentor, score) triples sorted by mentee, and the mentees left over."""

    assignments: tuple[tuple[str, str, float], ...]
    unmatched: tuple[str, ...]
    matched: int
    total_score: float
    seconds: float


def solve(
    capacities: Mapping[str, int],
    mentees: Sequence[str],
    pairs: Sequence[tuple[str, str, float]],
) -> Solution:
    """The exact optimum: the most matched mentees, then the highest total score.

    Each mentee gets at most one mentor, mentor m at most capacities[m] mentees, and only
    listed pairs are used. The answer depends only on the input as sets: ids and pairs are
    put in a canonical order first. Raises ValueError for an unknown id, a duplicate mentee
    or pair, a negative or non-integer capacity, or a negative or non-finite score.
    """
    started = time.perf_counter()
    mentor_ids = sorted(capacities)
    mentee_ids = sorted(mentees)
    if len(set(mentee_ids)) != len(mentee_ids):
        raise ValueError("mentees: duplicate mentee id")
    capacity = _capacities(capacities, mentor_ids)
    mentee_at = {m: i for i, m in enumerate(mentee_ids)}
    mentor_at = {m: i for i, m in enumerate(mentor_ids)}
    tails, heads, scores = _pair_arrays(pairs, mentee_at, mentor_at)
    chosen = solve_indexed(capacity, len(mentee_ids), tails, heads, scores)
    chosen = chosen[np.argsort(tails[chosen], kind="stable")]
    assignments = tuple(
        (mentee_ids[tails[c]], mentor_ids[heads[c]], pairs[c][2]) for c in chosen.tolist()
    )
    matched = {a[0] for a in assignments}
    return Solution(
        assignments=assignments,
        unmatched=tuple(m for m in mentee_ids if m not in matched),
        matched=len(assignments),
        total_score=math.fsum(float(a[2]) for a in assignments),
        seconds=time.perf_counter() - started,
    )


def _capacities(capacities: Mapping[str, int], mentor_ids: list[str]) -> np.ndarray:
    for mentor in mentor_ids:
        value = capacities[mentor]
        if isinstance(value, bool) or not isinstance(value, int | np.integer):
            raise ValueError(f"capacities[{mentor!r}]: must be an integer")
        if value < 0:
            raise ValueError(f"capacities[{mentor!r}]: must not be negative")
    return np.array([capacities[m] for m in mentor_ids], np.int64)


def _pair_arrays(
    pairs: Sequence[tuple[str, str, float]],
    mentee_at: dict[str, int],
    mentor_at: dict[str, int],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    tails = np.empty(len(pairs), np.int64)
    heads = np.empty(len(pairs), np.int64)
    scores = np.empty(len(pairs))
    for i, (mentee, mentor, score) in enumerate(pairs):
        if mentee not in mentee_at:
            raise ValueError(f"pairs[{i}]: unknown mentee id {mentee!r}")
        if mentor not in mentor_at:
            raise ValueError(f"pairs[{i}]: unknown mentor id {mentor!r}")
        if isinstance(score, bool) or not isinstance(score, int | float | np.number):
            raise ValueError(f"pairs[{i}]: score must be a number")
        if not math.isfinite(score) or score < 0:
            raise ValueError(f"pairs[{i}]: score must be a finite number >= 0")
        tails[i], heads[i], scores[i] = mentee_at[mentee], mentor_at[mentor], score
    key = tails * max(len(mentor_at), 1) + heads
    unique, first = np.unique(key, return_index=True)
    if len(unique) != len(key):
        duplicate = np.setdiff1d(np.arange(len(key)), first)[0]
        raise ValueError(
            f"pairs[{duplicate}]: duplicate pair {pairs[duplicate][0]!r}, {pairs[duplicate][1]!r}"
        )
    return tails, heads, scores


def integer_scores(scores: np.ndarray, nodes: int) -> np.ndarray:
    """Scores as int64 costs: scaled by 10**9, or by less when that could overflow."""
    if len(scores) == 0:
        return np.zeros(0, np.int64)
    top = float(scores.max())
    for digits in range(SCALE_DIGITS, -1, -1):
        scale = 10**digits
        if (top * scale + 1) * (nodes + 1) < _COST_BUDGET:
            scaled: np.ndarray = np.rint(scores * scale)
            return scaled.astype(np.int64)
    raise ValueError("scores are too large to compare exactly")


def solve_indexed(
    capacity: np.ndarray,
    mentees: int,
    pair_mentee: np.ndarray,
    pair_mentor: np.ndarray,
    scores: np.ndarray,
) -> np.ndarray:
    """Positions (into the pair arrays) of an optimal set of pairs.

    Mentees are 0..mentees-1, mentors index `capacity`; inputs are assumed valid (no
    duplicate pairs, scores finite and >= 0). The graph is built in a canonical order, so
    the result does not depend on the order of the pairs.
    """
    pair_mentee = np.asarray(pair_mentee, np.int64)
    pair_mentor = np.asarray(pair_mentor, np.int64)
    capacity = np.asarray(capacity, np.int64)
    usable = np.flatnonzero(capacity[pair_mentor] > 0) if len(pair_mentor) else pair_mentor
    if len(usable) == 0:
        return np.zeros(0, np.int64)
    order = usable[np.lexsort((pair_mentor[usable], pair_mentee[usable]))]
    tails, heads = pair_mentee[order], pair_mentor[order]
    # Only mentees and mentors that appear in a usable pair become nodes.
    mentee_nodes, tail_node = np.unique(tails, return_inverse=True)
    mentor_nodes, head_node = np.unique(heads, return_inverse=True)
    source = 0
    first_mentor = 1 + len(mentee_nodes)
    sink = first_mentor + len(mentor_nodes)
    nodes = sink + 1
    costs = -integer_scores(np.asarray(scores, float)[order], nodes)

    flow = min_cost_flow.SimpleMinCostFlow()
    mentee_node_ids = np.arange(1, first_mentor, dtype=np.int32)
    mentor_node_ids = np.arange(first_mentor, sink, dtype=np.int32)
    room = np.minimum(capacity[mentor_nodes], np.bincount(head_node))
    flow.add_arcs_with_capacity_and_unit_cost(
        np.zeros(len(mentee_nodes), np.int32),
        mentee_node_ids,
        np.ones(len(mentee_nodes), np.int64),
        np.zeros(len(mentee_nodes), np.int64),
    )
    pair_arcs = flow.add_arcs_with_capacity_and_unit_cost(
        (1 + tail_node).astype(np.int32),
        (first_mentor + head_node).astype(np.int32),
        np.ones(len(order), np.int64),
        costs,
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        mentor_node_ids,
        np.full(len(mentor_nodes), sink, np.int32),
        room.astype(np.int64),
        np.zeros(len(mentor_nodes), np.int64),
    )
    supply = len(mentee_nodes)
    flow.set_nodes_supplies(
        np.array([source, sink], np.int32), np.array([supply, -supply], np.int64)
    )
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    used = np.asarray(flow.flows(np.asarray(pair_arcs))) > 0
    return np.sort(order[used])
