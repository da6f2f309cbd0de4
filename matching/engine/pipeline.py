"""The whole matching of one round: candidates, the exact solve, repairs, and the result.

`match` scores every feasible (mentee, mentor) pair, keeps each mentee's best
`policy.max_candidates` (then offers still-unmatched mentees the mentors who have room left),
and solves the assignment exactly over those pairs: the most mentees matched, then the
highest total score. `solve` is the exact solver on its own.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from .batch import BatchScorer
from .candidates import Candidates, generate
from .constraints import MentorIndex
from .explain import Funnel, Unmatched, explain
from .policy import Policy
from .profiles import MenteeProfile, MentorProfile, Taxonomy
from .scoring import PreparedMentee, ScoreBreakdown, Scorer
from .solver import solve_indexed

_Profile = TypeVar("_Profile", MentorProfile, MenteeProfile)


@dataclass(frozen=True, slots=True)
class Assignment:
    """A proposed pair, its score (as the solver used it) and why."""

    mentee: str
    mentor: str
    score: float
    breakdown: ScoreBreakdown

    @property
    def reasons(self) -> tuple[str, ...]:
        """The breakdown's reasons in words."""
        return self.breakdown.reasons


@dataclass(frozen=True, slots=True)
class UnmatchedMentee:
    """A mentee left without a mentor, with a reason code and sentence."""

    mentee: str
    reason: str
    code: Unmatched
    funnel: Funnel


@dataclass(frozen=True, slots=True)
class MatchStats:
    """Sizes and totals of one run."""

    mentees: int
    mentors: int
    matched: int
    total_score: float
    seconds: float
    candidate_pairs: int
    rounds: int


@dataclass(frozen=True, slots=True)
class CandidatePairs:
    """The pairs the solver saw, as arrays of positions into the sorted id lists."""

    mentee_ids: tuple[str, ...]
    mentor_ids: tuple[str, ...]
    mentee: np.ndarray
    mentor: np.ndarray
    score: np.ndarray

    def __len__(self) -> int:
        return len(self.score)

    def triples(self) -> list[tuple[str, str, float]]:
        """(mentee id, mentor id, score) for each pair: the input `solve` takes."""
        mentees, mentors = self.mentee_ids, self.mentor_ids
        return [
            (mentees[e], mentors[m], s)
            for e, m, s in zip(
                self.mentee.tolist(), self.mentor.tolist(), self.score.tolist(), strict=True
            )
        ]


@dataclass(frozen=True, slots=True)
class MatchResult:
    """Assignments sorted by mentee id, unmatched mentees sorted by id, and stats.

    pairs holds the candidate pairs when `match` was asked to keep them.
    """

    assignments: tuple[Assignment, ...]
    unmatched: tuple[UnmatchedMentee, ...]
    stats: MatchStats
    pairs: CandidatePairs | None = None


class _Run:
    """The state shared by the steps of one `match` call."""

    def __init__(
        self,
        mentors: Sequence[MentorProfile],
        mentees: Sequence[MenteeProfile],
        taxonomy: Taxonomy | None,
        policy: Policy | None,
        exclusions: Iterable[tuple[str, str]],
    ) -> None:
        self.policy = policy or Policy()
        # Sorting by id makes the result independent of the order profiles arrive in.
        self.mentors = _sorted_unique(mentors, "mentor")
        self.mentees = _sorted_unique(mentees, "mentee")
        self.scorer = Scorer(self.mentors, taxonomy or Taxonomy(), self.policy)
        self.index = MentorIndex(self.mentors)
        self.prepared = [self.scorer.prepare(m) for m in self.mentees]
        self.batch = BatchScorer(self.scorer)
        self.exclusions = self._exclusion_index(exclusions)

    def _exclusion_index(self, exclusions: Iterable[tuple[str, str]]) -> dict[int, list[int]]:
        mentor_at = {m.id: i for i, m in enumerate(self.mentors)}
        mentee_at = {m.id: i for i, m in enumerate(self.mentees)}
        index: dict[int, list[int]] = {}
        for mentee, mentor in exclusions:
            # Pairs naming someone outside this round cannot arise, so they are skipped.
            if mentee in mentee_at and mentor in mentor_at:
                index.setdefault(mentee_at[mentee], []).append(mentor_at[mentor])
        return index

    def generate(
        self, subset: np.ndarray | None = None, room: np.ndarray | None = None
    ) -> Candidates:
        # Repair passes (with a subset) also keep each mentor's favourites, so similar
        # mentees who all rank the same few mentors first still reach every mentor with room.
        return generate(
            self.batch,
            self.index,
            self.prepared,
            self.policy,
            self.exclusions,
            subset,
            room,
            per_mentor=subset is not None,
        )


