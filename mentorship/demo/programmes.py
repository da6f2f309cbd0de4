"""The demo's three programmes, of the three kinds the co-op handbook describes, with their
cohorts, coordinators and enrolments.

- A start-up programme for groups forming a new co-op: members apply, enterprise groups too,
  and its one cohort is open for applications (some applied, some accepted), not matched yet.
- A peer programme for managers of established co-ops: one running cohort holding most of the
  demo's pairs. A fresh site's first programme (the one `migrate` makes, which every member is
  in) becomes this one, so the demo has three programmes and no empty fourth.
- A reverse-mentoring programme, young members mentoring board members, with rolling intake:
  an open cohort that takes newcomers as they come, and a pilot cohort closed earlier.

Each programme has a coordinator who runs only that one; the lead coordinator sees them all.
Which programme a pair or a waiting member belongs to depends on the seed and their email
only, like their fate in pairs.py, so running the demo again changes nothing already there.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from accounts.demo import DEMO_DOMAIN, coordinator_ensure
from accounts.models import Organisation
from mentorship.demo.pairs import Member, Pair
from mentorship.models import Cohort, Enrolment, Mentorship, Programme, Side
from mentorship.models.programmes import DEFAULT_COHORT_NAME, DEFAULT_PROGRAMME_SLUG

Stage = Organisation.Stage

START_UP_SLUG, PEER_SLUG, REVERSE_SLUG = "new-co-ops", "managers-peers", "reverse-mentoring"
# Out of 100: the pairs that are reverse mentoring (the rest are peers), and the waiting
# mentees and mentors that applied to the start-up programme or joined reverse mentoring's
# open intake.
REVERSE_SHARE = 25
START_UP_SHARE = 45
NEWCOMER_SHARE = 25


@dataclass(frozen=True)
class Coordinator:
    email: str
    name: str


# Each programme's own coordinator, who runs that programme only (the password is the lead's).
COORDINATORS = {
    START_UP_SLUG: Coordinator(f"start-up.coordinator@{DEMO_DOMAIN}", "Nia Start-up"),
    PEER_SLUG: Coordinator(f"peer.coordinator@{DEMO_DOMAIN}", "Owain Peer"),
    REVERSE_SLUG: Coordinator(f"reverse.coordinator@{DEMO_DOMAIN}", "Rhian Reverse"),
}

SETTINGS: dict[str, dict[str, Any]] = {
    START_UP_SLUG: {
        "name": "New co-op start-up mentoring",
        "kind": Programme.Kind.START_UP,
        "status": Programme.Status.OPEN,
        "admission": Programme.Admission.APPLICATION,
        "intake": Programme.Intake.COHORTS,
        "groups_may_apply": True,
        "mentor_stages": [Stage.TRADING, Stage.ESTABLISHED],
        "mentee_stages": [Stage.IDEA, Stage.FORMING],
        "description": (
            "For a group of people forming a new co-operative, or one person with the idea. "
            "An experienced co-operator from a trading co-op meets your group about twice a "
            "month for six months: governance and rules, registering, the business plan, "
            "finding your first members and money. Apply as a group if you are forming one "
            "together; your co-founders share your mentor and your sessions. Mentors are paid "
            "for their time at the hourly support rate."
        ),
        "questions": (
            "What will your co-op do, and who for?\n"
            "How far have you got: an idea, a steering group, registered?"
        ),
        "sessions_expected": 10,
        "hourly_rate": Decimal("30.00"),
        "travel_cap": Decimal("60.00"),
        "hours_claimable": True,
        "mentees_may_pick": False,
        "agreement_text": (
            "We will meet about twice a month, keep what is said in our sessions private, "
            "and the mentor logs each session for the mentee to confirm."
        ),
    },
    PEER_SLUG: {
        "name": "Peer mentoring for co-op managers",
        "kind": Programme.Kind.PEER,
        "status": Programme.Status.RUNNING,
        "admission": Programme.Admission.APPLICATION,
        "intake": Programme.Intake.COHORTS,
        "groups_may_apply": True,
        "description": (
            "Managers and coordinators of established co-ops paired with a peer from another "
            "co-op, to talk through what is hard in the job: members' meetings, growth, staff, "
            "the accounts. A management team may apply together. Learning goes both ways, and "
            "the time is given freely: only travel is paid back."
        ),
        "questions": "What would you most like another manager's view on?",
        "sessions_expected": 6,
        "hourly_rate": Decimal("0.00"),
        "travel_cap": Decimal("40.00"),
        "hours_claimable": False,
        "mentees_may_pick": True,
    },
    REVERSE_SLUG: {
        "name": "Reverse mentoring: young members and boards",
        "kind": Programme.Kind.REVERSE,
        "status": Programme.Status.RUNNING,
        "admission": Programme.Admission.APPLICATION,
        "intake": Programme.Intake.ROLLING,
        "groups_may_apply": False,
        "description": (
            "Young members mentor a board member of another co-op: social media, how younger "
            "people see the co-op, new ways of working. The board member learns, the young "
            "member gets a view of governance and a line for their CPD. Join at any time: "
            "newcomers are paired as they arrive."
        ),
        "questions": "Which board do you sit on, or what would you like to show a board?",
        "sessions_expected": 4,
        "hourly_rate": Decimal("0.00"),
        "travel_cap": Decimal("25.00"),
        "hours_claimable": False,
        "mentees_may_pick": True,
    },
}

ANSWERS = [
    "A food co-op for our estate: we have a steering group of six.",
    "Mostly our members' meetings, and how to grow without losing them.",
    "I sit on our housing co-op's board and want to understand social media.",
    "A workers' co-op for the café we already run as volunteers.",
]


@dataclass
class DemoProgrammes:
    """The demo's programmes and the cohorts its pairs and applications go to."""

    start_up: Cohort
    peer: Cohort
    reverse_open: Cohort
    reverse_pilot: Cohort
    coordinators: dict[int, int] = field(default_factory=dict)  # programme id: coordinator id

    def cohort_for(self, pair: Pair, seed: int) -> Cohort:
        """Reverse mentoring for a share of pairs (its pilot for those that completed), peers
        for the rest and for every group, which reverse mentoring does not take."""
        if pair.mentee.is_group or _bucket("programme", seed, pair.mentee.email) >= REVERSE_SHARE:
            return self.peer
        if pair.fate == Mentorship.Status.COMPLETED:
            return self.reverse_pilot
        return self.reverse_open


