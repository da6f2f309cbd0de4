"""The mentoring side of the demo programme: pairs with their history, sessions, goals and feedback.

Rows are built in memory and stored with bulk inserts of BATCH rows, so the number of queries
grows with the programme only by one per BATCH rows of a table, never by one per row. They look
like rows the services leave behind: a pair was paired by a coordinator, approved, both sides accepted the agreement, then it ran, paused,
completed or ended early; sessions were scheduled, logged by the mentor and confirmed by the
mentee. Nothing is sent: no outbox row is written, since none of the mentorship emails is called.

Whether a mentee is paired at all depends only on the seed, their email and when they joined,
and a mentee left unpaired had no mentor who fits; so running the command again finds every
mentee due a mentor paired already and adds nothing.
"""

from __future__ import annotations

import random
import zlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from accounts.demo import DEMO_DOMAIN, coordinator_ensure, given_times
from accounts.models import MemberProfile, MenteeProfile, Skill
from mentorship.models import (
    Feedback,
    Goal,
    GoalUpdate,
    MeetingFormat,
    MeetingFrequency,
    Mentorship,
    MentorshipTransition,
    Programme,
    Session,
)
from mentorship.rules import MENTEE_BENEFITS, MENTOR_BENEFITS, MIDWAY_FEEDBACK_AFTER

BATCH = 2000
# A pairing is proposed at most 20 days before it starts, and both members had joined by then.
JOINED_BEFORE_START = timedelta(days=21)
Status = Mentorship.Status

# Out of 1000 mentees: how many are in each state (the rest wait for a mentor).
FATES = ((Status.ACTIVE, 370), (Status.COMPLETED, 320), (Status.ENDED, 35), (Status.PAUSED, 10))
EVERY = {
    MeetingFrequency.WEEKLY: 7,
    MeetingFrequency.FORTNIGHTLY: 14,
    MeetingFrequency.MONTHLY: 30,
}
FREQUENCY_WEIGHTS = (35, 45, 20)
SUMMARIES = [
    "We worked through {topic} and agreed what to try before we next meet.",
    "Mostly {topic}: we looked at what other co-ops have done and picked one idea to test.",
    "Reviewed progress since last time, then spent most of the hour on {topic}.",
    "A practical session on {topic}, with a template to adapt for the board.",
    "Talked through a difficult members' meeting, then {topic}.",
]
AGENDAS = [
    "Catch up, then {topic}.",
    "Go through the questions on {topic} we noted last time.",
    "{topic}, and plan for the next general meeting.",
]
REFLECTIONS = [
    "Really useful: I feel clearer about the next step.",
    "Good to hear how another co-op handled this.",
    "I need to read up before next time, but I know what to ask now.",
]
DISPUTE_NOTES = ["We moved this to the following week.", "It was shorter than logged."]
WHYS = [
    "Without it we cannot plan with confidence.",
    "Our members asked for it at the last general meeting.",
    "The funder needs it before releasing the next payment.",
]
MEASURES = [
    "The board has signed it off.",
    "It is agreed at a general meeting.",
    "We have done it once without help.",
]
GOAL_NOTES = ["First draft shared.", "Halfway there.", "Done and agreed by the board."]
LEARNED = [
    "How a small co-op decides things quickly without losing anyone.",
    "New ways to explain the numbers to members who are not finance people.",
    "That our problems are more common than I thought.",
    "How much a clear agenda helps a meeting.",
]
CLOSE_REASONS = {
    Status.COMPLETED: [
        "We reached the end of the agreed period.",
        "The goals we set are done.",
    ],
    Status.ENDED: [
        "Our co-op has paused the project, so we are stopping for now.",
        "Neither of us can find the time at the moment.",
    ],
}


@dataclass(frozen=True)
class _Member:
    user_id: int
    email: str
    joined: datetime
    organisation_id: int | None
    mentee_id: int | None
    capacity: int
    is_mentor: bool


@dataclass
class MentoringSummary:
    mentorships: int = 0
    sessions: int = 0
    goals: int = 0
    goal_updates: int = 0
    feedback: int = 0


