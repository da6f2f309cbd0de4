"""The mentoring side of the demo programme: pairs with their history, sessions, goals and feedback.

Rows are built in memory and stored with bulk inserts of BATCH rows, so the number of queries
grows with the programme only by one per BATCH rows of a table, never by one per row. They look
like rows the services leave behind: a pair was paired by a coordinator, approved, both sides
accepted the agreement, then it ran, paused, completed or ended early; sessions were scheduled,
logged by the mentor and confirmed by the mentee. Nothing is sent: no outbox row is written,
since none of the mentorship emails is called.

Whether a mentee is paired at all depends only on the seed, their email and when they joined,
and a mentee left unpaired had no mentor who fits; so running the command again finds every
mentee due a mentor paired already and adds nothing.

This package's front door is demo_mentoring_create (seed_demo calls it); programmes.py makes the
three programmes and says which cohort each pair and waiting member joins, pairs.py decides who
is paired with whom and when, history.py builds each pair's rows, wording.py holds their texts.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from accounts.demo import given_times
from accounts.models import Skill, User
from mentorship.demo.history import Builder, Rows, mentee_goals
from mentorship.demo.pairs import Clock, demo_members, pairs_due
from mentorship.demo.programmes import (
    enrolments_for_pairs,
    enrolments_for_waiting,
    programmes_ensure,
)
from mentorship.models import (
    Cohort,
    Enrolment,
    Feedback,
    Goal,
    GoalUpdate,
    Mentorship,
    MentorshipTransition,
    Session,
)
from mentorship.services import cohorts as cohort_services

BATCH = 2000


@dataclass
class MentoringSummary:
    mentorships: int = 0
    sessions: int = 0
    goals: int = 0
    goal_updates: int = 0
    feedback: int = 0
    enrolments: int = 0  # written, or found already there


@transaction.atomic
def demo_mentoring_create(*, seed: int = 2026, now: datetime | None = None) -> MentoringSummary:
    """The demo's three programmes, then pair the demo mentees that are due a mentor and have
    none yet, with their history, and enrol members waiting for one."""
    now = now or timezone.now()
    rng = random.Random(seed)
    programmes = programmes_ensure(now=now)
    months = programmes.peer.programme.default_length_months
    members = demo_members()
    pairs = pairs_due(rng, members, seed=seed, clock=Clock(rng, now, months))
    builder = Builder(
        rng=rng,
        now=now,
        months=months,
        skills=list(Skill.objects.order_by("pk").values_list("pk", "name")),
        goals=mentee_goals([pair.mentee.mentee_id for pair in pairs]),
    )
    for pair in pairs:
        cohort = programmes.cohort_for(pair, seed)
        pair.cohort_id = cohort.pk
        pair.coordinator_id = programmes.coordinators[cohort.programme_id]
        builder.add(pair)
    summary = _save(builder.rows)
    enrolments = enrolments_for_pairs(pairs, programmes)
    enrolments += enrolments_for_waiting(members, programmes, seed=seed, now=now)
    summary.enrolments = _save_enrolments(enrolments)
    _pilot_report_freeze(programmes.reverse_pilot, by=programmes.coordinators)
    return summary


def _pilot_report_freeze(cohort: Cohort, *, by: dict[int, int]) -> None:
    """The closed pilot cohort gets its frozen report, as closing it in the admin would give
    (keeping its closing date); a later run finds it frozen and changes nothing."""
    if cohort.report:
        return
    coordinator = User.objects.get(pk=by[cohort.programme_id])
    cohort_services.cohort_close(cohort_id=cohort.pk, by=coordinator)


def _save_enrolments(enrolments: list[Enrolment]) -> int:
    """Store the enrolments an earlier run did not; how many that was."""
    cohorts = {e.cohort_id for e in enrolments}
    there = set(
        Enrolment.objects.filter(cohort__in=cohorts).values_list("cohort_id", "member_id", "side")
    )
    new = {}
    for enrolment in enrolments:
        key = (enrolment.cohort_id, enrolment.member_id, enrolment.side)
        if key not in there:
            new.setdefault(key, enrolment)  # a paired mentor may also be among the newcomers
    new = list(new.values())
    with given_times(Enrolment):
        Enrolment.objects.bulk_create(new, batch_size=BATCH)
    return len(new)


def _save(rows: Rows) -> MentoringSummary:
    if not rows.mentorships:
        return MentoringSummary()
    with given_times(Mentorship, MentorshipTransition, Session, Goal, GoalUpdate, Feedback):
        Mentorship.objects.bulk_create(rows.mentorships, batch_size=BATCH)
        MentorshipTransition.objects.bulk_create(rows.transitions, batch_size=BATCH)
        Session.objects.bulk_create(rows.sessions, batch_size=BATCH)
        Goal.objects.bulk_create(rows.goals, batch_size=BATCH)
        GoalUpdate.objects.bulk_create(rows.goal_updates, batch_size=BATCH)
        Feedback.objects.bulk_create(rows.feedback, batch_size=BATCH)
    topics = Session.topics.through
    topics.objects.bulk_create(
        [topics(session_id=s.pk, skill_id=skill_id) for s, skill_id in rows.topics],
        batch_size=5000,
    )
    return MentoringSummary(
        mentorships=len(rows.mentorships),
        sessions=len(rows.sessions),
        goals=len(rows.goals),
        goal_updates=len(rows.goal_updates),
        feedback=len(rows.feedback),
    )
