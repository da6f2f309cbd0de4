"""Scoring blocks of mentees against many mentors at once with numpy.

`BatchScorer.score_block` gives the totals `Scorer.breakdown` gives pair by pair (tests hold the
two to the same numbers), without reasons; it is what makes scoring millions of pairs
affordable. Every part that depends on one key of the mentee's (a wanted skill, the sector, the
stage, the hours, the region) is a row of a key x mentor table, so a block's parts are one
matrix product; the goals part is a product with a dense table for common words and a scatter
over the few mentors who use each rarer word.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .profiles import IN_PERSON, REMOTE
from .scoring import PreparedMentee, Scorer

# Words used by at least this share of mentors (and this many) are scored by a product with a
# dense word x mentor table instead of by scattering; few words qualify, since each mentor
# uses a few dozen words, so the table stays small.
DENSE_WORD_SHARE = 0.2
DENSE_WORD_MIN_MENTORS = 64
# How region applies to a mentee who meets both ways: only with mentors who meet in person only.
BOTH = "both"


def format_variant(formats: frozenset[str]) -> str:
    """How region applies to a mentee with these formats: "remote" (never, they meet
    remotely only), "both" (with mentors who only meet in person), "in_person" (always)."""
    if IN_PERSON not in formats:
        return REMOTE
    return BOTH if REMOTE in formats else IN_PERSON


class BatchScorer:
    """A scorer's mentors as numpy tables, for scoring blocks of its prepared mentees.

    Positions are the scorer's mentor order. Tables follow the keys the scorer's `prepare`
    has met so far: they are rebuilt when a newly prepared mentee brought a new key.
    """

    def __init__(self, scorer: Scorer) -> None:
        self.scorer = scorer
        self.weights = scorer.weights
        mentors = scorer.mentors
        self.remote = np.array([REMOTE in m.formats for m in mentors], bool)
        self.in_person = np.array([IN_PERSON in m.formats for m in mentors], bool)
        full_years = scorer.policy.years_for_full_credit
        self.years = np.array(
            [min(m.years_experience or 0.0, full_years) / full_years for m in mentors]
        )
        self.hours = np.array(
            [np.nan if m.hours_per_month is None else m.hours_per_month for m in mentors]
        )
        self._build_word_tables()
        self._tables: dict[str, np.ndarray] = {}
        self._table_keys: tuple[int, ...] = ()

    def _build_word_tables(self) -> None:
        """Per goal word, the mentors who use it; and a dense word x mentor table of the
        common ones (dense_row maps a word to its row there, -1 if it has none)."""
        count = len(self.scorer.mentors)
        postings: list[list[int]] = [[] for _ in self.scorer.vocabulary]
        for index, words in enumerate(self.scorer.mentor_terms):
            for word in words:
                postings[self.scorer.vocabulary[word]].append(index)
        self.postings = [np.array(p, np.int64) for p in postings]
        least = max(DENSE_WORD_MIN_MENTORS, DENSE_WORD_SHARE * count)
        dense = [t for t, p in enumerate(postings) if len(p) >= least]
        self.dense_row = np.full(len(postings), -1, np.int64)
        self.dense_row[dense] = np.arange(len(dense))
        self.dense_words = np.zeros((len(dense), count), np.float32)
        for row, term in enumerate(dense):
            self.dense_words[row, self.postings[term]] = 1.0

    def tables(self) -> dict[str, np.ndarray]:
        """Per kind, a (keys + 1) x mentors table of each key's weighted credit per mentor.

        Row r of "skill" holds, for the r-th wanted skill, the skills weight times 1 for
        mentors offering it and times same_category_credit for mentors offering another skill
        of its category; "sector", "stage", "hours" and "region" rows likewise hold their
        part's weighted credit, so a block's table parts are one matrix product.
        """
        keys = tuple(len(rows) for rows in self.scorer.rows.values())
        if keys != self._table_keys:
            self._tables = {kind: self._table(kind) for kind in self.scorer.rows}
            self._table_keys = keys
        return self._tables

    def _table(self, kind: str) -> np.ndarray:
        scorer, w = self.scorer, self.weights
        policy = scorer.policy
        table = np.zeros((len(scorer.rows[kind]) + 1, len(scorer.mentors)))
        for key, row in scorer.rows[kind].items():
            if kind == "skill":
                category = scorer.taxonomy.category(key)
                if category is not None:
                    table[row, scorer.by_category.get(category, [])] = policy.same_category_credit
                table[row, scorer.by_skill.get(key, [])] = 1.0
                table[row] *= w["skills"]
            elif kind == "sector":
                table[row, scorer.by_sector.get(key, [])] = w["sector"]
            elif kind == "stage":
                table[row, scorer.by_stage.get(key, [])] = w["experience"] * policy.stage_share
            elif kind == "hours":
                wanted = float(key)
                credit = np.minimum(self.hours / wanted, 1.0)
                table[row] = w["availability"] * np.where(np.isnan(credit), 0.5, credit)
            else:
                table[row] = w["region"] * (scorer.region == scorer.region_codes[key])
        return table

    def score_block(
        self,
        mentees: Sequence[PreparedMentee],
        columns: np.ndarray,
        view: ColumnView | None = None,
    ) -> np.ndarray:
        """Scores of mentees (rows) against the mentors at `columns`, as float32.

        Mentees must have been prepared by this scorer. A `view` (which caches per-column
        tables for one meeting-format variant, see `ColumnView`) may be passed when the same
        columns are scored for many blocks; all mentees must then be of its variant.
        Float32 halves memory traffic; scores agree with `breakdown` to about 1e-6.
        """
        if view is not None:
            return self._score_variant(mentees, view)
        columns = np.asarray(columns, np.int64)
        scores = np.zeros((len(mentees), len(columns)), np.float32)
        by_variant: dict[str, list[int]] = {}
        for i, mentee in enumerate(mentees):
            by_variant.setdefault(format_variant(mentee.profile.formats), []).append(i)
        for variant, rows in by_variant.items():
            part = self._score_variant(
                [mentees[i] for i in rows], ColumnView(self, columns, variant)
            )
            scores[rows] = part
        return scores

    def _score_variant(self, mentees: Sequence[PreparedMentee], view: ColumnView) -> np.ndarray:
        w = self.weights
        features = np.zeros((len(mentees), view.stack.shape[0]), np.float32)
        denominator = np.zeros(len(mentees))
        has_region = np.zeros(len(mentees), bool)
        for i, mentee in enumerate(mentees):
            denominator[i] = self._features(mentee, view, features[i])
            has_region[i] = mentee.region_row > 0
        # Every table part at once: one small matrix product instead of many row gathers.
        numerator: np.ndarray = features @ view.stack
        if w["goals"] > 0 and any(m.goal_vector for m in mentees):
            coverage = self._goal_coverage(mentees, view)
            coverage *= w["goals"] / self.scorer.policy.goal_similarity_for_full_credit
            np.minimum(coverage, w["goals"], out=coverage)
            numerator += coverage
        if view.region_applies is not None and has_region.any():
            # Region's weight counts only for pairs where it applies.
            pairs = np.outer(has_region * w["region"], view.region_applies).astype(np.float32)
            pairs += denominator[:, None].astype(np.float32)
            np.divide(numerator, pairs, out=numerator, where=pairs > 0)
        else:
            with np.errstate(divide="ignore"):
                scale = np.where(denominator > 0, 1.0 / denominator, 0.0)
            numerator *= scale.astype(np.float32)[:, None]
        return numerator

    def _features(self, mentee: PreparedMentee, view: ColumnView, row: np.ndarray) -> float:
        """Fill one mentee's row of table weights; return the weight of the parts that count."""
        w, offset = self.weights, view.offset
        profile = mentee.profile
        denominator = 0.0
        if mentee.wanted_rows:
            share = 1.0 / len(mentee.wanted_rows)
            for r in mentee.wanted_rows:
                row[offset["skill"] + r] = share
            denominator += w["skills"]
        if mentee.goal_vector:
            denominator += w["goals"]
        if profile.stage:
            row[offset["stage"] + mentee.stage_row] = 1.0
            row[offset["years"]] = 1.0
            denominator += w["experience"]
        if profile.sector:
            row[offset["sector"] + mentee.sector_row] = 1.0
            denominator += w["sector"]
        if profile.hours_per_month:
            row[offset["hours"] + mentee.hours_row] = 1.0
            denominator += w["availability"]
        row[offset["region"] + mentee.region_row] = 1.0
        return denominator

    def _goal_coverage(self, mentees: Sequence[PreparedMentee], view: ColumnView) -> np.ndarray:
        """The share of each mentee's goal words each mentor uses."""
        lengths = np.array([len(m.goal_ids) for m in mentees])
        if not lengths.any():
            return np.zeros((len(mentees), len(view.columns)), np.float32)
        ids = np.concatenate([m.goal_ids for m in mentees])
        weights = np.concatenate([m.goal_weights for m in mentees]).astype(np.float32)
        rows = np.repeat(np.arange(len(mentees)), lengths)
        dense = self.dense_row[ids]
        common = dense >= 0
        coverage: np.ndarray
        if common.any():
            # Common words: one product with their rows of the dense word table.
            used, column = np.unique(dense[common], return_inverse=True)
            words = np.zeros((len(mentees), len(used)), np.float32)
            words[rows[common], column] = weights[common]
            coverage = words @ view.dense_words[used]
            ids, weights, rows = ids[~common], weights[~common], rows[~common]
        else:
            coverage = np.zeros((len(mentees), len(view.columns)), np.float32)
        if len(ids) == 0:
            return coverage
        order = np.argsort(ids, kind="stable")
        ids, weights, rows = ids[order], weights[order], rows[order]
        starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
        ends = np.r_[starts[1:], len(ids)]
        # Rarer words: one scatter per word over the few mentors who use it.
        for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
            positions = view.position[self.postings[ids[start]]]
            positions = positions[positions >= 0]
            if len(positions):
                coverage[np.ix_(rows[start:end], positions)] += weights[start:end, None]
        return coverage


