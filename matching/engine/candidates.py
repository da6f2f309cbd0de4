"""Candidate generation: every feasible pair scored, the best few per mentee kept.

Mentees are grouped by (languages, formats); each group is scored only against the mentors
the index says share a language and a format and have room, in blocks of mentees with
numpy. Conflicts (same person, same organisation, exclusions) and the minimum score are then
masked out, and the top `max_candidates` per mentee are kept. The counts of mentors removed
at each step are kept too: they are what `explain` turns into reasons.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from .batch import BatchScorer, ColumnView, format_variant
from .constraints import MentorIndex
from .policy import Policy
from .scoring import PreparedMentee

try:
    from threadpoolctl import threadpool_limits  # type: ignore[import-untyped, unused-ignore]
except ImportError:  # optional: only speed depends on it
    threadpool_limits = None

# Mentee-by-mentor cells scored per block: bounds memory (a few arrays of this size).
BLOCK_CELLS = 1 << 20
SCORE_DIGITS = 6

COUNTS = (
    "share_language",
    "share_format",
    "with_room",
    "same_person",
    "same_organisation",
    "excluded",
    "above_min",
    "kept",
)


@dataclass(slots=True)
class Candidates:
    """Kept pairs as parallel arrays, and per-mentee counts (indexed by mentee position).

    best_allowed is each mentee's best score among mentors not ruled out by a conflict; it
    is only computed when the policy has a minimum score (NaN otherwise).
    """

    mentee: np.ndarray
    mentor: np.ndarray
    score: np.ndarray
    counts: dict[str, np.ndarray] = field(default_factory=dict)
    best_allowed: np.ndarray = field(default_factory=lambda: np.zeros(0))


def generate(
    batch: BatchScorer,
    index: MentorIndex,
    prepared: Sequence[PreparedMentee],
    policy: Policy,
    exclusions: Mapping[int, Sequence[int]],
    subset: Sequence[int] | np.ndarray | None = None,
    room: np.ndarray | None = None,
    per_mentor: bool = False,
) -> Candidates:
    """Score all feasible pairs for the mentees at `subset` (default: all) and keep the best.

    exclusions maps a mentee position to the mentor positions it must never meet. room
    overrides which mentors have room (default: capacity > 0). per_mentor also keeps each
    mentor's best `max_candidates` mentees, so that when many similar mentees all rank the
    same few mentors first, every mentor with room is still offered to someone.
    """
    generator = _Generator(batch, index, prepared, policy, exclusions, per_mentor)
    groups: dict[tuple[frozenset[str], frozenset[str]], list[int]] = {}
    for position in range(len(prepared)) if subset is None else subset:
        profile = prepared[position].profile
        groups.setdefault((profile.languages, profile.formats), []).append(position)
    room = index.capacity > 0 if room is None else room
    with _one_blas_thread():
        for key in sorted(groups, key=lambda k: (sorted(k[0]), sorted(k[1]))):
            generator.group(key, np.array(groups[key], np.int64), room)
    return generator.result()


def _spread_ties(rows: np.ndarray, columns: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """Selection keys: scores plus a deterministic jitter below 1e-7 (under the 6-decimal
    rounding of scores), so identical mentees do not all pick the same tied mentors."""
    mixed = (rows.astype(np.uint64)[:, None] * np.uint64(2654435761)) ^ (
        columns.astype(np.uint64)[None, :] * np.uint64(40503)
    )
    mixed = (mixed * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(40)
    jitter = mixed.astype(np.float64) * (1e-7 / 2**24)
    return np.where(scores >= 0, scores + jitter, -1.0)


@contextlib.contextmanager
def _one_blas_thread() -> Iterator[None]:
    """Run BLAS single-threaded: the block products are small, and spinning BLAS threads
    cost several times their gain on a busy 2-core machine."""
    if threadpool_limits is None:
        yield
        return
    with threadpool_limits(limits=1, user_api="blas"):
        yield


class _Generator:
    """Accumulates kept pairs and per-mentee counts over groups and blocks."""

    def __init__(
        self,
        batch: BatchScorer,
        index: MentorIndex,
        prepared: Sequence[PreparedMentee],
        policy: Policy,
        exclusions: Mapping[int, Sequence[int]],
        per_mentor: bool = False,
    ) -> None:
        self.batch, self.index, self.prepared = batch, index, prepared
        self.policy, self.exclusions = policy, exclusions
        self.counts = {name: np.zeros(len(prepared), np.int64) for name in COUNTS}
        self.best = np.full(len(prepared), np.nan)
        self.pieces: tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray]] = ([], [], [])
        self.mentor_best: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        if per_mentor and policy.max_candidates is not None:
            shape = (policy.max_candidates, len(index.capacity))
            self.mentor_best = (np.full(shape, -1.0), np.full(shape, -1.0), np.full(shape, -1))

    def result(self) -> Candidates:
        if self.mentor_best is not None:
            keys, scores, mentees = self.mentor_best
            slots, mentors = np.nonzero(keys >= 0)
            self.pieces[0].append(mentees[slots, mentors])
            self.pieces[1].append(mentors)
            self.pieces[2].append(np.round(scores[slots, mentors], SCORE_DIGITS))
        mentee, mentor, score = (
            np.concatenate(p) if p else np.zeros(0, dtype)
            for p, dtype in zip(self.pieces, (np.int64, np.int64, float), strict=True)
        )
        if self.mentor_best is not None:
            # A pair can be both a mentee's and a mentor's favourite: keep it once.
            _, first = np.unique(mentee * len(self.index.capacity) + mentor, return_index=True)
            mentee, mentor, score = mentee[first], mentor[first], score[first]
            self.counts["kept"] = np.bincount(mentee, minlength=len(self.prepared))
        return Candidates(mentee, mentor, score, self.counts, self.best)

    def keep_for_mentors(
        self,
        best: tuple[np.ndarray, np.ndarray, np.ndarray],
        block: np.ndarray,
        view: ColumnView,
        keys: np.ndarray,
        scores: np.ndarray,
    ) -> None:
        """Merge this block into each mentor's running best mentees (`best`, in place)."""
        best_keys, best_scores, best_mentees = best
        limit = best_keys.shape[0]
        columns = view.columns
        keys_now = np.vstack([best_keys[:, columns], keys])
        scores_now = np.vstack([best_scores[:, columns], scores])
        mentees_now = np.vstack(
            [best_mentees[:, columns], np.broadcast_to(block[:, None], scores.shape)]
        )
        top = np.argpartition(keys_now, -limit, axis=0)[-limit:]
        best_keys[:, columns] = np.take_along_axis(keys_now, top, axis=0)
        best_scores[:, columns] = np.take_along_axis(scores_now, top, axis=0)
        best_mentees[:, columns] = np.take_along_axis(mentees_now, top, axis=0)

    def group(
        self, key: tuple[frozenset[str], frozenset[str]], members: np.ndarray, room: np.ndarray
    ) -> None:
        """Score one (languages, formats) group of mentees against its compatible mentors."""
        compatible = self.index.compatible(*key)
        columns = np.flatnonzero(compatible.share_format & room)
        self.counts["share_language"][members] = compatible.share_language.sum()
        self.counts["share_format"][members] = compatible.share_format.sum()
        self.counts["with_room"][members] = len(columns)
        if len(columns) == 0:
            return
        view = ColumnView(self.batch, columns, format_variant(key[1]))
        step = max(1, BLOCK_CELLS // len(columns))
        for start in range(0, len(members), step):
            self.block(members[start : start + step], view)

    def block(self, block: np.ndarray, view: ColumnView) -> None:
        """Score a block of mentees, mask what is infeasible and keep the best pairs."""
        policy, counts = self.policy, self.counts
        mentees = [self.prepared[p] for p in block]
        scores = self.batch.score_block(mentees, view.columns, view)
        # Scores are >= 0, so -1 marks a pair that may not be proposed.
        conflicts = self.mask_conflicts(mentees, block, view, scores)
        if policy.min_score > 0:
            self.best[block] = scores.max(axis=1)
            # Kept scores are rounded later; compare with the rounding margin so none is lost.
            scores[scores < policy.min_score - 0.5 * 10**-SCORE_DIGITS] = -1.0
            counts["above_min"][block] = (scores >= 0).sum(axis=1)
        else:
            counts["above_min"][block] = len(view.columns) - conflicts
        keys = scores
        if self.mentor_best is not None:
            keys = _spread_ties(block, view.columns, scores)
            self.keep_for_mentors(self.mentor_best, block, view, keys, scores.astype(np.float64))
        limit = policy.max_candidates
        if limit is not None and limit < scores.shape[1]:
            top = np.argpartition(keys, -limit, axis=1)[:, -limit:]
            kept = np.take_along_axis(scores, top, axis=1)
        else:
            top = np.broadcast_to(np.arange(scores.shape[1]), scores.shape)
            kept = scores
        kept = np.round(kept.astype(np.float64), SCORE_DIGITS)
        keep = kept >= max(policy.min_score, 0.0)
        rows, slots = np.nonzero(keep)
        self.pieces[0].append(block[rows])
        self.pieces[1].append(view.columns[top[rows, slots]])
        self.pieces[2].append(kept[rows, slots])
        counts["kept"][block] += keep.sum(axis=1)

    def mask_conflicts(
        self,
        mentees: list[PreparedMentee],
        block: np.ndarray,
        view: ColumnView,
        scores: np.ndarray,
    ) -> np.ndarray:
        """Set pairs that break a conflict rule to -1; count each rule's removals.

        Conflicts are rare and per mentee, so they are looked up mentee by mentee in small
        indexes rather than by comparing whole blocks.
        """
        removed = np.zeros(len(mentees), np.int64)
        for row, (position, mentee) in enumerate(zip(block.tolist(), mentees, strict=True)):
            profile = mentee.profile
            rules = (
                ("same_person", self.index.mentors_of_person(profile.person)),
                ("same_organisation", self.index.mentors_of_organisation(profile.organisation)),
                ("excluded", self.exclusions.get(position, ())),
            )
            for name, mentors in rules:
                if len(mentors) == 0:
                    continue
                columns = view.position[np.asarray(mentors, np.int64)]
                columns = columns[columns >= 0]
                columns = columns[scores[row, columns] >= 0]
                scores[row, columns] = -1.0
                self.counts[name][position] = len(columns)
                removed[row] += len(columns)
        return removed
