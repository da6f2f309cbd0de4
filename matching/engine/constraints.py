"""Hard constraints: when a pair may not be proposed at all, and an index that applies the
structural ones (language, format, room) to whole groups of mentors at once."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from .profiles import FORMATS, MenteeProfile, MentorProfile, normalise_term


class Infeasible(StrEnum):
    """Why a pair can never be proposed, in the order they are checked."""

    NO_SHARED_LANGUAGE = "no_shared_language"
    NO_SHARED_FORMAT = "no_shared_format"
    MENTOR_FULL = "mentor_full"
    SAME_PERSON = "same_person"
    SAME_ORGANISATION = "same_organisation"
    EXCLUDED = "excluded"
    BELOW_MIN_SCORE = "below_min_score"


def same_person(mentee: MenteeProfile, mentor: MentorProfile) -> bool:
    """Whether both profiles belong to one human (only known when both name a person)."""
    return mentee.person is not None and mentee.person == mentor.person


def same_organisation(mentee: MenteeProfile, mentor: MentorProfile) -> bool:
    """Whether both belong to the same organisation (ignoring case and punctuation)."""
    if not mentee.organisation or not mentor.organisation:
        return False
    return normalise_term(mentee.organisation) == normalise_term(mentor.organisation)


def infeasibility(
    mentee: MenteeProfile,
    mentor: MentorProfile,
    *,
    exclusions: Collection[tuple[str, str]] = frozenset(),
    score: float | None = None,
    min_score: float = 0.0,
) -> Infeasible | None:
    """The first hard constraint the pair breaks, or None when it may be proposed.

    exclusions holds (mentee id, mentor id) pairs that must never be proposed: conflicts of
    interest, pairs rejected before, blocks. The score check only runs when a score is given.
    """
    broken = broken_constraints(
        mentee, mentor, exclusions=exclusions, score=score, min_score=min_score
    )
    return broken[0] if broken else None


def broken_constraints(
    mentee: MenteeProfile,
    mentor: MentorProfile,
    *,
    exclusions: Collection[tuple[str, str]] = frozenset(),
    score: float | None = None,
    min_score: float = 0.0,
) -> list[Infeasible]:
    """Every hard constraint the pair breaks, in the order of `Infeasible`."""
    checks = (
        (Infeasible.NO_SHARED_LANGUAGE, not mentee.languages & mentor.languages),
        (Infeasible.NO_SHARED_FORMAT, not mentee.formats & mentor.formats),
        (Infeasible.MENTOR_FULL, mentor.capacity <= 0),
        (Infeasible.SAME_PERSON, same_person(mentee, mentor)),
        (Infeasible.SAME_ORGANISATION, same_organisation(mentee, mentor)),
        (Infeasible.EXCLUDED, (mentee.id, mentor.id) in exclusions),
        (Infeasible.BELOW_MIN_SCORE, score is not None and score < min_score),
    )
    return [rule for rule, broken in checks if broken]


@dataclass(frozen=True, slots=True)
class Compatible:
    """Mentors who share a language with a mentee, and those who also share a format."""

    share_language: np.ndarray
    share_format: np.ndarray


class MentorIndex:
    """Mentors indexed by language and by format, so a whole group of mentees with the same
    languages and formats is pruned with a few boolean ORs instead of pair by pair."""

    def __init__(self, mentors: Sequence[MentorProfile]) -> None:
        self.count = len(mentors)
        self.capacity = np.array([m.capacity for m in mentors], np.int64)
        self._language = self._masks([m.languages for m in mentors])
        self._format = self._masks([m.formats for m in mentors])
        self._by_organisation = _positions([normalise_term(m.organisation or "") for m in mentors])
        self._by_person = _positions([m.person or "" for m in mentors])
        self._cache: dict[tuple[frozenset[str], frozenset[str]], Compatible] = {}

    def _masks(self, sets: Sequence[frozenset[str]]) -> dict[str, np.ndarray]:
        masks: dict[str, np.ndarray] = {}
        for i, values in enumerate(sets):
            for value in values:
                masks.setdefault(value, np.zeros(self.count, bool))[i] = True
        return masks

    def _union(self, masks: dict[str, np.ndarray], keys: frozenset[str]) -> np.ndarray:
        result = np.zeros(self.count, bool)
        for key in keys:
            if key in masks:
                result |= masks[key]
        return result

    def compatible(self, languages: frozenset[str], formats: frozenset[str]) -> Compatible:
        """Mentors sharing a language, and those sharing a language and a format."""
        key = (languages, formats)
        found = self._cache.get(key)
        if found is None:
            language = self._union(self._language, languages)
            both = language & self._union(self._format, formats & FORMATS)
            found = self._cache[key] = Compatible(language, both)
        return found

    def mentors_of_organisation(self, organisation: str | None) -> list[int]:
        """Positions of mentors from this organisation (ignoring case and punctuation)."""
        return self._by_organisation.get(normalise_term(organisation or ""), [])

    def mentors_of_person(self, person: str | None) -> list[int]:
        """Positions of mentor profiles belonging to this person."""
        return self._by_person.get(person or "", [])


def _positions(keys: Sequence[str]) -> dict[str, list[int]]:
    """Positions per non-empty key."""
    found: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        if key:
            found.setdefault(key, []).append(i)
    return found
