"""Who is paired with whom, and when: each mentee's fate, the pairing's timeline, a mentor who fits."""

from __future__ import annotations

import random
import zlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta

from accounts.demo import DEMO_DOMAIN
from accounts.models import MemberProfile
from mentorship.models import Mentorship, Session

# A pairing is proposed at most 20 days before it starts, and both members had joined by then.
JOINED_BEFORE_START = timedelta(days=21)
Status = Mentorship.Status
Role = MemberProfile.Role

# Out of 1000 mentees: how many are in each state (the rest wait for a mentor).
FATES = ((Status.ACTIVE, 370), (Status.COMPLETED, 320), (Status.ENDED, 35), (Status.PAUSED, 10))


@dataclass(frozen=True)
class Member:
    user_id: int
    email: str
    joined: datetime
    organisation_id: int | None
    mentee_id: int | None
    capacity: int
    is_mentor: bool
    stage: str | None = None  # their co-op's stage, which some programmes ask for
    is_group: bool = False  # a mentee as an enterprise group


def fate_of(seed: int, email: str) -> str | None:
    """A mentee's state depends on the seed and their email only, never on who else exists."""
    bucket = zlib.crc32(f"{seed}:{email}".encode()) % 1000
    for status, share in FATES:
        if bucket < share:
            return status
        bucket -= share
    return None


@dataclass
class Pair:
    """One pairing being built: its two members, its row and the times that shape its history."""

    mentor: Member
    mentee: Member
    fate: str
    started: datetime
    closed: datetime | None  # when it completed or ended
    stop: datetime | None = None  # when its sessions stop: now, or when it paused or closed
    # The cohort it joins and the coordinator who paired it (see programmes.py).
    cohort_id: int | None = None
    coordinator_id: int | None = None
    mentorship: Mentorship | None = None
    sessions: list[Session] = field(default_factory=list)


def demo_members() -> list[Member]:
    rows = (
        MemberProfile.objects.filter(user__email__endswith=f"@{DEMO_DOMAIN}")
        .order_by("user_id")
        .values_list(
            "user_id",
            "user__email",
            "user__date_joined",
            "organisation_id",
            "mentee_profile_id",
            "capacity",
            "role",
            "organisation__stage",
            "mentee_profile__group_name",
        )
    )
    return [
        Member(
            user_id, email, joined, org, mentee, capacity, role != Role.MENTEE, stage, bool(group)
        )
        for user_id, email, joined, org, mentee, capacity, role, stage, group in rows
    ]


@dataclass
class Clock:
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


def pairs_due(rng: random.Random, members: list[Member], *, seed: int, clock: Clock) -> list[Pair]:
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
        fate = fate_of(seed, mentee.email) if mentee.mentee_id else None
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
        pairs.append(Pair(mentor, mentee, fate, *timeline))
        if is_open:
            open_counts[mentor.user_id] += 1
            if open_counts[mentor.user_id] >= mentor.capacity:
                with_room.remove(mentor)
    return pairs


def _pick_mentor(
    rng: random.Random, mentors: list[Member], mentee: Member, *, joined_by: datetime
) -> Member | None:
    """A random mentor who fits, or, after a few misses, the first who does: so a mentee left
    without one had nobody who fits, and a second run finds nobody either."""

    def fits(mentor: Member) -> bool:
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
