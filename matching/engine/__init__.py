"""The matching engine: pure Python (numpy and OR-Tools), no Django, importable on its own.

What lives where, in the order a round runs:

- profiles: mentor and mentee profiles as the engine sees them, and the skills taxonomy
- policy: the weights of a score's parts and the limits of a round
- text: words of goals and bios (tokens, stems, TF-IDF weights)
- scoring: one pair's score, part by part, and its reasons (`Scorer`)
- wording: what reasons say, and the `Wording` that puts them in a reader's words
- batch: the same scores for blocks of pairs at once with numpy (`BatchScorer`)
- constraints: the hard rules no proposal may break, and an index applying them to groups
- candidates: every feasible pair scored, each mentee's best kept
- solver: the exact assignment (most mentees matched, then the highest total score)
- explain: why a mentee was left unmatched, in words
- pipeline: `match`, which runs all of the above for one round
- pair: one pair on its own, with every rule it breaks (for pairing by hand)

The names below are the engine's public API; callers import them from here.
"""

from .constraints import Infeasible, infeasibility
from .explain import Explanation, Funnel, Unmatched, explain
from .pair import PairEvaluation, evaluate_pair
from .pipeline import (
    Assignment,
    CandidatePairs,
    MatchResult,
    MatchStats,
    UnmatchedMentee,
    candidate_pairs,
    match,
)
from .policy import PARTS, Policy, Weights
from .profiles import FORMATS, IN_PERSON, REMOTE, MenteeProfile, MentorProfile, Skill, Taxonomy
from .scoring import ScoreBreakdown, Scorer
from .solver import Solution, solve
from .wording import Wording

__all__ = [
    "FORMATS",
    "IN_PERSON",
    "PARTS",
    "REMOTE",
    "Assignment",
    "CandidatePairs",
    "Explanation",
    "Funnel",
    "Infeasible",
    "MatchResult",
    "MatchStats",
    "MenteeProfile",
    "MentorProfile",
    "PairEvaluation",
    "Policy",
    "ScoreBreakdown",
    "Scorer",
    "Skill",
    "Solution",
    "Taxonomy",
    "Unmatched",
    "UnmatchedMentee",
    "Weights",
    "Wording",
    "candidate_pairs",
    "evaluate_pair",
    "explain",
    "infeasibility",
    "match",
    "solve",
]
