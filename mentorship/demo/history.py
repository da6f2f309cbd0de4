"""Each pair's history as the services would have left it: the mentorship row and its
transitions, sessions at the pair's rhythm with their logs, goals moved on in those logs, feedback."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta

from accounts.models import MenteeProfile
from mentorship.demo.pairs import Pair
from mentorship.demo.wording import (
    AGENDAS,
    CLOSE_REASONS,
    DISPUTE_NOTES,
    GOAL_NOTES,
    LEARNED,
    MEASURES,
    REFLECTIONS,
    SUMMARIES,
    WHYS,
)
from mentorship.models import (
    Feedback,
    Goal,
    GoalUpdate,
    MeetingFormat,
    MeetingFrequency,
    Mentorship,
    MentorshipTransition,
    Session,
)
from mentorship.rules import MENTEE_BENEFITS, MENTOR_BENEFITS, MIDWAY_FEEDBACK_AFTER

Status = Mentorship.Status
EVERY = {
    MeetingFrequency.WEEKLY: 7,
    MeetingFrequency.FORTNIGHTLY: 14,
    MeetingFrequency.MONTHLY: 30,
}
FREQUENCY_WEIGHTS = (35, 45, 20)


@dataclass
class Rows:
    """Everything to insert, parents before children (a child holds its unsaved parent)."""

    mentorships: list[Mentorship] = field(default_factory=list)
    transitions: list[MentorshipTransition] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)
    topics: list[tuple[Session, int]] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    goal_updates: list[GoalUpdate] = field(default_factory=list)
    feedback: list[Feedback] = field(default_factory=list)


def mentee_goals(mentee_ids: list[int]) -> dict[int, list[str]]:
    """The goals each mentee wrote on their profile: the pair's goals start from these."""
    goals = MenteeProfile.objects.filter(pk__in=mentee_ids).values_list("pk", "goals")
    return {pk: [line for line in text.splitlines() if line.strip()] for pk, text in goals}


