"""The mentoring part of the demo: pairs, sessions, goals and feedback as the services leave them."""

from collections import Counter, defaultdict
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Q
from django.utils import timezone

from accounts.demo import DEMO_DOMAIN
from accounts.models import MemberProfile, OutboundEmail
from mentorship.demo import demo_mentoring_create
from mentorship.models import (
    Feedback,
    Goal,
    GoalUpdate,
    Mentorship,
    MentorshipTransition,
    Session,
)
from mentorship.rules import MENTEE_BENEFITS, MENTOR_BENEFITS, MIDWAY_FEEDBACK_AFTER

Status = Mentorship.Status
LOGGED = (Session.Status.LOGGED, Session.Status.CONFIRMED, Session.Status.DISPUTED)
# Query budgets for seeding a programme of 50 and of 200 members, per database vendor.
QUERY_BUDGETS = {
    # Every table is written in one batch of thousands of rows: the same count at any size.
    # About 25 of them make the three programmes, their cohorts and coordinators, and about 15
    # close the pilot cohort and freeze its report.
    "postgresql": {50: 85, 200: 85},
    # SQLite binds at most 999 values a statement, so Django splits each bulk insert into
    # batches of 999 // columns rows (55 sessions): more queries for more rows, never one a row.
    "sqlite": {50: 90, 200: 115},
}


@pytest.fixture
def programme(db):
    call_command("seed_demo", members=150, allow_without_debug=True)


def _profiles() -> dict[int, MemberProfile]:
    return {p.user_id: p for p in MemberProfile.objects.filter(user__email__endswith=DEMO_DOMAIN)}


def test_the_demo_pairs_mentors_with_room_and_never_a_member_with_themselves(programme):
    profiles = _profiles()
    mentee_user = {p.mentee_profile_id: p for p in profiles.values() if p.mentee_profile_id}
    mentorships = list(Mentorship.objects.all())
    assert len(mentorships) > 20
    assert {m.status for m in mentorships} == {
        Status.ACTIVE,
        Status.COMPLETED,
        Status.ENDED,
        Status.PAUSED,
    }
    open_count = Counter(m.mentor_id for m in mentorships if m.is_open)
    for mentorship in mentorships:
        mentor, mentee = profiles[mentorship.mentor_id], mentee_user[mentorship.mentee_id]
        assert mentor.is_mentor
        assert mentor.user_id != mentee.user_id
        assert mentor.organisation_id != mentee.organisation_id
        assert open_count[mentor.user_id] <= mentor.capacity
    assert max(Counter(m.mentee_id for m in mentorships).values()) == 1


def test_every_demo_pairing_has_the_agreement_and_history_the_services_leave(programme):
    history = defaultdict(list)
    for transition in MentorshipTransition.objects.order_by("created_at", "pk"):
        history[transition.mentorship_id].append(transition)
    mentorships = Mentorship.objects.select_related("approved_by", "mentor", "mentee__created_by")
    for mentorship in mentorships:
        steps = history[mentorship.pk]
        assert mentorship.created_at > mentorship.mentor.date_joined
        assert mentorship.created_at > mentorship.mentee.created_by.date_joined
        moves = [(t.from_status, t.to_status) for t in steps]
        assert moves[:3] == [("", "proposed"), ("proposed", "approved"), ("approved", "active")]
        assert steps[-1].to_status == mentorship.status
        assert mentorship.updated_at == steps[-1].created_at <= timezone.now()
        assert mentorship.approved_by.is_staff
        assert mentorship.created_at < mentorship.approved_at
        assert mentorship.mentor_accepted_at and mentorship.mentee_accepted_at
        assert steps[2].created_at == max(
            mentorship.mentor_accepted_at, mentorship.mentee_accepted_at
        )
        assert mentorship.ends_on > steps[2].created_at.date()
        if mentorship.status == Status.ACTIVE:
            assert mentorship.ends_on > timezone.localdate()


def test_demo_sessions_are_logged_by_the_mentor_and_confirmed_by_the_mentee(programme):
    now = timezone.now()
    started = {
        t.mentorship_id: t.created_at
        for t in MentorshipTransition.objects.filter(to_status="active")
    }
    closed = {
        t.mentorship_id: t.created_at
        for t in MentorshipTransition.objects.filter(to_status__in=["completed", "ended"])
    }
    sessions = list(Session.objects.select_related("mentorship").annotate(n=Count("topics")))
    for session in sessions:
        mentorship = session.mentorship
        assert session.starts_at > started[mentorship.pk]
        assert session.created_at <= now
        if session.starts_at > now:
            assert session.status == Session.Status.SCHEDULED
            assert mentorship.status == Status.ACTIVE
        if session.status in LOGGED:
            assert session.logged_by_id == mentorship.mentor_id
            assert session.starts_at < session.logged_at <= closed.get(mentorship.pk, now)
            assert session.summary and session.n == 1
        else:
            assert session.logged_at is None and not session.summary and session.n == 0
        if session.status in (Session.Status.CONFIRMED, Session.Status.DISPUTED):
            assert session.confirmed_by.profile.mentee_profile_id == mentorship.mentee_id
            assert session.logged_at < session.confirmed_at <= now
    assert Session.objects.filter(status=Session.Status.CONFIRMED).count() > len(sessions) / 2


