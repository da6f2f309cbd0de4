"""One pair looked at on its own: its score and every hard constraint it breaks.

A coordinator pairing two members by hand may overrule a constraint, so unlike the candidate
search, which stops at the first broken rule, this lists them all, in words.
"""

from __future__ import annotations

from dataclasses import dataclass

from .constraints import Infeasible, broken_constraints
from .policy import Policy
from .profiles import MenteeProfile, MentorProfile, Taxonomy
from .scoring import ScoreBreakdown, Scorer
from .wording import ENGLISH, Wording, join_words

FORMAT_WORDS = {"in_person": "in person", "remote": "remotely"}


@dataclass(frozen=True, slots=True)
class PairEvaluation:
    breakdown: ScoreBreakdown
    broken: tuple[str, ...]


def evaluate_pair(
    mentee: MenteeProfile,
    mentor: MentorProfile,
    *,
    taxonomy: Taxonomy,
    policy: Policy,
    excluded: bool = False,
    wording: Wording = ENGLISH,
) -> PairEvaluation:
    """Score the pair as a run would (text weights learnt from this mentor alone) and list,
    in words, each hard constraint it breaks."""
    scorer = Scorer([mentor], taxonomy, policy)
    breakdown = scorer.breakdown(scorer.prepare(mentee), 0, wording)
    broken = broken_constraints(
        mentee,
        mentor,
        exclusions={(mentee.id, mentor.id)} if excluded else frozenset(),
        score=breakdown.total,
        min_score=policy.min_score,
    )
    words = _Words(mentee, mentor, breakdown.total, policy.min_score, wording)
    return PairEvaluation(breakdown=breakdown, broken=tuple(words.say(rule) for rule in broken))


@dataclass(frozen=True, slots=True)
class _Words:
    """A broken constraint in words, with the details of this pair."""

    mentee: MenteeProfile
    mentor: MentorProfile
    score: float
    min_score: float
    wording: Wording

    def say(self, rule: Infeasible) -> str:
        mentee, mentor = self.mentee, self.mentor
        match rule:
            case Infeasible.NO_SHARED_LANGUAGE:
                return (
                    f"no shared language (mentee: {self.wording.languages(mentee.languages)}; "
                    f"mentor: {self.wording.languages(mentor.languages)})"
                )
            case Infeasible.NO_SHARED_FORMAT:
                return (
                    f"no shared way to meet (mentee: {_formats(mentee.formats)}; "
                    f"mentor: {_formats(mentor.formats)})"
                )
            case Infeasible.MENTOR_FULL:
                return "the mentor has no room left"
            case Infeasible.SAME_PERSON:
                return "mentor and mentee are the same person"
            case Infeasible.SAME_ORGANISATION:
                return f"both belong to {mentor.organisation}"
            case Infeasible.EXCLUDED:
                return "a conflict of interest, a block, or a coordinator rejected this pair before"
            case Infeasible.BELOW_MIN_SCORE:
                return f"the score {self.score:.2f} is below the minimum {self.min_score:.2f}"


def _formats(formats: frozenset[str]) -> str:
    return join_words(sorted(FORMAT_WORDS[f] for f in formats))