@dataclass
class _Rows:
    """Everything to insert, parents before children (a child holds its unsaved parent)."""

    mentorships: list[Mentorship] = field(default_factory=list)
    transitions: list[MentorshipTransition] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)
    topics: list[tuple[Session, int]] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    goal_updates: list[GoalUpdate] = field(default_factory=list)
    feedback: list[Feedback] = field(default_factory=list)


def _fate(seed: int, email: str) -> str | None:
    """A mentee's state depends on the seed and their email only, never on who else exists."""
    bucket = zlib.crc32(f"{seed}:{email}".encode()) % 1000
    for status, share in FATES:
        if bucket < share:
            return status
        bucket -= share
    return None


@dataclass
class _Pair:
    """One pairing being built: its two members, its row and the times that shape its history."""

    mentor: _Member
    mentee: _Member
    fate: str
    started: datetime
    closed: datetime | None  # when it completed or ended
    stop: datetime | None = None  # when its sessions stop: now, or when it paused or closed
    mentorship: Mentorship | None = None
    sessions: list[Session] = field(default_factory=list)


@transaction.atomic
def demo_mentoring_create(*, seed: int = 2026, now: datetime | None = None) -> MentoringSummary:
    """Pair the demo mentees that are due a mentor and have none yet, with their history."""
    now = now or timezone.now()
    rng = random.Random(seed)
    programme = Programme.objects.order_by("pk").first()
    months = programme.default_length_months if programme else 6
    pairs = _pairs(rng, _demo_members(), seed=seed, clock=_Clock(rng, now, months))
    if not pairs:
        return MentoringSummary()
    builder = _Builder(
        rng=rng,
        now=now,
        months=months,
        coordinator_id=coordinator_ensure().pk,
        skills=list(Skill.objects.order_by("pk").values_list("pk", "name")),
        goals=_mentee_goals([pair.mentee.mentee_id for pair in pairs]),
    )
    for pair in pairs:
        builder.add(pair)
    return _save(builder.rows)


def _demo_members() -> list[_Member]:
    rows = (
        MemberProfile.objects.filter(user__email__endswith=f"@{DEMO_DOMAIN}")
        .order_by("user_id")
        .values_list(
            "user_id", "user__email", "user__date_joined", "organisation_id",
            "mentee_profile_id", "capacity", "role",
        )
    )  # fmt: skip
    return [
        _Member(user_id, email, joined, org, mentee, capacity, role != MemberProfile.Role.MENTEE)
        for user_id, email, joined, org, mentee, capacity, role in rows
    ]


@dataclass
class _Clock:
    """When a pairing in a given state started (and closed), after its members joined."""

    rng: random.Random
    now: datetime
    months: int

    def timeline(self, fate: str, joined: datetime) -> tuple[datetime, datetime | None] | None:
        length, now, days = relativedelta(months=self.months), self.now, timedelta(days=1)
        if fate == Status.COMPLETED:
            low, high = now - length - 420 * days, now - length - 14 * days
        elif fate == Status.ENDED:
            low, high = now - 400 * days, now - 60 * days
        else:  # still running, some of them close to their planned end
            low, high = now - (self.months * 30 - 5) * days, now - 3 * days
        low = max(low, joined + JOINED_BEFORE_START)
        if low >= high:
            return None  # joined too recently for this story: still waiting for a mentor
        started = low + (high - low) * self.rng.random()
        if fate == Status.COMPLETED:
            return started, started + length
        if fate == Status.ENDED:
            return started, min(started + self.rng.uniform(20, 100) * days, now - days)
        return started, None


