"""Scoring one (mentee, mentor) pair as a weighted mean of named parts, and its reasons.

`Scorer` learns what scoring needs about the mentors once (canonical skills, the goal words'
weights) and translates each mentee once (`prepare`); `Scorer.breakdown` then scores a pair part
by part and says why, through `wording`. `batch.BatchScorer` computes the same totals for whole
blocks of pairs with numpy; tests hold the two to the same numbers.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from . import text
from .policy import Policy
from .profiles import REMOTE, MenteeProfile, MentorProfile, Taxonomy, normalise_term
from .wording import (
    ENGLISH,
    Wording,
    availability_reason,
    experience_reason,
    goal_reason,
    in_person_reason,
    languages_reason,
    remote_reason,
    sector_reason,
    skill_reasons,
)

# Words used by more than this share of mentors say little about fit and would make every
# goal touch most mentors; they are dropped once there are enough mentors to tell.
COMMON_WORD_SHARE = 0.5
COMMON_WORD_MIN_MENTORS = 20
# The kinds of key a mentee is translated into rows of (see `Scorer.rows`).
TABLES = ("skill", "sector", "stage", "hours", "region")


@dataclass(frozen=True, slots=True)
class ScoreBreakdown:
    """A pair's score: total in 0..1 = sum of parts; credits are each part's own 0..1."""

    total: float
    parts: dict[str, float]
    credits: dict[str, float]
    reasons: tuple[str, ...]
    shared_skills: tuple[str, ...] = ()
    related_skills: tuple[str, ...] = ()


@dataclass(slots=True)
class PreparedMentee:
    """A mentee's profile translated into the scorer's terms (computed once per mentee)."""

    profile: MenteeProfile
    wanted: tuple[str, ...]
    goal_vector: dict[str, float]
    surface: dict[str, str]
    wanted_rows: tuple[int, ...] = ()
    goal_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    goal_weights: np.ndarray = field(default_factory=lambda: np.zeros(0))
    sector_row: int = 0
    stage_row: int = 0
    hours_row: int = 0
    region_row: int = 0
    region_code: int = -1


class Scorer:
    """Precomputes everything about the mentors that scoring needs.

    The mentor order given here is the order of positions everywhere else (mentor_index here,
    the columns of `batch.BatchScorer.score_block`).
    """

    def __init__(
        self, mentors: Sequence[MentorProfile], taxonomy: Taxonomy, policy: Policy
    ) -> None:
        self.mentors = tuple(mentors)
        self.taxonomy = taxonomy
        self.policy = policy
        self.weights = policy.weights.as_dict()
        self.skills = [frozenset(taxonomy.canonical(s) for s in m.skills) for m in self.mentors]
        self.categories = [
            frozenset(c for s in skills if (c := taxonomy.category(s))) for skills in self.skills
        ]
        self.by_skill = _inverted(self.skills)
        self.by_category = _inverted(self.categories)
        self.by_sector = _inverted([m.sectors for m in self.mentors])
        self.by_stage = _inverted([m.stages for m in self.mentors])
        self.region_codes: dict[str, int] = {}
        self.region = np.array([self._region_code(m.region) for m in self.mentors], np.int64)
        self._build_text_index(len(self.mentors))
        # Per kind of table (skill, sector, stage, hours, region), the row of each key that a
        # mentee used; row 0 of every table is all zeros, for mentees who gave nothing.
        self.rows: dict[str, dict[str, int]] = {kind: {} for kind in TABLES}

    # -- setup ---------------------------------------------------------------------------

    def _region_code(self, region: str) -> int:
        key = normalise_term(region)
        if not key:
            return -1
        return self.region_codes.setdefault(key, len(self.region_codes))

    def _mentor_document(self, index: int) -> str:
        mentor = self.mentors[index]
        names = []
        for skill in sorted(self.skills[index]):
            names.append(skill)
            names.extend(self.taxonomy.synonyms(skill))
        return " ".join([*names, mentor.bio])

    def _build_text_index(self, count: int) -> None:
        counts = [text.term_counts([self._mentor_document(i)]) for i in range(count)]
        frequency: Counter[str] = Counter()
        for c in counts:
            frequency.update(c.keys())
        limit = COMMON_WORD_SHARE * count if count >= COMMON_WORD_MIN_MENTORS else math.inf
        self.common_words = frozenset(t for t, df in frequency.items() if df > limit)
        self.idf = {
            t: text.idf(df, count) for t, df in frequency.items() if t not in self.common_words
        }
        self.unseen_idf = text.idf(0, count)
        self.vocabulary = {t: i for i, t in enumerate(sorted(self.idf))}
        self.mentor_terms = [frozenset(t for t in c if t in self.idf) for c in counts]

    def mentors_offering(self, skill: str) -> list[int]:
        """Positions of mentors offering a canonical skill."""
        return self.by_skill.get(skill, [])

    def _skill_row(self, skill: str) -> int:
        # Free text no mentor offers earns nothing anywhere: share the all-zero row.
        if skill not in self.by_skill and self.taxonomy.category(skill) is None:
            return 0
        return self._row("skill", skill)

    def _row(self, kind: str, key: str) -> int:
        rows = self.rows[kind]
        row = rows.get(key)
        if row is None:
            row = rows[key] = len(rows) + 1
        return row

    def prepare(self, mentee: MenteeProfile) -> PreparedMentee:
        """Translate a mentee into canonical skills, a goal vector and table rows."""
        wanted = tuple(dict.fromkeys(self.taxonomy.canonical(s) for s in mentee.skills_wanted))
        found = text.words(" ".join(mentee.goals))
        surface: dict[str, str] = {}
        for term, word in found:
            surface.setdefault(term, word)
        counts = Counter(t for t, _ in found if t not in self.common_words)
        vector = text.weigh(counts, self.idf, self.unseen_idf)
        # A goal term's share of the goal is its squared weight in the unit-length vector.
        known = sorted(
            (self.vocabulary[t], w * w) for t, w in vector.items() if t in self.vocabulary
        )
        hours = mentee.hours_per_month
        region = self._region_code(mentee.region)
        return PreparedMentee(
            profile=mentee,
            wanted=wanted,
            goal_vector=vector,
            surface=surface,
            wanted_rows=tuple(self._skill_row(s) for s in wanted),
            goal_ids=np.array([i for i, _ in known], np.int64),
            goal_weights=np.array([w for _, w in known]),
            sector_row=self._row("sector", mentee.sector) if mentee.sector else 0,
            stage_row=self._row("stage", mentee.stage) if mentee.stage else 0,
            hours_row=self._row("hours", repr(hours)) if hours else 0,
            region_row=self._row("region", normalise_term(mentee.region)) if region >= 0 else 0,
            region_code=region,
        )

    # -- one pair ----------------------------------------------------------------------

    def breakdown(
        self, mentee: PreparedMentee, mentor_index: int, wording: Wording = ENGLISH
    ) -> ScoreBreakdown:
        """Score one pair, part by part, with reasons a coordinator can read."""
        w = wording
        mentor = self.mentors[mentor_index]
        profile = mentee.profile
        credits: dict[str, float] = {}
        reasons: list[str] = []
        shared: tuple[str, ...] = ()
        related: tuple[str, ...] = ()
        if mentee.wanted:
            credits["skills"], shared, related = self._skill_credit(mentee, mentor_index)
            categories = [(s, self.taxonomy.category(s) or "") for s in related]
            reasons.extend(skill_reasons(w, len(mentee.wanted), shared, categories))
        if mentee.goal_vector:
            credits["goals"], words = self._goal_credit(mentee, mentor_index)
            if words:
                reasons.append(goal_reason(w, words))
        if profile.stage:
            credits["experience"], reason = self._experience_credit(profile.stage, mentor, w)
            if reason:
                reasons.append(reason)
        if profile.sector:
            credits["sector"] = 1.0 if profile.sector in mentor.sectors else 0.0
            if credits["sector"]:
                reasons.append(sector_reason(w, profile.sector))
        if profile.hours_per_month:
            credits["availability"] = _availability_credit(profile, mentor)
            reasons.append(availability_reason(w, profile.hours_per_month, mentor.hours_per_month))
        languages = profile.languages & mentor.languages
        if languages:
            reasons.append(languages_reason(w, languages))
        reason = self._meeting(mentee, mentor_index, credits, w)
        if reason:
            reasons.append(reason)
        return _weighed(self.weights, credits, tuple(reasons), shared, related)

    def _meeting(
        self, mentee: PreparedMentee, mentor_index: int, credits: dict[str, float], w: Wording
    ) -> str:
        """How the pair would meet; region earns credit only when in person is all they share."""
        mentor = self.mentors[mentor_index]
        formats = mentee.profile.formats & mentor.formats
        if REMOTE in formats:
            return remote_reason(w, formats)
        if not formats:
            return ""
        same = mentee.region_code >= 0 and mentee.region_code == self.region[mentor_index]
        if mentee.region_code >= 0:
            credits["region"] = 1.0 if same else 0.0
        return in_person_reason(w, bool(same), mentee.profile.region, mentor.region)

    def _skill_credit(
        self, mentee: PreparedMentee, mentor_index: int
    ) -> tuple[float, tuple[str, ...], tuple[str, ...]]:
        offered = self.skills[mentor_index]
        categories = self.categories[mentor_index]
        shared = tuple(s for s in mentee.wanted if s in offered)
        related = tuple(
            s for s in mentee.wanted if s not in offered and self.taxonomy.category(s) in categories
        )
        credit = len(shared) + self.policy.same_category_credit * len(related)
        return credit / len(mentee.wanted), shared, related

    def _goal_credit(self, mentee: PreparedMentee, mentor_index: int) -> tuple[float, list[str]]:
        """The goals part's credit, and up to four of the goals' words the mentor uses (as the
        goals spell them: never a stem or a fragment)."""
        terms = self.mentor_terms[mentor_index]
        overlap = {t: w * w for t, w in mentee.goal_vector.items() if t in terms}
        coverage = math.fsum(overlap.values())
        credit = min(1.0, coverage / self.policy.goal_similarity_for_full_credit)
        top = sorted(overlap, key=lambda t: (-overlap[t], t))[:4]
        return credit, [mentee.surface[t] for t in top]

    def _experience_credit(
        self, stage: str, mentor: MentorProfile, w: Wording
    ) -> tuple[float, str]:
        share = self.policy.stage_share
        full = self.policy.years_for_full_credit
        years = mentor.years_experience or 0.0
        helped = stage in mentor.stages
        credit = share * helped + (1.0 - share) * min(years, full) / full
        return credit, experience_reason(w, stage, helped, years)


def _availability_credit(mentee: MenteeProfile, mentor: MentorProfile) -> float:
    """The share of the hours wanted that the mentor offers; a half when they did not say."""
    wanted = mentee.hours_per_month or 0.0
    if mentor.hours_per_month is None:
        return 0.5
    return min(mentor.hours_per_month / wanted, 1.0)


def _weighed(
    weights: dict[str, float],
    credits: dict[str, float],
    reasons: tuple[str, ...],
    shared: tuple[str, ...],
    related: tuple[str, ...],
) -> ScoreBreakdown:
    """The weighted mean of the parts that count for this pair."""
    used = {part: weights[part] for part in credits}
    denominator = math.fsum(used.values())
    if denominator <= 0:
        parts = dict.fromkeys(credits, 0.0)
    else:
        parts = {part: used[part] * credits[part] / denominator for part in credits}
    return ScoreBreakdown(
        total=math.fsum(parts.values()),
        parts=parts,
        credits=credits,
        reasons=reasons,
        shared_skills=shared,
        related_skills=related,
    )


def _inverted(sets: Sequence[frozenset[str]]) -> dict[str, list[int]]:
    index: dict[str, list[int]] = {}
    for i, values in enumerate(sets):
        for value in values:
            index.setdefault(value, []).append(i)
    return index