def match(
    mentors: Sequence[MentorProfile],
    mentees: Sequence[MenteeProfile],
    taxonomy: Taxonomy | None = None,
    policy: Policy | None = None,
    exclusions: Iterable[tuple[str, str]] = (),
    *,
    keep_pairs: bool = False,
) -> MatchResult:
    """Propose mentors for mentees: the most mentees matched, then the best total score.

    exclusions are (mentee id, mentor id) pairs never to propose. The optimum is exact over
    the candidate pairs: each mentee's best `policy.max_candidates` feasible mentors, plus,
    for mentees still unmatched, their best mentors among those with room left (repeated up
    to `policy.repair_rounds` times). With max_candidates=None every feasible pair is used
    and the result is the exact optimum over all pairs. keep_pairs=True also returns the
    candidate pairs the solver saw (`result.pairs.triples()`). Raises ValueError on
    duplicate ids.
    """
    started = time.perf_counter()
    run = _Run(mentors, mentees, taxonomy, policy, exclusions)
    candidates = run.generate()
    pairs = [candidates.mentee], [candidates.mentor], [candidates.score]
    kept = candidates.counts["kept"].copy()
    chosen, flat = _solve(run, pairs)
    rounds, outside = 1, np.zeros(len(run.mentees), bool)
    while run.policy.max_candidates is not None:
        todo, room = _waiting(run, candidates, kept, flat, chosen)
        if len(todo) == 0:
            break
        extra = run.generate(todo, room)
        if len(extra.mentee) == 0:
            break
        if rounds > run.policy.repair_rounds:
            outside[np.unique(extra.mentee)] = True
            break
        for collected, new in zip(pairs, (extra.mentee, extra.mentor, extra.score), strict=True):
            collected.append(new)
        kept += extra.counts["kept"]
        chosen, flat = _solve(run, pairs)
        rounds += 1
    assignments = _assignments(run, flat, chosen)
    unmatched = _unmatched(run, candidates, {a.mentee for a in assignments}, outside)
    return MatchResult(
        assignments=assignments,
        unmatched=unmatched,
        stats=MatchStats(
            mentees=len(run.mentees),
            mentors=len(run.mentors),
            matched=len(assignments),
            total_score=math.fsum(a.score for a in assignments),
            seconds=time.perf_counter() - started,
            candidate_pairs=len(flat[0]),
            rounds=rounds,
        ),
        pairs=_candidate_pairs(run, flat) if keep_pairs else None,
    )


def candidate_pairs(
    mentors: Sequence[MentorProfile],
    mentees: Sequence[MenteeProfile],
    taxonomy: Taxonomy | None = None,
    policy: Policy | None = None,
    exclusions: Iterable[tuple[str, str]] = (),
) -> list[tuple[str, str, float]]:
    """The first-pass candidate pairs `match` scores, as (mentee, mentor, score) triples."""
    run = _Run(mentors, mentees, taxonomy, policy, exclusions)
    found = run.generate()
    return _candidate_pairs(run, (found.mentee, found.mentor, found.score)).triples()


def _candidate_pairs(run: _Run, flat: tuple[np.ndarray, np.ndarray, np.ndarray]) -> CandidatePairs:
    return CandidatePairs(tuple(m.id for m in run.mentees), tuple(m.id for m in run.mentors), *flat)