class Builder:
    """Builds the rows of one pairing at a time, the way the services would have left them."""

    def __init__(self, *, rng, now, months, skills, goals) -> None:
        self.rng, self.now, self.months = rng, now, months
        self.skills, self.goals = skills, goals
        self.rows = Rows()

    def _days(self, low: float, high: float) -> timedelta:
        return timedelta(days=self.rng.uniform(low, high))

    def add(self, pair: Pair) -> None:
        pair.stop = pair.closed or self.now
        if pair.fate == Status.PAUSED:
            pair.stop = pair.started + (self.now - pair.started) * self.rng.uniform(0.3, 0.9)
        second = self._mentorship(pair)
        self._transitions(pair, second)
        self._sessions(pair)
        self._goals(pair)
        self._feedback(pair)

    def _mentorship(self, pair: Pair) -> int:
        """The pair's row; returns who accepted the agreement second, which started it."""
        rng, started = self.rng, pair.started
        proposed = started - self._days(5, 20)
        approved = proposed + self._days(0.1, 3)
        first_accept = approved + (started - approved) * rng.uniform(0.1, 0.9)
        mentor_first = rng.random() < 0.5
        pair.mentorship = Mentorship(
            cohort_id=pair.cohort_id,
            mentor_id=pair.mentor.user_id,
            mentee_id=pair.mentee.mentee_id,
            status=pair.fate,
            origin=Mentorship.Origin.MANUAL,
            created_at=proposed,
            updated_at=started,
            approved_at=approved,
            approved_by_id=pair.coordinator_id,
            ends_on=(started + relativedelta(months=self.months)).date(),
            meeting_frequency=rng.choices(list(EVERY), weights=FREQUENCY_WEIGHTS)[0],
            meeting_format=rng.choice(list(MeetingFormat.values)),
            mentor_accepted_at=first_accept if mentor_first else started,
            mentee_accepted_at=started if mentor_first else first_accept,
            mentee_accepted_by_id=pair.mentee.user_id,
        )
        self.rows.mentorships.append(pair.mentorship)
        return pair.mentee.user_id if mentor_first else pair.mentor.user_id

    def _transitions(self, pair: Pair, second: int) -> None:
        mentorship = pair.mentorship
        steps = [
            ("", Status.PROPOSED, pair.coordinator_id, "Paired by hand", mentorship.created_at),
            (Status.PROPOSED, Status.APPROVED, pair.coordinator_id, "", mentorship.approved_at),
            (Status.APPROVED, Status.ACTIVE, second, "Both accepted the agreement", pair.started),
        ]
        if pair.fate != Status.ACTIVE:
            by = self.rng.choice([pair.mentor.user_id, pair.mentee.user_id])
            reason = self.rng.choice(CLOSE_REASONS.get(pair.fate, [""]))
            steps.append((Status.ACTIVE, pair.fate, by, reason, pair.stop))
        self.rows.transitions += [
            MentorshipTransition(
                mentorship=mentorship,
                from_status=from_status,
                to_status=to_status,
                by_id=by,
                reason=reason,
                created_at=at,
            )
            for from_status, to_status, by, reason, at in steps
        ]
        mentorship.updated_at = steps[-1][4]

    def _sessions(self, pair: Pair) -> None:
        """Past sessions at the pair's rhythm until it stopped, then the next one if it runs."""
        rng, every = self.rng, EVERY[pair.mentorship.meeting_frequency]
        at = (pair.started + self._days(2, 10)).replace(
            hour=rng.choice([9, 10, 14, 16, 18]), minute=0, second=0, microsecond=0
        )
        # Only an open pair can log: a closed one logged its last session before it closed.
        last = pair.stop - timedelta(days=4) if pair.closed else pair.stop
        while at < last:
            pair.sessions.append(self._session(pair, at))
            at += timedelta(days=every + rng.choice([-1, 0, 0, 1, 2]))
        if pair.fate == Status.ACTIVE and at.date() < pair.mentorship.ends_on:
            pair.sessions.append(self._session(pair, at))

    def _session(self, pair: Pair, starts_at: datetime) -> Session:
        rng, meeting_format = self.rng, pair.mentorship.meeting_format
        skill_id, topic = rng.choice(self.skills) if self.skills else (None, "our plans")
        remote = meeting_format == MeetingFormat.REMOTE or (
            meeting_format == MeetingFormat.MIXED and rng.random() < 0.5
        )
        session = Session(
            mentorship=pair.mentorship,
            starts_at=starts_at,
            duration_minutes=rng.choice([45, 60, 60, 60, 90, 120]),
            format=Session.Format.REMOTE if remote else Session.Format.IN_PERSON,
            place="" if remote else "The co-op's meeting room",
            link=f"https://meet.jit.si/coop-demo-{rng.getrandbits(40):x}" if remote else "",
            agenda=rng.choice(AGENDAS).format(topic=topic),
            created_by_id=rng.choice([pair.mentor.user_id, pair.mentee.user_id]),
            created_at=min(max(starts_at - self._days(2, 14), pair.started), self.now),
        )
        self._log(session, pair, topic, skill_id)
        self.rows.sessions.append(session)
        return session

    def _log(self, session: Session, pair: Pair, topic: str, skill_id: int | None) -> None:
        """What became of a session: still ahead, cancelled, waiting for its log, logged, or
        confirmed (or disputed) by the mentee, depending on how long ago it ended."""
        rng = self.rng
        ended = session.starts_at + timedelta(minutes=session.duration_minutes)
        logged = ended + timedelta(hours=rng.uniform(1, 70))
        if ended > self.now:
            return
        if rng.random() < 0.03:
            session.status = Session.Status.CANCELLED
            return
        if logged > self.now or (self.now - ended < timedelta(days=30) and rng.random() < 0.03):
            return  # past and not logged yet: the log reminders have work
        if rng.random() < 0.15:  # logged without being put in the diary first
            session.agenda, session.created_by_id = "", pair.mentor.user_id
            session.created_at = logged
        session.status = Session.Status.LOGGED
        session.logged_by_id, session.logged_at = pair.mentor.user_id, logged
        session.summary = rng.choice(SUMMARIES).format(topic=topic.lower())
        if skill_id is not None:
            self.rows.topics.append((session, skill_id))
        confirmed = logged + timedelta(hours=rng.uniform(2, 120))
        if confirmed > self.now or rng.random() < 0.02:
            return  # waiting for the mentee: the confirm reminders have work
        session.status = Session.Status.CONFIRMED
        if rng.random() < 0.02:
            session.status, session.dispute_note = (
                Session.Status.DISPUTED,
                rng.choice(DISPUTE_NOTES),
            )
        elif rng.random() < 0.3:
            session.mentee_reflection = rng.choice(REFLECTIONS)
        session.confirmed_by_id, session.confirmed_at = pair.mentee.user_id, confirmed

    def _goals(self, pair: Pair) -> None:
        """The mentee's profile goals, each moved on by the mentor in the logs of later sessions."""
        rng = self.rng
        titles = self.goals.get(pair.mentee.mentee_id) or ["Agree our priorities for the year"]
        for title in titles:
            created = min(pair.started + self._days(0, 10), self.now)
            goal = Goal(
                mentorship=pair.mentorship,
                title=title,
                why=rng.choice(WHYS),
                due_on=pair.mentorship.ends_on,
                measure=rng.choice(MEASURES),
                created_by_id=pair.mentee.user_id,
                created_at=created,
                updated_at=created,
            )
            self.rows.goals.append(goal)
            logged = [s for s in pair.sessions if s.logged_at and s.logged_at > created]
            steps = [Goal.Progress.UNDER_WAY]
            if pair.closed or rng.random() < 0.3:
                steps.append(rng.choice([Goal.Progress.ACHIEVED] * 4 + [Goal.Progress.DROPPED]))
            steps = [] if rng.random() < 0.15 else steps[: len(logged)]
            for progress, index in zip(
                steps, sorted(rng.sample(range(len(logged)), len(steps))), strict=True
            ):
                session = logged[index]
                self.rows.goal_updates.append(
                    GoalUpdate(
                        goal=goal,
                        progress=progress,
                        session=session,
                        by_id=pair.mentor.user_id,
                        note=rng.choice(GOAL_NOTES),
                        created_at=session.logged_at,
                    )
                )
                goal.progress, goal.updated_at = progress, session.logged_at

    def _feedback(self, pair: Pair) -> None:
        """Feedback after the third confirmed session and at the close, from most people."""
        confirmed = sorted(
            (s for s in pair.sessions if s.status == Session.Status.CONFIRMED),
            key=lambda s: s.confirmed_at,
        )
        moments = []
        if len(confirmed) >= MIDWAY_FEEDBACK_AFTER:
            due = confirmed[MIDWAY_FEEDBACK_AFTER - 1].confirmed_at
            moments.append((Feedback.Moment.MIDWAY, due, pair.closed or self.now))
        if pair.closed:
            moments.append((Feedback.Moment.CLOSE, pair.closed, self.now))
        for moment, due, until in moments:
            for side, by, benefits in (
                ("mentor", pair.mentor.user_id, MENTOR_BENEFITS),
                ("mentee", pair.mentee.user_id, MENTEE_BENEFITS),
            ):
                if self.rng.random() < 0.3:
                    continue
                self.rows.feedback.append(
                    Feedback(
                        mentorship=pair.mentorship,
                        by_id=by,
                        side=side,
                        moment=moment,
                        ratings={b: self.rng.choice([3, 4, 4, 5, 5]) for b in benefits},
                        learned=self.rng.choice(LEARNED),
                        created_at=min(due + self._days(0, 7), until),
                    )
                )
