"""How pairs are weighed and which are acceptable at all."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields

PARTS = ("skills", "goals", "experience", "region", "availability", "sector")


@dataclass(frozen=True, slots=True)
class Weights:
    """Relative importance of each part of a pair's score (need not sum to 1).

    A part only counts for a pair when the mentee said something about it (wanted skills,
    goal text, a stage, hours); region only counts when meeting in person is the pair's only
    shared format. The total is the weighted mean of the parts that count, so 0..1.
    """

    skills: float = 0.40
    goals: float = 0.25
    experience: float = 0.10
    region: float = 0.10
    availability: float = 0.10
    sector: float = 0.05  # a small bonus only: cross-sector mentoring is welcome

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise TypeError(f"weight {f.name} must be a number")
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"weight {f.name} must be a finite number >= 0")

    def as_dict(self) -> dict[str, float]:
        """The weights by part name."""
        return {name: float(getattr(self, name)) for name in PARTS}


@dataclass(frozen=True, slots=True)
class Policy:
    """Scoring weights, partial-credit factors and the limits of a matching round.

    same_category_credit: credit for a wanted skill the mentor lacks when they offer another
    skill of the same category. goal_similarity_for_full_credit: the share of the goal text
    (by TF-IDF weight) found in the mentor's skills, their synonyms and bio at which the
    goals part counts fully. stage_share: share of the experience
    part earned by having helped co-ops at the mentee's stage; the rest comes from years of
    experience, full at years_for_full_credit. min_score: pairs scoring below it are never
    proposed. max_candidates: how many best-scoring feasible mentors per mentee the solver
    sees (None for all); repair_rounds: extra passes that offer still-unmatched mentees the
    mentors who have room left, so the cap rarely costs a match.
    """

    weights: Weights = field(default_factory=Weights)
    min_score: float = 0.0
    same_category_credit: float = 0.5
    goal_similarity_for_full_credit: float = 0.5
    stage_share: float = 0.6
    years_for_full_credit: float = 10.0
    max_candidates: int | None = 50
    repair_rounds: int = 5

    def __post_init__(self) -> None:
        for name in ("min_score", "same_category_credit", "stage_share"):
            value = getattr(self, name)
            if not isinstance(value, int | float) or not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1")
        for name in ("goal_similarity_for_full_credit", "years_for_full_credit"):
            value = getattr(self, name)
            if not isinstance(value, int | float) or not value > 0 or not math.isfinite(value):
                raise ValueError(f"{name} must be a positive number")
        if self.max_candidates is not None and (
            isinstance(self.max_candidates, bool)
            or not isinstance(self.max_candidates, int)
            or self.max_candidates < 1
        ):
            raise ValueError("max_candidates must be a positive integer or None")
        if isinstance(self.repair_rounds, bool) or not isinstance(self.repair_rounds, int):
            raise TypeError("repair_rounds must be an integer")
        if self.repair_rounds < 0:
            raise ValueError("repair_rounds must not be negative")
