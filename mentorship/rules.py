"""Pure rules of the relationship, asked by services and selectors alike (no queries, no writes)."""

from __future__ import annotations

from mentorship.models import (
    Feedback,
    Goal,
    Mentorship,
)


def goal_title(text: str) -> str:
    """A goal title as stored: runs of whitespace made one space, cut to the field's length."""
    return " ".join(text.split())[: Goal._meta.get_field("title").max_length]


def goal_key(text: str) -> str:
    """When two titles are the same goal: as stored, ignoring case. The goals page and the
    carry-over both use it, so a goal carried over is never offered again."""
    return goal_title(text).casefold()


MIDWAY_FEEDBACK_AFTER = 3  # confirmed sessions


MENTEE_BENEFITS = ("advice", "expertise", "feedback", "communication", "network", "career")


MENTOR_BENEFITS = ("leadership", "communication", "perspective", "satisfaction")


def feedback_moment_due(mentorship: Mentorship, *, confirmed: int) -> str | None:
    """Which feedback is due now, if any: at the close, or after the third confirmed session."""
    if mentorship.status in (Mentorship.Status.COMPLETED, Mentorship.Status.ENDED):
        return Feedback.Moment.CLOSE
    if confirmed >= MIDWAY_FEEDBACK_AFTER:
        return Feedback.Moment.MIDWAY
    return None
