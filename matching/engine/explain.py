"""Why a mentee was left unmatched, in words a coordinator can act on.

The reason comes from the first step of candidate generation that left the mentee with no
mentor: language, meeting format, room, conflicts, minimum score; or, when suitable mentors
existed, from the solver having given every one of them to other mentees.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from .profiles import IN_PERSON, REMOTE, MenteeProfile
from .wording import ENGLISH, Wording, display_skill, join_words


class Unmatched(StrEnum):
    """Machine-readable kinds of reason."""

    NO_MENTORS = "no_mentors"
    NO_SHARED_LANGUAGE = "no_shared_language"
    NO_SHARED_FORMAT = "no_shared_format"
    MENTORS_FULL = "mentors_full"
    CONFLICTS = "conflicts"
    BELOW_MIN_SCORE = "below_min_score"
    TAKEN_BY_OTHERS = "taken_by_others"
    OUTSIDE_CANDIDATES = "outside_candidates"


@dataclass(frozen=True, slots=True)
class Funnel:
    """How many mentors were still possible for one mentee after each step.

    share_format counts mentors sharing a language and a format; with_room those of them
    with room; allowed those of them with no conflict; above_min those also reaching the
    minimum score. full_offering counts mentors sharing a language and a format but with no
    room who offer one of the wanted skills (full_offering_skills names those skills).
    """

    mentors: int
    share_language: int
    share_format: int
    with_room: int
    allowed: int
    above_min: int
    same_person: int = 0
    same_organisation: int = 0
    excluded: int = 0
    best_score: float | None = None
    full_offering: int = 0
    full_offering_skills: tuple[str, ...] = ()
    outside_candidates: bool = False
    max_candidates: int | None = None


@dataclass(frozen=True, slots=True)
class Explanation:
    """A reason code and its sentence."""

    code: Unmatched
    text: str


def explain(
    mentee: MenteeProfile, funnel: Funnel, min_score: float = 0.0, wording: Wording = ENGLISH
) -> Explanation:
    """The reason this mentee is unmatched, from the first step that ran out of mentors."""
    languages = wording.languages(mentee.languages, "or")
    if funnel.mentors == 0:
        return Explanation(Unmatched.NO_MENTORS, "there are no mentors in this round")
    if funnel.share_language == 0:
        if not languages:
            return Explanation(Unmatched.NO_SHARED_LANGUAGE, "no language given")
        return Explanation(Unmatched.NO_SHARED_LANGUAGE, f"no mentor speaks {languages}")
    if funnel.share_format == 0:
        if not mentee.formats:
            return Explanation(
                Unmatched.NO_SHARED_FORMAT, "no meeting format given (in person or remote)"
            )
        return Explanation(
            Unmatched.NO_SHARED_FORMAT,
            f"no mentor {_who(1, languages, frozenset())} {_meets(mentee.formats, 1)}",
        )
    if funnel.with_room == 0:
        return Explanation(Unmatched.MENTORS_FULL, _full(mentee, funnel, languages))
    if funnel.allowed == 0:
        return Explanation(Unmatched.CONFLICTS, _conflicts(mentee, funnel, languages))
    if funnel.above_min == 0:
        best = f" (best {funnel.best_score:.2f})" if funnel.best_score is not None else ""
        return Explanation(
            Unmatched.BELOW_MIN_SCORE,
            f"no suitable mentor reaches the minimum score of {min_score:.2f}{best}",
        )
    if funnel.outside_candidates:
        return Explanation(
            Unmatched.OUTSIDE_CANDIDATES,
            "a suitable mentor still has room but was not among this mentee's best "
            f"{funnel.max_candidates} candidates; raise the candidate limit and match again",
        )
    if funnel.above_min == 1:
        text = "the only suitable mentor was given to another mentee"
    else:
        text = f"all {funnel.above_min} suitable mentors were given to other mentees"
    return Explanation(Unmatched.TAKEN_BY_OTHERS, f"{text} who had fewer options or a closer fit")


def _who(count: int, languages: str, formats: frozenset[str], skills: Sequence[str] = ()) -> str:
    """A clause like "who speaks Welsh and meets remotely" (plural verbs unless count is 1);
    languages are already named and joined with "or"."""
    clauses = [f"{_verb('speak', count)} {languages}"]
    if formats and len(formats) == 1:
        clauses.append(_meets(formats, count))
    if skills:
        names = [display_skill(s) for s in skills]
        clauses.append(f"{_verb('offer', count)} {join_words(names, 'or')}")
    return "who " + join_words(clauses)


def _verb(verb: str, count: int) -> str:
    return f"{verb}s" if count == 1 else verb


def _meets(formats: frozenset[str], count: int) -> str:
    if formats == {REMOTE}:
        return f"{_verb('meet', count)} remotely"
    if formats == {IN_PERSON}:
        return f"{_verb('meet', count)} in person"
    return f"{_verb('share', count)} a meeting format"


def _full(mentee: MenteeProfile, funnel: Funnel, languages: str) -> str:
    skills: tuple[str, ...]
    count, skills = funnel.share_format, ()
    if funnel.full_offering:
        count, skills = funnel.full_offering, funnel.full_offering_skills
    who = _who(count, languages, mentee.formats, skills)
    if count == 1:
        return f"the only mentor {who} is full"
    return f"all {count} mentors {who} are full"


def _conflicts(mentee: MenteeProfile, funnel: Funnel, languages: str) -> str:
    removed = []
    if funnel.same_person:
        removed.append("their own mentor profile")
    if funnel.same_organisation:
        removed.append(f"{funnel.same_organisation} from the same organisation")
    if funnel.excluded:
        removed.append(
            f"{funnel.excluded} excluded (conflict of interest, rejected before or blocked)"
        )
    who = _who(funnel.with_room, languages, mentee.formats)
    if funnel.with_room == 1:
        return f"the only mentor {who} with room is ruled out: {join_words(removed)}"
    return f"every mentor {who} with room is ruled out: {join_words(removed)}"