def _bucket(purpose: str, seed: int, email: str) -> int:
    return zlib.crc32(f"{purpose}:{seed}:{email}".encode()) % 100


def programmes_ensure(*, now: datetime) -> DemoProgrammes:
    """The three programmes with their cohorts and coordinators; found again on a second run."""
    today = timezone.localdate(now)
    start_up = _programme(START_UP_SLUG)
    peer = _programme(PEER_SLUG)
    reverse = _programme(REVERSE_SLUG)
    matching_on = today + timedelta(days=28)
    found = DemoProgrammes(
        start_up=_cohort(
            start_up,
            open_cohort=True,
            name=f"{matching_on.year} intake",
            applications_open_on=today - timedelta(days=14),
            applications_close_on=today + timedelta(days=21),
            matching_on=matching_on,
            ends_on=matching_on + timedelta(days=183),
        ),
        peer=_peer_cohort(peer, today),
        reverse_open=_cohort(
            reverse,
            open_cohort=True,
            name="Open intake",
            applications_open_on=today - timedelta(days=420),
        ),
        reverse_pilot=_cohort(
            reverse,
            open_cohort=False,
            name="Pilot",
            applications_open_on=today - timedelta(days=760),
            applications_close_on=today - timedelta(days=700),
            matching_on=today - timedelta(days=690),
            ends_on=today - timedelta(days=14),
            closed_at=now - timedelta(days=7),
        ),
    )
    for programme in (start_up, peer, reverse):
        who = COORDINATORS[programme.slug]
        user = coordinator_ensure(who.email, who.name, lead=False)
        programme.coordinators.add(user)
        found.coordinators[programme.pk] = user.pk
    return found


def _programme(slug: str) -> Programme:
    programme = Programme.objects.filter(slug=slug).first()
    if programme is not None:
        return programme
    if slug == PEER_SLUG:
        # migrate gives every site a first programme that every member is in; the demo makes
        # it the peer programme rather than leave it beside the three, empty.
        first = Programme.objects.filter(slug=DEFAULT_PROGRAMME_SLUG, kind="other").first()
        if first is not None:
            for name, value in SETTINGS[slug].items():
                setattr(first, name, value)
            first.slug = slug
            first.save()
            return first
    return Programme.objects.create(slug=slug, **SETTINGS[slug])


def _cohort(programme: Programme, *, open_cohort: bool, **fields: Any) -> Cohort:
    """The programme's open (or closed) cohort, made with these fields if it has none."""
    found = programme.cohorts.filter(closed_at__isnull=open_cohort).order_by("-pk").first()
    return found or Cohort.objects.create(programme=programme, **fields)


