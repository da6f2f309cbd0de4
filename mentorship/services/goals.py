"""Writes on the mentee's goals: set, carried over from the profile, progressed or commented."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from mentorship.models import (
    Goal,
    GoalUpdate,
    Mentorship,
    Session,
    Side,
)
from mentorship.rules import goal_key, goal_title
from mentorship.services.errors import MentorshipError
from mentorship.services.relationship import NOT_ACTIVE, party_side, side_of

ONLY_MENTEE = _("Only the mentee sets goals: mentoring works with the mentee's own goals.")


def _require_mentee_of_open(mentorship: Mentorship, by: User) -> None:
    if side_of(mentorship, by) != Side.MENTEE:
        raise MentorshipError(ONLY_MENTEE)
    if mentorship.status not in Mentorship.OPEN_STATUSES:
        raise MentorshipError(NOT_ACTIVE)


@transaction.atomic
def goal_create(
    *,
    mentorship: Mentorship,
    by: User,
    title: str,
    why: str = "",
    due_on: date | None = None,
    measure: str = "",
) -> Goal:
    _require_mentee_of_open(mentorship, by)
    return Goal.objects.create(
        mentorship=mentorship, title=title, why=why, due_on=due_on, measure=measure, created_by=by
    )


@transaction.atomic
def goals_from_profile(*, mentorship: Mentorship, by: User, titles: Sequence[str]) -> list[Goal]:
    """The mentee carries the goals typed in their profile over to the mentorship, as confirmed
    or edited on the goals page. A title the mentorship already has (ignoring case) is skipped,
    so a second submit adds nothing."""
    _require_mentee_of_open(mentorship, by)
    # Locked so that two submits at once cannot both find a title missing.
    Mentorship.objects.select_for_update().filter(pk=mentorship.pk).first()
    have = {goal_key(t) for t in mentorship.goals.values_list("title", flat=True)}
    created = []
    for title in map(goal_title, titles):
        if title and goal_key(title) not in have:
            have.add(goal_key(title))
            created.append(Goal(mentorship=mentorship, title=title, created_by=by))
    return Goal.objects.bulk_create(created)


@transaction.atomic
def goal_update(
    *, goal: Goal, by: User, progress: str = "", note: str = "", session: Session | None = None
) -> GoalUpdate:
    """Change a goal's progress (either side) or comment on it; both are kept as its history."""
    party_side(goal.mentorship, by)
    if progress and progress != goal.progress:
        goal.progress = progress
        goal.save(update_fields=["progress", "updated_at"])
    else:
        progress = ""
    return GoalUpdate.objects.create(
        goal=goal, progress=progress, note=note, session=session, by=by
    )