def _pairs(rng: random.Random, members: list[_Member], *, seed: int, clock: _Clock) -> list[_Pair]:
    """A mentor for each mentee due one: never themselves, never from their own co-op, a member
    before the pairing started, and for an open pairing only one with room."""
    existing = Mentorship.objects.filter(mentee__members__user__email__endswith=f"@{DEMO_DOMAIN}")
    paired = set(existing.values_list("mentee_id", flat=True))
    open_counts = Counter(
        existing.filter(status__in=Mentorship.OPEN_STATUSES).values_list("mentor_id", flat=True)
    )
    mentors = [m for m in members if m.is_mentor]
    with_room = [m for m in mentors if open_counts[m.user_id] < m.capacity]
    pairs = []
    for mentee in members:
        fate = _fate(seed, mentee.email) if mentee.mentee_id else None
        if fate is None or mentee.mentee_id in paired:
            continue
        timeline = clock.timeline(fate, mentee.joined)
        if timeline is None:
            continue
        is_open = fate in Mentorship.OPEN_STATUSES
        candidates = with_room if is_open else mentors
        mentor = _pick_mentor(rng, candidates, mentee, joined_by=timeline[0] - JOINED_BEFORE_START)
        if mentor is None:
            continue
        paired.add(mentee.mentee_id)
        pairs.append(_Pair(mentor, mentee, fate, *timeline))
        if is_open:
            open_counts[mentor.user_id] += 1
            if open_counts[mentor.user_id] >= mentor.capacity:
                with_room.remove(mentor)
    return pairs


def _pick_mentor(
    rng: random.Random, mentors: list[_Member], mentee: _Member, *, joined_by: datetime
) -> _Member | None:
    """A random mentor who fits, or, after a few misses, the first who does: so a mentee left
    without one had nobody who fits, and a second run finds nobody either."""

    def fits(mentor: _Member) -> bool:
        return (
            mentor.user_id != mentee.user_id
            and mentor.organisation_id != mentee.organisation_id
            and mentor.joined <= joined_by
        )

    if not mentors:
        return None
    for _ in range(10):
        mentor = rng.choice(mentors)
        if fits(mentor):
            return mentor
    return next((mentor for mentor in mentors if fits(mentor)), None)


def _mentee_goals(mentee_ids: list[int]) -> dict[int, list[str]]:
    """The goals each mentee wrote on their profile: the pair's goals start from these."""
    goals = MenteeProfile.objects.filter(pk__in=mentee_ids).values_list("pk", "goals")
    return {pk: [line for line in text.splitlines() if line.strip()] for pk, text in goals}