def test_the_demo_leaves_the_reminders_some_work(programme):
    now = timezone.now()
    sessions = Session.objects.filter(mentorship__status=Status.ACTIVE)
    assert sessions.filter(status="scheduled", starts_at__gt=now).exists()
    assert sessions.filter(
        status="scheduled",
        starts_at__lt=now - timedelta(days=1),
        starts_at__gt=now - timedelta(days=30),
    ).exists()
    assert sessions.filter(status="logged", logged_at__lt=now - timedelta(days=3)).exists()


def test_demo_goals_move_on_in_the_logs_of_their_own_pairing(programme):
    goals = Goal.objects.select_related("mentorship", "created_by__profile")
    assert goals.exclude(progress=Goal.Progress.NOT_STARTED).exists()
    for goal in goals.prefetch_related("updates__session"):
        assert goal.created_by.profile.mentee_profile_id == goal.mentorship.mentee_id
        updates = list(goal.updates.all())
        assert goal.progress == (updates[-1].progress if updates else Goal.Progress.NOT_STARTED)
        for update in updates:
            assert update.session.mentorship_id == goal.mentorship_id
            assert update.session.status in LOGGED
            assert update.created_at == update.session.logged_at > goal.created_at
            assert update.by_id == goal.mentorship.mentor_id
    assert GoalUpdate.objects.exists()


def test_demo_feedback_comes_only_when_the_services_would_ask_for_it(programme):
    confirmed = Count("sessions", filter=Q(sessions__status=Session.Status.CONFIRMED))
    mentorships = {m.pk: m for m in Mentorship.objects.annotate(confirmed=confirmed)}
    feedback = list(Feedback.objects.all())
    assert {f.moment for f in feedback} == {Feedback.Moment.MIDWAY, Feedback.Moment.CLOSE}
    for answer in feedback:
        mentorship = mentorships[answer.mentorship_id]
        if answer.moment == Feedback.Moment.MIDWAY:
            assert mentorship.confirmed >= MIDWAY_FEEDBACK_AFTER
        else:
            assert mentorship.status in (Status.COMPLETED, Status.ENDED)
        mentor_side = answer.side == "mentor"
        assert (answer.by_id == mentorship.mentor_id) == mentor_side
        benefits = MENTOR_BENEFITS if mentor_side else MENTEE_BENEFITS
        assert set(answer.ratings) == set(benefits)
        assert all(1 <= rating <= 5 for rating in answer.ratings.values())


def test_the_same_seed_gives_the_same_mentoring(programme):
    def fingerprint():
        rows = Mentorship.objects.annotate(sessions_held=Count("sessions")).order_by("mentee_id")
        return list(rows.values_list("mentor_id", "mentee_id", "status", "sessions_held"))

    now = timezone.now()
    Mentorship.objects.all().delete()
    demo_mentoring_create(now=now)
    first = fingerprint()
    Mentorship.objects.all().delete()
    demo_mentoring_create(now=now)
    assert fingerprint() == first


def test_seeding_the_demo_queues_no_email(programme):
    assert Mentorship.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_running_the_demo_again_adds_no_mentoring(programme, capsys):
    counts = [m.objects.count() for m in (Mentorship, Session, Goal, GoalUpdate, Feedback)]
    call_command("seed_demo", members=150, allow_without_debug=True)
    assert (
        "0 mentorships, 0 sessions, 0 goals, 0 goal updates, 0 feedback" in capsys.readouterr().out
    )
    assert [m.objects.count() for m in (Mentorship, Session, Goal, GoalUpdate, Feedback)] == counts


def test_a_larger_demo_adds_pairs_only_for_the_new_members(programme):
    before = set(Mentorship.objects.values_list("pk", "mentor_id", "mentee_id", "status"))
    call_command("seed_demo", members=300, allow_without_debug=True)
    after = set(Mentorship.objects.values_list("pk", "mentor_id", "mentee_id", "status"))
    assert before < after
    assert demo_mentoring_create().mentorships == 0


@pytest.mark.parametrize("members", [50, 200])
def test_seeding_writes_in_batches_not_row_by_row_whatever_the_size(
    db, members, django_assert_max_num_queries
):
    with django_assert_max_num_queries(QUERY_BUDGETS[connection.vendor][members]):
        call_command("seed_demo", members=members, allow_without_debug=True)
    assert Session.objects.count() > members
