"""Many rows around the cast, made with bulk_create so a large data set costs a few queries.

`grow(n, ...)` gives every page of the query-budget tests about n rows to list: bob mentors n
more mentees and has n requests waiting; the pair bob-alice has n sessions, goals and steps in
its timeline; alice's group has n more co-founders and n open invitations; n other mentors
each mentor a mentee and claim for last month; and so on. The rows skip the services on
purpose: only their number matters here, not how they came about.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from itertools import cycle

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from accounts.models import (
    AuditEntry,
    GroupInvitation,
    Language,
    MemberProfile,
    MenteeProfile,
    Organisation,
    OutboundEmail,
    Skill,
    User,
)
from matching.models import MatchPolicy, MatchRun, Proposal
from mentorship.models import (
    ActionItem,
    ClaimApproval,
    Concern,
    Expense,
    Feedback,
    FitCheck,
    Goal,
    GoalUpdate,
    Mentorship,
    MentorshipTransition,
    PrivateNote,
    Session,
)
from mentorship.rules import MENTEE_BENEFITS, MENTOR_BENEFITS
from mentorship.selectors.hours import month_bounds, month_of

Status = Mentorship.Status


@dataclass
class Grown:
    mentees: list[MenteeProfile]
    mentors: list[User]
    mentorships: list[Mentorship]
    run: MatchRun


def _users(prefix: str, n: int) -> list[User]:
    return User.objects.bulk_create(
        User(email=f"{prefix}{i}@example.org", name=f"{prefix.title()} {i}", password="!")
        for i in range(n)
    )


def _organisations(prefix: str, n: int) -> list[Organisation]:
    return Organisation.objects.bulk_create(
        Organisation(name=f"{prefix} co-op {i}", kind="worker", stage="trading") for i in range(n)
    )


def _profiles(users: list[User], role: str, prefix: str, **fields: object) -> list[MemberProfile]:
    organisations = _organisations(prefix, len(users))
    profiles = MemberProfile.objects.bulk_create(
        MemberProfile(
            user=user,
            role=role,
            organisation=org,
            sector="housing",
            region=f"Region {i % 7}",
            bio="A bio.",
            years_experience=10,
            **fields,
        )
        for i, (user, org) in enumerate(zip(users, organisations, strict=True))
    )
    english, skill = Language.objects.get(code="en"), Skill.objects.get(name="Bookkeeping")
    MemberProfile.languages.through.objects.bulk_create(
        MemberProfile.languages.through(memberprofile=p, language=english) for p in profiles
    )
    if role == MemberProfile.Role.MENTOR:
        MemberProfile.skills_offered.through.objects.bulk_create(
            MemberProfile.skills_offered.through(memberprofile=p, skill=skill) for p in profiles
        )
    return profiles


def mentees(prefix: str, n: int) -> list[MenteeProfile]:
    """n single-person mentees, each with a profile and a co-op of their own."""
    users = _users(prefix, n)
    mentee_profiles = MenteeProfile.objects.bulk_create(
        MenteeProfile(display_name=user.name, goals="Grow\nHire", created_by=user) for user in users
    )
    skill = Skill.objects.get(name="Bookkeeping")
    MenteeProfile.skills_wanted.through.objects.bulk_create(
        MenteeProfile.skills_wanted.through(menteeprofile=m, skill=skill) for m in mentee_profiles
    )
    profiles = _profiles(users, MemberProfile.Role.MENTEE, prefix)
    for profile, mentee in zip(profiles, mentee_profiles, strict=True):
        profile.mentee_profile = mentee
    MemberProfile.objects.bulk_update(profiles, ["mentee_profile"])
    return mentee_profiles


def mentors(prefix: str, n: int) -> list[User]:
    users = _users(prefix, n)
    _profiles(users, MemberProfile.Role.MENTOR, prefix, capacity=5)
    return users


def _mentorships(pairs: list[tuple[User, MenteeProfile]], **fields: object) -> list[Mentorship]:
    now = timezone.now()
    return Mentorship.objects.bulk_create(
        Mentorship(mentor=mentor, mentee=mentee, approved_at=now, **fields)
        for mentor, mentee in pairs
    )


def _sessions(pair: Mentorship, n: int, by: User, mentee: User) -> list[Session]:
    """n past sessions of the pair, confirmed or logged in turn, and n/2 to come."""
    now = timezone.now()
    statuses = cycle([Session.Status.CONFIRMED, Session.Status.LOGGED])
    past = [
        Session(
            mentorship=pair,
            status=next(statuses),
            starts_at=now - datetime.timedelta(days=3 * i + 1),
            duration_minutes=60,
            format="remote",
            created_by=by,
            summary="We met.",
            logged_by=by,
            logged_at=now,
            confirmed_by=mentee,
            confirmed_at=now,
        )
        for i in range(n)
    ]
    future = [
        Session(
            mentorship=pair,
            starts_at=now + datetime.timedelta(days=i + 1),
            duration_minutes=60,
            format="remote",
            created_by=by,
        )
        for i in range(max(n // 2, 1))
    ]
    return Session.objects.bulk_create(past + future)


def _session_details(sessions: list[Session], author: User) -> None:
    """A topic, an open action item, a private note and (when logged) an expense per session."""
    skill = Skill.objects.get(name="Bookkeeping")
    Session.topics.through.objects.bulk_create(
        Session.topics.through(session=s, skill=skill) for s in sessions
    )
    ActionItem.objects.bulk_create(
        ActionItem(session=s, description="Draft the budget", owner="mentee") for s in sessions
    )
    PrivateNote.objects.bulk_create(
        PrivateNote(session=s, author=author, text="Note to self") for s in sessions
    )
    Expense.objects.bulk_create(
        Expense(session=s, description="Train fare", amount=Decimal("12.50"))
        for s in sessions
        if s.logged_at
    )


def _goals(pair: Mentorship, n: int, mentee: User, mentor: User) -> None:
    goals = Goal.objects.bulk_create(
        Goal(mentorship=pair, title=f"Goal {i}", created_by=mentee) for i in range(n)
    )
    GoalUpdate.objects.bulk_create(
        GoalUpdate(goal=g, progress="under_way", by=by) for g in goals for by in (mentee, mentor)
    )


def _timeline(pair: Mentorship, n: int, by: User) -> None:
    steps = cycle([(Status.ACTIVE, Status.PAUSED), (Status.PAUSED, Status.ACTIVE)])
    MentorshipTransition.objects.bulk_create(
        MentorshipTransition(mentorship=pair, from_status=a, to_status=b, by=by, reason="Holiday")
        for a, b in (next(steps) for _ in range(n))
    )


def _claims(mentorships: list[Mentorship], coordinator: User) -> None:
    """A confirmed session with an expense last month for each mentorship.

    Every other mentor's claim is approved, starting with the second: bob's month stays open,
    so his expense pages are not refused."""
    last_month = month_of(month_bounds(month_of(timezone.now()))[0] - datetime.timedelta(days=1))
    when = month_bounds(last_month)[0] + datetime.timedelta(days=3, hours=10)
    sessions = Session.objects.bulk_create(
        Session(
            mentorship=m,
            status=Session.Status.CONFIRMED,
            starts_at=when,
            duration_minutes=90,
            format="remote",
            logged_at=when,
            confirmed_at=when,
            summary="We met.",
        )
        for m in mentorships
    )
    Expense.objects.bulk_create(
        Expense(session=s, description="Bus", amount=Decimal("4.20")) for s in sessions
    )
    mentor_ids = list(dict.fromkeys(m.mentor_id for m in mentorships))
    ClaimApproval.objects.bulk_create(
        ClaimApproval(
            mentor_id=mentor_id,
            month=last_month,
            hours=Decimal("1.5"),
            expenses=Decimal("4.20"),
            approved_by=coordinator,
        )
        for mentor_id in mentor_ids[1::2]
    )


def _answers(mentorships: list[Mentorship]) -> None:
    """Fit checks, feedback from both sides and a concern on each mentorship."""
    FitCheck.objects.bulk_create(
        FitCheck(mentorship=m, by_id=m.mentor_id, side="mentor", good_fit=True) for m in mentorships
    )
    Feedback.objects.bulk_create(
        Feedback(
            mentorship=m,
            by_id=m.mentor_id,
            side=side,
            moment="midway",
            ratings=dict.fromkeys(benefits, 4),
            learned="How housing co-ops vote.",
        )
        for m in mentorships
        for side, benefits in (("mentor", MENTOR_BENEFITS), ("mentee", MENTEE_BENEFITS))
    )
    Concern.objects.bulk_create(
        Concern(mentorship=m, raised_by_id=m.mentor_id, text="Missed meetings") for m in mentorships
    )


def _proposals(mentorships: list[Mentorship], run: MatchRun) -> None:
    Proposal.objects.bulk_create(
        Proposal(
            mentorship=m,
            run=run,
            score=0.5,
            breakdown={"skills": 0.5},
            reasons=["Offers Bookkeeping"],
        )
        for m in mentorships
    )


def _group(alice: User, n: int) -> None:
    """n more co-founders in alice's group, and n invitations still open."""
    group = alice.profile.mentee_profile
    users = _users("cofounder", n)
    profiles = _profiles(users, MemberProfile.Role.MENTEE, "cofounder")
    for profile in profiles:
        profile.mentee_profile = group
    MemberProfile.objects.bulk_update(profiles, ["mentee_profile"])
    GroupInvitation.objects.bulk_create(
        GroupInvitation(mentee_profile=group, email=f"invited{i}@example.org", invited_by=alice)
        for i in range(n)
    )