class _Builder:
    """Builds the rows of one pairing at a time, the way the services would have left them."""

    def __init__(self, *, rng, now, months, coordinator_id, skills, goals) -> None:
        self.rng, self.now, self.months = rng, now, months
        self.coordinator_id, self.skills, self.goals = coordinator_id, skills, goals
        self.rows = _Rows()

    def _days(self, low: float, high: float) -> timedelta:
        return timedelta(days=self.rng.uniform(low, high))

    def add(self, pair: _Pair) -> None:
        pair.stop = pair.closed or self.now
        if pair.fate == Status.PAUSED:
            pair.stop = pair.started + (self.now - pair.started) * self.rng.uniform(0.3, 0.9)
        second = self._mentorship(pair)
        self._transitions(pair, second)
        self._sessions(pair)
        self._goals(pair)
        self._feedback(pair)

    def _mentorship(self, pair: _Pair) -> int:
        """The pair's row; returns who accepted the agreement second, which started it."""
        rng, started = self.rng, pair.started
        proposed = started - self._days(5, 20)
        approved = proposed + self._days(0.1, 3)
        first_accept = approved + (started - approved) * rng.uniform(0.1, 0.9)
        mentor_first = rng.random() < 0.5
        pair.mentorship = Mentorship(
            mentor_id=pair.mentor.user_id, mentee_id=pair.mentee.mentee_id, status=pair.fate,
            origin=Mentorship.Origin.MANUAL, created_at=proposed, updated_at=started,
            approved_at=approved, approved_by_id=self.coordinator_id,
            ends_on=(started + relativedelta(months=self.months)).date(),
            meeting_frequency=rng.choices(list(EVERY), weights=FREQUENCY_WEIGHTS)[0],
            meeting_format=rng.choice(list(MeetingFormat.values)),
            mentor_accepted_at=first_accept if mentor_first else started,
            mentee_accepted_at=started if mentor_first else first_accept,
            mentee_accepted_by_id=pair.mentee.user_id,
        )  # fmt: skip
        self.rows.mentorships.append(pair.mentorship)
        return pair.mentee.user_id if mentor_first else pair.mentor.user_id

    def _transitions(self, pair: _Pair, second: int) -> None:
        mentorship = pair.mentorship
        steps = [
            ("", Status.PROPOSED, self.coordinator_id, "Paired by hand", mentorship.created_at),
            (Status.PROPOSED, Status.APPROVED, self.coordinator_id, "", mentorship.approved_at),
            (Status.APPROVED, Status.ACTIVE, second, "Both accepted the agreement", pair.started),
        ]
        if pair.fate != Status.ACTIVE:
            by = self.rng.choice([pair.mentor.user_id, pair.mentee.user_id])
            reason = self.rng.choice(CLOSE_REASONS.get(pair.fate, [""]))
            steps.append((Status.ACTIVE, pair.fate, by, reason, pair.stop))
        self.rows.transitions += [
            MentorshipTransition(
                mentorship=mentorship, from_status=from_status, to_status=to_status,
                by_id=by, reason=reason, at=at,
            )
            for from_status, to_status, by, reason, at in steps
        ]  # fmt: skip
        mentorship.updated_at = steps[-1][4]

    def _sessions(self, pair: _Pair) -> None:
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

    def _session(self, pair: _Pair, starts_at: datetime) -> Session:
        rng, meeting_format = self.rng, pair.mentorship.meeting_format
        skill_id, topic = rng.choice(self.skills) if self.skills else (None, "our plans")
        remote = meeting_format == MeetingFormat.REMOTE or (
            meeting_format == MeetingFormat.MIXED and rng.random() < 0.5
        )
        session = Session(
            mentorship=pair.mentorship, starts_at=starts_at,
            duration_minutes=rng.choice([45, 60, 60, 60, 90, 120]),
            format=Session.Format.REMOTE if remote else Session.Format.IN_PERSON,
            place="" if remote else "The co-op's meeting room",
            link=f"https://meet.jit.si/coop-demo-{rng.getrandbits(40):x}" if remote else "",
            agenda=rng.choice(AGENDAS).format(topic=topic),
            created_by_id=rng.choice([pair.mentor.user_id, pair.mentee.user_id]),
            created_at=min(max(starts_at - self._days(2, 14), pair.started), self.now),
        )  # fmt: skip
        self._log(session, pair, topic, skill_id)
        self.rows.sessions.append(session)
        return session

    def _log(self, session: Session, pair: _Pair, topic: str, skill_id: int | None) -> None:
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

    def _goals(self, pair: _Pair) -> None:
        """The mentee's profile goals, each moved on by the mentor in the logs of later sessions."""
        rng = self.rng
        titles = self.goals.get(pair.mentee.mentee_id) or ["Agree our priorities for the year"]
        for title in titles:
            created = min(pair.started + self._days(0, 10), self.now)
            goal = Goal(
                mentorship=pair.mentorship, title=title, why=rng.choice(WHYS),
                due_on=pair.mentorship.ends_on, measure=rng.choice(MEASURES),
                created_by_id=pair.mentee.user_id, created_at=created, updated_at=created,
            )  # fmt: skip
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
                        goal=goal, progress=progress, session=session, by_id=pair.mentor.user_id,
                        note=rng.choice(GOAL_NOTES), at=session.logged_at,
                    )
                )  # fmt: skip
                goal.progress, goal.updated_at = progress, session.logged_at

    def _feedback(self, pair: _Pair) -> None:
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
                        mentorship=pair.mentorship, by_id=by, side=side, moment=moment,
                        ratings={b: self.rng.choice([3, 4, 4, 5, 5]) for b in benefits},
                        learned=self.rng.choice(LEARNED), at=min(due + self._days(0, 7), until),
                    )
                )  # fmt: skip


def _save(rows: _Rows) -> MentoringSummary:
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
