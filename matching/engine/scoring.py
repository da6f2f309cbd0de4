"""Scoring a (mentee, mentor) pair as a weighted mean of named parts, with reasons in words.

The same score is computed two ways: `Scorer.breakdown` for one pair (with reasons), and
`Scorer.score_block` for a block of mentees against many mentors at once with numpy, which is
what makes scoring millions of pairs affordable. Tests hold the two to the same numbers.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from . import text
from .policy import Policy
from .profiles import IN_PERSON, REMOTE, MenteeProfile, MentorProfile, Taxonomy, normalise_term

# Words used by more than this share of mentors say little about fit and would make every
# goal touch most mentors; they are dropped once there are enough mentors to tell.
COMMON_WORD_SHARE = 0.5
COMMON_WORD_MIN_MENTORS = 20
TABLES = ("skill", "sector", "stage", "hours", "region")
# Words used by at least this share of mentors (and this many) are scored by a product with a
# dense word x mentor table instead of by scattering; few words qualify, since each mentor
# uses a few dozen words, so the table stays small.
DENSE_WORD_SHARE = 0.2
DENSE_WORD_MIN_MENTORS = 64


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


def display_skill(name: str) -> str:
    """A skill name for use mid-sentence: "Community shares" -> "community shares", "HR" kept."""
    if len(name) > 1 and name[0].isupper() and not name[1].isupper():
        return name[0].lower() + name[1:]
    return name


def join_words(items: Sequence[str], conjunction: str = "and") -> str:
    """Join words as "a", "a and b" or "a, b and c"."""
    return _joined(items, f"%(first)s {conjunction} %(last)s")


def _joined(items: Sequence[str], pattern: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return pattern % {"first": ", ".join(items[:-1]), "last": items[-1]}


def _hours(value: float) -> str:
    return f"{value:g}"


def _(text: str) -> str:
    """Marks a reason's wording for the site's catalogues (`make messages` looks for `_`). A
    no-op: the engine needs no Django, and `Wording.translate` is where translation happens."""
    return text


# English names of the languages members are likely to give, by ISO 639 code, so reasons
# say "both speak Welsh", never "both speak cy". Callers may pass names for other codes.
LANGUAGE_NAMES = {
    "ar": "Arabic",
    "bfi": "British Sign Language",
    "bn": "Bengali",
    "cy": "Welsh",
    "de": "German",
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "ga": "Irish",
    "gd": "Scottish Gaelic",
    "gu": "Gujarati",
    "it": "Italian",
    "kw": "Cornish",
    "pa": "Punjabi",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "so": "Somali",
    "ur": "Urdu",
}


class Wording:
    """How a pair's reasons are worded: by default in English, naming languages in English
    and skills and stages by the names the engine was given (the command line and stored
    proposals use this). The site passes one that translates the wording and names languages,
    stages and skills for the reader."""

    def __init__(self, language_names: Mapping[str, str] | None = None) -> None:
        self.language_names = dict(language_names or {})

    def translate(self, text: str) -> str:
        return text

    def language(self, code: str) -> str:
        return self.language_names.get(code) or LANGUAGE_NAMES.get(code, code)

    def languages(self, codes: Iterable[str], conjunction: str = "and") -> str:
        """Languages by name, sorted by name, joined as "Welsh and English" (or "or")."""
        names = sorted({self.language(code) for code in codes})
        if conjunction == "or":
            return _joined(names, self.translate(_("%(first)s or %(last)s")))
        return self.join(names)

    def stage(self, stage: str) -> str:
        return stage

    def skill(self, name: str) -> str:
        return name

    def category(self, name: str) -> str:
        return name

    def join(self, items: Sequence[str]) -> str:
        """Join words as "a", "a and b" or "a, b and c", in the reader's language."""
        return _joined(items, self.translate(_("%(first)s and %(last)s")))

    def say(self, text: str, **values: object) -> str:
        return self.translate(text) % values


ENGLISH = Wording()