def _peer_cohort(programme: Programme, today: date) -> Cohort:
    fields = {
        "name": "Managers' circle",
        "applications_open_on": today - timedelta(days=640),
        "applications_close_on": today - timedelta(days=60),
        "matching_on": today - timedelta(days=45),
    }
    # The first programme's own cohort, if it had one, becomes the running one.
    first = programme.cohorts.filter(name=DEFAULT_COHORT_NAME, closed_at__isnull=True).first()
    if first is not None:
        for name, value in fields.items():
            setattr(first, name, value)
        first.save()
        return first
    return _cohort(programme, open_cohort=True, **fields)


def enrolments_for_pairs(pairs: list[Pair], found: DemoProgrammes) -> list[Enrolment]:
    """Both members of each pair, accepted into its cohort shortly before they were paired."""
    rows: dict[tuple[int, int, str], Enrolment] = {}
    for pair in pairs:
        mentorship = pair.mentorship
        assert mentorship is not None  # built by history.Builder
        applied = mentorship.created_at - timedelta(days=1)
        by = pair.coordinator_id
        for member, side in ((pair.mentor, Side.MENTOR), (pair.mentee, Side.MENTEE)):
            key = (mentorship.cohort_id, member.user_id, side)
            if key in rows and rows[key].created_at <= applied:
                continue  # a mentor of several: enrolled once, before the first
            rows[key] = _enrolment(
                key,
                member,
                Enrolment.Status.ACCEPTED,
                at=applied,
                decided_by=by,
                now=mentorship.created_at,
            )
    return list(rows.values())


def enrolments_for_waiting(
    members: list[Member], found: DemoProgrammes, *, seed: int, now: datetime
) -> list[Enrolment]:
    """Mentors, and mentees nobody is paired with yet: applications to the start-up cohort from
    co-ops at its stages (about half accepted), and newcomers to reverse mentoring's open intake."""
    paired = set(Mentorship.objects.values_list("mentee_id", flat=True))
    start_up, reverse = found.start_up, found.reverse_open
    start_up_settings = SETTINGS[START_UP_SLUG]
    rows = []
    for member in members:
        sides = [Side.MENTOR] if member.is_mentor else []
        if member.mentee_id and member.mentee_id not in paired:
            sides.append(Side.MENTEE)
        for side in sides:
            bucket = _bucket(f"waiting:{side}", seed, member.email)
            eligible = start_up_settings[f"{side}_stages"]
            group = side == Side.MENTEE and member.is_group
            if (bucket < START_UP_SHARE or group) and member.stage in eligible:
                # Groups forming a co-op are who the start-up programme is for.
                accepted = bucket % 2 == 0
                status = Enrolment.Status.ACCEPTED if accepted else Enrolment.Status.APPLIED
                cohort = start_up
            elif START_UP_SHARE <= bucket < START_UP_SHARE + NEWCOMER_SHARE and not group:
                status, cohort = Enrolment.Status.ACCEPTED, reverse
            else:
                continue
            at = max(member.joined, now - timedelta(days=10 + bucket % 4))
            by = found.coordinators[cohort.programme_id]
            rows.append(
                _enrolment(
                    (cohort.pk, member.user_id, side),
                    member,
                    status,
                    at=at,
                    decided_by=by if status == Enrolment.Status.ACCEPTED else None,
                    answers=_answers(cohort, bucket),
                    now=now,
                )
            )
    return rows


def _answers(cohort: Cohort, bucket: int) -> dict[str, str]:
    questions = cohort.programme.question_list
    return {q: ANSWERS[(bucket + i) % len(ANSWERS)] for i, q in enumerate(questions)}


def _enrolment(
    key: tuple[int, int, str],
    member: Member,
    status: str,
    *,
    at: datetime,
    decided_by: int | None,
    answers: dict[str, str] | None = None,
    now: datetime,
) -> Enrolment:
    cohort_id, user_id, side = key
    decided = status != Enrolment.Status.APPLIED
    return Enrolment(
        cohort_id=cohort_id,
        member_id=user_id,
        side=side,
        mentee_id=member.mentee_id if side == Side.MENTEE else None,
        status=status,
        answers=answers or {},
        created_at=at,
        decided_at=min(at + timedelta(hours=12), now) if decided else None,
        decided_by_id=decided_by if decided else None,
    )


def coordinator_logins() -> list[tuple[str, str]]:
    """(programme name, coordinator email) for each demo programme, for the command's output."""
    return [(SETTINGS[slug]["name"], who.email) for slug, who in COORDINATORS.items()]