class ColumnView:
    """The batch scorer's tables restricted to some mentor columns, stacked for one format
    variant.

    stack has one row per table key (offset[kind] + row) plus a years row; multiplying a
    mentee's feature row by it gives the weighted sum of all table parts at once.
    region_applies marks the columns where region counts for this variant (None if none).
    """

    def __init__(self, batch: BatchScorer, columns: np.ndarray, variant: str) -> None:
        self.columns = np.asarray(columns, np.int64)
        in_person = batch.in_person[self.columns]
        if variant == REMOTE:
            applies = np.zeros(len(self.columns), bool)
        elif variant == BOTH:
            applies = in_person & ~batch.remote[self.columns]
        else:
            applies = in_person
        self.region_applies = applies if applies.any() else None
        parts: list[np.ndarray] = []
        self.offset: dict[str, int] = {}
        start = 0
        for kind, table in batch.tables().items():
            part = table[:, self.columns]
            if kind == "region":
                part = part * applies
            parts.append(part)
            self.offset[kind] = start
            start += len(part)
        share = batch.weights["experience"] * (1.0 - batch.scorer.policy.stage_share)
        parts.append(batch.years[None, self.columns] * share)
        self.offset["years"] = start
        self.stack = np.ascontiguousarray(np.vstack(parts), np.float32)
        self.dense_words = batch.dense_words[:, self.columns]
        self.position = np.full(len(batch.scorer.mentors), -1, np.int64)
        self.position[self.columns] = np.arange(len(self.columns))