class Scorer:
    """Precomputes everything about the mentors that scoring needs.

    The mentor order given here is the column order of `score_block`.
    """

    def __init__(
        self, mentors: Sequence[MentorProfile], taxonomy: Taxonomy, policy: Policy
    ) -> None:
        self.mentors = tuple(mentors)
        self.taxonomy = taxonomy
        self.policy = policy
        self.weights = policy.weights.as_dict()
        count = len(self.mentors)
        self.skills = [frozenset(taxonomy.canonical(s) for s in m.skills) for m in self.mentors]
        self.categories = [
            frozenset(c for s in skills if (c := taxonomy.category(s))) for skills in self.skills
        ]
        self._by_skill = _inverted(self.skills)
        self._by_category = _inverted(self.categories)
        self._by_sector = _inverted([m.sectors for m in self.mentors])
        self._by_stage = _inverted([m.stages for m in self.mentors])
        self._region_codes: dict[str, int] = {}
        self.region = np.array([self._region_code(m.region) for m in self.mentors], np.int64)
        self.remote = np.array([REMOTE in m.formats for m in self.mentors], bool)
        self.in_person = np.array([IN_PERSON in m.formats for m in self.mentors], bool)
        full_years = policy.years_for_full_credit
        self.years = np.array(
            [min(m.years_experience or 0.0, full_years) / full_years for m in self.mentors]
        )
        self.hours = np.array(
            [np.nan if m.hours_per_month is None else m.hours_per_month for m in self.mentors]
        )
        self._build_text_index(count)
        # Per kind of table (skill, sector, stage, hours, region), the row of each key that a
        # mentee used; row 0 of every table is all zeros, for mentees who gave nothing.
        self._rows: dict[str, dict[str, int]] = {kind: {} for kind in TABLES}
        self._tables: dict[str, np.ndarray] | None = None

    # -- setup ---------------------------------------------------------------------------

    def _region_code(self, region: str) -> int:
        key = normalise_term(region)
        if not key:
            return -1
        return self._region_codes.setdefault(key, len(self._region_codes))

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
        postings: list[list[int]] = [[] for _ in self.vocabulary]
        for index, terms in enumerate(self.mentor_terms):
            for term in terms:
                postings[self.vocabulary[term]].append(index)
        self.postings = [np.array(p, np.int64) for p in postings]
        least = max(DENSE_WORD_MIN_MENTORS, DENSE_WORD_SHARE * count)
        dense = [t for t, p in enumerate(postings) if len(p) >= least]
        self.dense_row = np.full(len(postings), -1, np.int64)
        self.dense_row[dense] = np.arange(len(dense))
        self.dense_words = np.zeros((len(dense), count), np.float32)
        for row, term in enumerate(dense):
            self.dense_words[row, self.postings[term]] = 1.0

    def mentors_offering(self, skill: str) -> list[int]:
        """Positions of mentors offering a canonical skill."""
        return self._by_skill.get(skill, [])

    def _skill_row(self, skill: str) -> int:
        # Free text no mentor offers earns nothing anywhere: share the all-zero row.
        if skill not in self._by_skill and self.taxonomy.category(skill) is None:
            return 0
        return self._row("skill", skill)

    def _row(self, kind: str, key: str) -> int:
        rows = self._rows[kind]
        row = rows.get(key)
        if row is None:
            row = rows[key] = len(rows) + 1
            self._tables = None
        return row

    def tables(self) -> dict[str, np.ndarray]:
        """Per kind, a (keys + 1) x mentors table of each key's weighted credit per mentor.

        Row r of "skill" holds, for the r-th wanted skill, the skills weight times 1 for
        mentors offering it and times same_category_credit for mentors offering another skill
        of its category; "sector", "stage", "hours" and "region" rows likewise hold their
        part's weighted credit, so a block's table parts are one matrix product.
        """
        if self._tables is None:
            self._tables = {kind: self._table(kind) for kind in TABLES}
        return self._tables

    def _table(self, kind: str) -> np.ndarray:
        w, policy = self.weights, self.policy
        table = np.zeros((len(self._rows[kind]) + 1, len(self.mentors)))
        for key, row in self._rows[kind].items():
            if kind == "skill":
                category = self.taxonomy.category(key)
                if category is not None:
                    table[row, self._by_category.get(category, [])] = policy.same_category_credit
                table[row, self._by_skill.get(key, [])] = 1.0
                table[row] *= w["skills"]
            elif kind == "sector":
                table[row, self._by_sector.get(key, [])] = w["sector"]
            elif kind == "stage":
                table[row, self._by_stage.get(key, [])] = w["experience"] * policy.stage_share
            elif kind == "hours":
                wanted = float(key)
                credit = np.minimum(self.hours / wanted, 1.0)
                table[row] = w["availability"] * np.where(np.isnan(credit), 0.5, credit)
            else:
                table[row] = w["region"] * (self.region == self._region_codes[key])
        return table

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
            reasons.extend(self._skill_reasons(mentee.wanted, shared, related, w))
        if mentee.goal_vector:
            credits["goals"], reason = self._goal_credit(mentee, mentor_index, w)
            if reason:
                reasons.append(reason)
        if profile.stage:
            credits["experience"], reason = self._experience_credit(profile.stage, mentor, w)
            if reason:
                reasons.append(reason)
        if profile.sector:
            credits["sector"] = 1.0 if profile.sector in mentor.sectors else 0.0
            if credits["sector"]:
                reasons.append(w.say(_("both work in %(sector)s"), sector=profile.sector))
        if profile.hours_per_month:
            credits["availability"], reason = self._availability_credit(profile, mentor, w)
            reasons.append(reason)
        languages = profile.languages & mentor.languages
        if languages:
            names = w.languages(languages)
            reasons.append(w.say(_("both speak %(languages)s"), languages=names))
        formats = profile.formats & mentor.formats
        if REMOTE in formats:
            reasons.append(
                w.say(_("both meet remotely or in person"))
                if IN_PERSON in formats
                else w.say(_("both meet remotely"))
            )
        elif formats:
            same = mentee.region_code >= 0 and mentee.region_code == self.region[mentor_index]
            if mentee.region_code >= 0:
                credits["region"] = 1.0 if same else 0.0
            if same:
                reasons.append(w.say(_("both meet in person in %(region)s"), region=mentor.region))
            elif profile.region and mentor.region:
                apart = _("meet in person but live apart (%(mentee)s, %(mentor)s)")
                reasons.append(w.say(apart, mentee=profile.region, mentor=mentor.region))
            else:
                reasons.append(w.say(_("both meet in person")))
        weights = {part: self.weights[part] for part in credits}
        denominator = math.fsum(weights.values())
        if denominator <= 0:
            parts = dict.fromkeys(credits, 0.0)
        else:
            parts = {part: weights[part] * credits[part] / denominator for part in credits}
        return ScoreBreakdown(
            total=math.fsum(parts.values()),
            parts=parts,
            credits=credits,
            reasons=tuple(reasons),
            shared_skills=shared,
            related_skills=related,
        )

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

    def _skill_reasons(
        self,
        wanted: tuple[str, ...],
        shared: tuple[str, ...],
        related: tuple[str, ...],
        w: Wording,
    ) -> list[str]:
        reasons = []
        if shared:
            names = ", ".join(display_skill(w.skill(s)) for s in shared)
            offers = _("offers %(shared)s of %(wanted)s wanted skills: %(names)s")
            reasons.append(w.say(offers, shared=len(shared), wanted=len(wanted), names=names))
        if related:
            names = ", ".join(
                f"{display_skill(w.skill(s))} ({w.category(self.taxonomy.category(s))})"
                for s in related
            )
            related_text = _("offers related skills in the same area for %(names)s")
            reasons.append(w.say(related_text, names=names))
        if not shared and not related:
            none_text = _("offers none of the %(wanted)s wanted skills")
            reasons.append(w.say(none_text, wanted=len(wanted)))
        return reasons

    def _goal_credit(
        self, mentee: PreparedMentee, mentor_index: int, wording: Wording
    ) -> tuple[float, str]:
        terms = self.mentor_terms[mentor_index]
        overlap = {t: w * w for t, w in mentee.goal_vector.items() if t in terms}
        coverage = math.fsum(overlap.values())
        credit = min(1.0, coverage / self.policy.goal_similarity_for_full_credit)
        if not overlap:
            return credit, ""
        top = sorted(overlap, key=lambda t: (-overlap[t], t))[:4]
        # The words as the goals spell them, quoted: never a stem or a fragment.
        words = wording.join([f"\u201c{mentee.surface[t]}\u201d" for t in top])
        return credit, wording.say(
            _("their skills and bio mention %(words)s from the goals"), words=words
        )

    def _experience_credit(
        self, stage: str, mentor: MentorProfile, w: Wording
    ) -> tuple[float, str]:
        share = self.policy.stage_share
        full = self.policy.years_for_full_credit
        years = mentor.years_experience or 0.0
        helped = stage in mentor.stages
        credit = share * helped + (1.0 - share) * min(years, full) / full
        bits = []
        if helped:
            bits.append(w.say(_("has helped co-ops at the %(stage)s stage"), stage=w.stage(stage)))
        if years:
            bits.append(w.say(_("%(years)s years' experience"), years=f"{years:g}"))
        return credit, "; ".join(bits)

    def _availability_credit(
        self, mentee: MenteeProfile, mentor: MentorProfile, w: Wording
    ) -> tuple[float, str]:
        wanted = mentee.hours_per_month or 0.0
        if mentor.hours_per_month is None:
            return 0.5, w.say(
                _("hours a month not given (wanted %(wanted)s)"), wanted=_hours(wanted)
            )
        offered = mentor.hours_per_month
        if offered >= wanted:
            return 1.0, w.say(
                _("offers the %(wanted)s hours a month wanted"), wanted=_hours(wanted)
            )
        return (
            offered / wanted,
            w.say(
                _("offers %(offered)s of %(wanted)s hours a month wanted"),
                offered=_hours(offered),
                wanted=_hours(wanted),
            ),
        )

    # -- many pairs --------------------------------------------------------------------

    def score_block(
        self, mentees: Sequence[PreparedMentee], columns: np.ndarray, view: ColumnView | None = None
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
        numerator = features @ view.stack
        if w["goals"] > 0 and any(m.goal_vector for m in mentees):
            coverage = self._goal_coverage(mentees, view)
            coverage *= w["goals"] / self.policy.goal_similarity_for_full_credit
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


def format_variant(formats: frozenset[str]) -> str:
    """How region applies to a mentee with these formats: "remote" (never, they meet
    remotely only), "both" (with mentors who only meet in person), "in_person" (always)."""
    if IN_PERSON not in formats:
        return REMOTE
    return "both" if REMOTE in formats else IN_PERSON


class ColumnView:
    """The scorer's tables restricted to some mentor columns, stacked for one format variant.

    stack has one row per table key (offset[kind] + row) plus a years row; multiplying a
    mentee's feature row by it gives the weighted sum of all table parts at once.
    region_applies marks the columns where region counts for this variant (None if none).
    """

    def __init__(self, scorer: Scorer, columns: np.ndarray, variant: str) -> None:
        self.columns = np.asarray(columns, np.int64)
        in_person = scorer.in_person[self.columns]
        if variant == REMOTE:
            applies = np.zeros(len(self.columns), bool)
        elif variant == "both":
            applies = in_person & ~scorer.remote[self.columns]
        else:
            applies = in_person
        self.region_applies = applies if applies.any() else None
        parts, self.offset, start = [], {}, 0
        for kind, table in scorer.tables().items():
            part = table[:, self.columns]
            if kind == "region":
                part = part * applies
            parts.append(part)
            self.offset[kind] = start
            start += len(part)
        share = scorer.weights["experience"] * (1.0 - scorer.policy.stage_share)
        parts.append(scorer.years[None, self.columns] * share)
        self.offset["years"] = start
        self.stack = np.ascontiguousarray(np.vstack(parts), np.float32)
        self.dense_words = scorer.dense_words[:, self.columns]
        self.position = np.full(len(scorer.mentors), -1, np.int64)
        self.position[self.columns] = np.arange(len(self.columns))


def _inverted(sets: Sequence[frozenset[str]]) -> dict[str, list[int]]:
    index: dict[str, list[int]] = {}
    for i, values in enumerate(sets):
        for value in values:
            index.setdefault(value, []).append(i)
    return index