def _audit(mentorships: list[Mentorship], coordinator: User) -> None:
    kind = ContentType.objects.get_for_model(Mentorship)
    AuditEntry.objects.bulk_create(
        AuditEntry(
            actor=coordinator,
            actor_label=str(coordinator),
            action="pairing_approved",
            target_type=kind,
            target_id=str(m.pk),
            target_label=f"Mentorship {m.pk}",
        )
        for m in mentorships
    )


def _outbox(users: list[User]) -> None:
    OutboundEmail.objects.bulk_create(
        OutboundEmail(
            key=f"volume:{user.pk}",
            kind="session-reminder",
            recipient=user,
            to=user.email,
            subject="Reminder",
            body_text="Hello",
        )
        for user in users
    )


def grow(n: int, *, pair: Mentorship, alice: User, coordinator: User) -> Grown:
    """About n rows on every list a member or coordinator sees (see the module docstring)."""
    bob = pair.mentor
    waiting, requesting = mentees("mentee", n), mentees("requester", n)
    others = mentors("mentor", n)
    bobs = _mentorships([(bob, m) for m in waiting], status=Status.ACTIVE, origin="engine")
    requests = _mentorships(
        [(bob, m) for m in requesting], status=Status.PROPOSED, origin="request"
    )
    theirs = _mentorships(
        list(zip(others, requesting, strict=True)), status=Status.ACTIVE, origin="manual"
    )
    runs = MatchRun.objects.bulk_create(
        MatchRun(
            started_by=coordinator,
            policy=MatchPolicy.objects.get(is_default=True),
            status=MatchRun.Status.FINISHED,
            unmatched=[{"name": m.display_name, "reason": "No mentor with room"} for m in waiting],
        )
        for _ in range(n)
    )
    run = runs[-1]
    _proposals(bobs + requests, run)
    sessions = _sessions(pair, n, by=bob, mentee=alice)
    _session_details(sessions, author=bob)
    _goals(pair, n, mentee=alice, mentor=bob)
    _timeline(pair, n, by=coordinator)
    _claims(bobs + theirs, coordinator)
    _answers(bobs + theirs)
    _group(alice, n)
    _audit(bobs + theirs, coordinator)
    _outbox(others)
    return Grown(mentees=waiting, mentors=others, mentorships=bobs + theirs, run=run)