def _sorted_unique(profiles: Sequence[_Profile], kind: str) -> list[_Profile]:
    ordered = sorted(profiles, key=lambda p: p.id)
    for before, after in itertools.pairwise(ordered):
        if before.id == after.id:
            raise ValueError(f"duplicate {kind} id {after.id!r}")
    return ordered


def _solve(
    run: _Run, pairs: tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray]]
) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    mentee, mentor, score = (np.concatenate(p) for p in pairs)
    flat = mentee, mentor, score
    chosen = solve_indexed(run.index.capacity, len(run.mentees), *flat)
    return chosen, flat


def _waiting(
    run: _Run,
    candidates: Candidates,
    kept: np.ndarray,
    flat: tuple[np.ndarray, np.ndarray, np.ndarray],
    chosen: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Unmatched mentees with feasible mentors they were not offered, and who has room."""
    matched = np.zeros(len(run.mentees), bool)
    matched[flat[0][chosen]] = True
    load = np.bincount(flat[1][chosen], minlength=len(run.mentors))
    room = run.index.capacity - load > 0
    if not room.any():
        return np.zeros(0, np.int64), room
    todo = np.flatnonzero(~matched & (candidates.counts["above_min"] > kept))
    return todo, room


def _assignments(
    run: _Run, flat: tuple[np.ndarray, np.ndarray, np.ndarray], chosen: np.ndarray
) -> tuple[Assignment, ...]:
    order = chosen[np.argsort(flat[0][chosen], kind="stable")]
    result = []
    for c in order.tolist():
        mentee, mentor = int(flat[0][c]), int(flat[1][c])
        result.append(
            Assignment(
                mentee=run.mentees[mentee].id,
                mentor=run.mentors[mentor].id,
                score=float(flat[2][c]),
                breakdown=run.scorer.breakdown(run.prepared[mentee], mentor),
            )
        )
    return tuple(result)


def _unmatched(
    run: _Run, candidates: Candidates, matched: set[str], outside: np.ndarray
) -> tuple[UnmatchedMentee, ...]:
    result = []
    for position, mentee in enumerate(run.mentees):
        if mentee.id in matched:
            continue
        funnel = _funnel(run, candidates, position, bool(outside[position]))
        explanation = explain(mentee, funnel, run.policy.min_score)
        result.append(UnmatchedMentee(mentee.id, explanation.text, explanation.code, funnel))
    return tuple(result)


def _funnel(run: _Run, candidates: Candidates, position: int, outside: bool) -> Funnel:
    counts = {name: int(values[position]) for name, values in candidates.counts.items()}
    conflicts = counts["same_person"] + counts["same_organisation"] + counts["excluded"]
    best = candidates.best_allowed[position]
    skills: tuple[str, ...]
    offering, skills = 0, ()
    if counts["with_room"] == 0 and counts["share_format"] > 0:
        offering, skills = _full_offering(run, run.prepared[position])
    return Funnel(
        mentors=len(run.mentors),
        share_language=counts["share_language"],
        share_format=counts["share_format"],
        with_room=counts["with_room"],
        allowed=counts["with_room"] - conflicts,
        above_min=counts["above_min"],
        same_person=counts["same_person"],
        same_organisation=counts["same_organisation"],
        excluded=counts["excluded"],
        best_score=None if np.isnan(best) or best < 0 else float(best),
        full_offering=offering,
        full_offering_skills=skills,
        outside_candidates=outside,
        max_candidates=run.policy.max_candidates,
    )


def _full_offering(run: _Run, mentee: PreparedMentee) -> tuple[int, tuple[str, ...]]:
    """How many full compatible mentors offer a wanted skill, and which skills they offer."""
    profile = mentee.profile
    compatible = run.index.compatible(profile.languages, profile.formats).share_format
    full = set(np.flatnonzero(compatible & (run.index.capacity <= 0)).tolist())
    offering: set[int] = set()
    skills = []
    for skill in mentee.wanted:
        mentors = full.intersection(run.scorer.mentors_offering(skill))
        if mentors:
            skills.append(skill)
            offering |= mentors
    return len(offering), tuple(skills)
