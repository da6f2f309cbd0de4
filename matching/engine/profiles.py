"""Mentor and mentee profiles as the engine sees them, and the skills taxonomy.

Profiles are plain frozen dataclasses that normalise what they are given (lists become
frozensets, language codes are lower-cased), so the Django layer and the command line can
build them from whatever they hold.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

IN_PERSON = "in_person"
REMOTE = "remote"
FORMATS = frozenset({IN_PERSON, REMOTE})

_NOT_TERM = re.compile(r"[^\w&+#]+")


@functools.lru_cache(maxsize=1 << 16)
def normalise_term(text: str) -> str:
    """A lookup key for a skill, sector or region: case-folded, punctuation as single spaces."""
    return _NOT_TERM.sub(" ", text.casefold().replace("_", " ")).strip()


def _text_set(values: Iterable[str], what: str, fold: bool = False) -> frozenset[str]:
    if isinstance(values, str):
        raise TypeError(f"{what} must be a collection of strings, not a string")
    result = set()
    for value in values:
        if not isinstance(value, str):
            raise TypeError(f"{what} must contain only strings")
        value = " ".join(value.split())
        if value:
            result.add(value.casefold() if fold else value)
    return frozenset(result)


def _ordered_texts(values: Iterable[str] | str, what: str) -> tuple[str, ...]:
    if isinstance(values, str):
        values = (values,)
    result = []
    for value in values:
        if not isinstance(value, str):
            raise TypeError(f"{what} must contain only strings")
        value = " ".join(value.split())
        if value and value not in result:
            result.append(value)
    return tuple(result)


def _formats(values: Iterable[str]) -> frozenset[str]:
    # Empty is allowed (such a profile simply matches nobody, and says why); unknown is not.
    formats = _text_set(values, "formats", fold=True)
    if not formats <= FORMATS:
        raise ValueError("formats must be a subset of in_person, remote")
    return formats


def _amount(value: float | None, what: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise TypeError(f"{what} must be a number or None")
    if value < 0:
        raise ValueError(f"{what} must not be negative")
    return float(value)


def _optional_text(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(str(value).split())
    return value or None


def _set(obj: object, name: str, value: object) -> None:
    object.__setattr__(obj, name, value)


@dataclass(frozen=True, slots=True)
class MentorProfile:
    """Someone offering mentoring.

    capacity is the remaining room: how many more mentees they can take. stages are the
    stages of co-op (e.g. "idea", "start-up", "established", "converting") they have helped.
    person identifies the human behind the profile, so someone who is both a mentor and a
    mentee is never matched with themself.
    """

    id: str
    skills: frozenset[str] = frozenset()
    sectors: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset({"en"})
    region: str = ""
    formats: frozenset[str] = FORMATS
    capacity: int = 1
    bio: str = ""
    organisation: str | None = None
    person: str | None = None
    stages: frozenset[str] = frozenset()
    years_experience: float | None = None
    hours_per_month: float | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id:
            raise ValueError("a mentor id must be a non-empty string")
        if isinstance(self.capacity, bool) or not isinstance(self.capacity, int):
            raise TypeError(f"mentor {self.id}: capacity must be an integer")
        if self.capacity < 0:
            raise ValueError(f"mentor {self.id}: capacity must not be negative")
        _set(self, "skills", _text_set(self.skills, "skills"))
        _set(self, "sectors", _text_set(self.sectors, "sectors", fold=True))
        _set(self, "languages", _text_set(self.languages, "languages", fold=True))
        _set(self, "region", " ".join((self.region or "").split()))
        _set(self, "formats", _formats(self.formats))
        _set(self, "bio", self.bio or "")
        _set(self, "organisation", _optional_text(self.organisation))
        _set(self, "person", _optional_text(self.person))
        _set(self, "stages", _text_set(self.stages, "stages", fold=True))
        _set(self, "years_experience", _amount(self.years_experience, "years_experience"))
        _set(self, "hours_per_month", _amount(self.hours_per_month, "hours_per_month"))


@dataclass(frozen=True, slots=True)
class MenteeProfile:
    """Someone asking for mentoring; skills_wanted keeps the order the mentee gave."""

    id: str
    goals: tuple[str, ...] = ()
    skills_wanted: tuple[str, ...] = ()
    sector: str = ""
    languages: frozenset[str] = frozenset({"en"})
    region: str = ""
    formats: frozenset[str] = FORMATS
    organisation: str | None = None
    person: str | None = None
    stage: str | None = None
    hours_per_month: float | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id:
            raise ValueError("a mentee id must be a non-empty string")
        _set(self, "goals", _ordered_texts(self.goals, "goals"))
        _set(self, "skills_wanted", _ordered_texts(self.skills_wanted, "skills_wanted"))
        _set(self, "sector", " ".join((self.sector or "").split()).casefold())
        _set(self, "languages", _text_set(self.languages, "languages", fold=True))
        _set(self, "region", " ".join((self.region or "").split()))
        _set(self, "formats", _formats(self.formats))
        _set(self, "organisation", _optional_text(self.organisation))
        _set(self, "person", _optional_text(self.person))
        stage = _optional_text(self.stage)
        _set(self, "stage", stage.casefold() if stage else None)
        _set(self, "hours_per_month", _amount(self.hours_per_month, "hours_per_month"))


@dataclass(frozen=True, slots=True)
class Skill:
    """A taxonomy entry."""

    name: str
    category: str
    synonyms: tuple[str, ...] = ()


class Taxonomy:
    """Canonicalises skill names and synonyms (ignoring case and punctuation).

    Built from (name, category, synonyms) triples. A name always wins over another skill's
    synonym, and earlier entries win ties, so a messy coordinator-edited list still resolves
    deterministically. Unknown skills are kept as free text: their canonical form is their
    normalised text and they have no category.
    """

    __slots__ = ("_lookup", "skills")

    def __init__(self, entries: Iterable[tuple[str, str, Iterable[str]]] = ()) -> None:
        self.skills: tuple[Skill, ...] = tuple(
            Skill(" ".join(name.split()), " ".join(category.split()), tuple(synonyms))
            for name, category, synonyms in entries
        )
        lookup: dict[str, Skill] = {}
        for skill in self.skills:
            lookup.setdefault(normalise_term(skill.name), skill)
        for skill in self.skills:
            for synonym in skill.synonyms:
                lookup.setdefault(normalise_term(synonym), skill)
        self._lookup = lookup

    def __len__(self) -> int:
        return len(self.skills)

    def __contains__(self, skill: object) -> bool:
        return isinstance(skill, str) and normalise_term(skill) in self._lookup

    def __repr__(self) -> str:
        return f"Taxonomy({len(self.skills)} skills)"

    def lookup(self, skill: str) -> Skill | None:
        """The taxonomy entry a name or synonym refers to, or None for free text."""
        return self._lookup.get(normalise_term(skill))

    def canonical(self, skill: str) -> str:
        """The taxonomy name for a name or synonym; normalised text for free text."""
        entry = self.lookup(skill)
        return entry.name if entry else normalise_term(skill)

    def category(self, skill: str) -> str | None:
        """The category of a skill, or None for free text."""
        entry = self.lookup(skill)
        return entry.category if entry else None

    def synonyms(self, skill: str) -> tuple[str, ...]:
        """Other names of a skill (empty for free text)."""
        entry = self.lookup(skill)
        return entry.synonyms if entry else ()

    @property
    def categories(self) -> tuple[str, ...]:
        """The categories, sorted."""
        return tuple(sorted({s.category for s in self.skills}))
