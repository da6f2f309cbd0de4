"""One pair looked at on its own: its score and every hard constraint it breaks.

A coordinator pairing two members by hand may overrule a constraint, so unlike the candidate
search, which stops at the first broken rule, this lists them all, in words.
"""

from __future__ import annotations

from dataclasses import dataclass

from .policy import Policy
from .profiles import MenteeProfile, MentorProfile, Taxonomy
from .scoring import ENGLISH, ScoreBreakdown, Scorer, Wording, join_words

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
    broken = []
    if not mentee.languages & mentor.languages:
        broken.append(
            f"no shared language (mentee: {wording.languages(mentee.languages)}; "
            f"mentor: {wording.languages(mentor.languages)})"
        )
    if not mentee.formats & mentor.formats:
        broken.append(
            f"no shared way to meet (mentee: {join_words(sorted(FORMAT_WORDS[f] for f in mentee.formats))}; "
            f"mentor: {join_words(sorted(FORMAT_WORDS[f] for f in mentor.formats))})"
        )
    if mentor.capacity <= 0:
        broken.append("the mentor has no room left")
    if mentee.person is not None and mentee.person == mentor.person:
        broken.append("mentor and mentee are the same person")
    if (
        mentee.organisation
        and mentor.organisation
        and mentee.organisation.casefold() == mentor.organisation.casefold()
    ):
        broken.append(f"both belong to {mentor.organisation}")
    if excluded:
        broken.append("a conflict of interest, a block, or a coordinator rejected this pair before")
    if breakdown.total < policy.min_score:
        broken.append(
            f"the score {breakdown.total:.2f} is below the minimum {policy.min_score:.2f}"
        )
    return PairEvaluation(breakdown=breakdown, broken=tuple(broken))
