"""The demo's three programmes: a start-up, a peer and a reverse-mentoring one, with cohorts in
different states and a coordinator each who runs only theirs."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts import demo as members_demo
from accounts.models import User
from mentorship.demo import programmes as demo
from mentorship.models import Cohort, Enrolment, Mentorship, Programme, Session
from mentorship.selectors import scopes

Kind = Programme.Kind


@pytest.fixture
def seeded(db, capsys):
    call_command("seed_demo", members=150, allow_without_debug=True)
    return capsys.readouterr().out


def _programme(kind: str) -> Programme:
    return Programme.objects.get(kind=kind)


def test_the_demo_has_one_programme_of_each_kind_and_no_other(seeded):
    programmes = Programme.objects.all()
    assert sorted(p.kind for p in programmes) == sorted([Kind.START_UP, Kind.PEER, Kind.REVERSE])
    for programme in programmes:
        assert programme.description
        assert programme.question_list
        assert programme.admission == Programme.Admission.APPLICATION
        assert programme.travel_cap is not None
    assert _programme(Kind.START_UP).hours_claimable and _programme(Kind.START_UP).hourly_rate > 0
    assert not _programme(Kind.PEER).hours_claimable
    assert _programme(Kind.REVERSE).intake == Programme.Intake.ROLLING
    assert _programme(Kind.PEER).intake == Programme.Intake.COHORTS
    assert _programme(Kind.START_UP).intake == Programme.Intake.COHORTS


def test_the_start_up_cohort_takes_applications_from_members_and_groups(seeded):
    programme = _programme(Kind.START_UP)
    assert programme.status == Programme.Status.OPEN and programme.groups_may_apply
    (cohort,) = programme.cohorts.all()
    assert cohort.takes_applications(timezone.localdate())
    assert cohort.matching_on > timezone.localdate()
    assert not cohort.mentorships.exists(), "not matched yet"
    enrolments = cohort.enrolments.select_related("member__profile__organisation", "mentee")
    assert {e.status for e in enrolments} == {Enrolment.Status.APPLIED, Enrolment.Status.ACCEPTED}
    assert {e.side for e in enrolments} == {"mentor", "mentee"}
    assert any(e.mentee.is_group for e in enrolments if e.side == "mentee")
    for enrolment in enrolments:
        stages = programme.mentor_stages if enrolment.side == "mentor" else programme.mentee_stages
        assert enrolment.member.profile.organisation.stage in stages
        assert set(enrolment.answers) == set(programme.question_list)
        assert all(enrolment.answers.values())
        decided = enrolment.status == Enrolment.Status.ACCEPTED
        assert (enrolment.decided_at is not None) == decided
        assert (enrolment.decided_by is not None) == decided


def test_the_peer_programme_runs_a_cohort_holding_most_pairs_with_their_sessions(seeded):
    programme = _programme(Kind.PEER)
    assert programme.status == Programme.Status.RUNNING
    (cohort,) = programme.cohorts.all()
    assert cohort.closed_at is None
    assert cohort.matching_on < timezone.localdate()
    pairs = Mentorship.objects.filter(cohort=cohort)
    assert pairs.count() > Mentorship.objects.count() / 2
    assert pairs.filter(status=Mentorship.Status.ACTIVE, approved_at__isnull=False).exists()
    assert Session.objects.filter(mentorship__cohort=cohort).exists()
    assert Cohort.default() == cohort, "a pair made without naming a cohort lands here"


def test_reverse_mentoring_takes_newcomers_and_keeps_a_closed_pilot(seeded):
    programme = _programme(Kind.REVERSE)
    open_cohort = programme.cohorts.get(closed_at__isnull=True)
    pilot = programme.cohorts.get(closed_at__isnull=False)
    assert open_cohort.takes_applications(timezone.localdate())
    assert not pilot.takes_applications(timezone.localdate())
    assert pilot.closed_at < timezone.now()
    assert open_cohort.mentorships.exists()
    paired = set(Mentorship.objects.values_list("mentee_id", flat=True))
    newcomers = open_cohort.enrolments.filter(side="mentee", status=Enrolment.Status.ACCEPTED)
    assert newcomers.exclude(mentee_id__in=paired).exists(), "someone for rolling matching"
    mentees = Enrolment.objects.filter(cohort__programme=programme, side="mentee")
    assert not any(e.mentee.is_group for e in mentees.select_related("mentee")), (
        "reverse mentoring takes no enterprise groups"
    )
    closed_pairs = list(pilot.mentorships.all())
    assert closed_pairs
    assert {m.status for m in closed_pairs} == {Mentorship.Status.COMPLETED}
    assert all(m.updated_at < pilot.closed_at for m in closed_pairs)
    # Its report is frozen, as closing it in the admin would leave it.
    assert pilot.report["matched"] == len(closed_pairs)


def test_every_paired_member_was_accepted_into_their_pairs_cohort(seeded):
    accepted = set(
        Enrolment.objects.filter(status=Enrolment.Status.ACCEPTED).values_list(
            "cohort_id", "member_id", "side"
        )
    )
    for mentorship in Mentorship.objects.prefetch_related("mentee__members"):
        assert (mentorship.cohort_id, mentorship.mentor_id, "mentor") in accepted
        (mentee,) = mentorship.mentee.members.all()
        assert (mentorship.cohort_id, mentee.user_id, "mentee") in accepted


def test_each_programme_has_a_coordinator_who_sees_only_that_programme(seeded):
    lead = User.objects.get(email=members_demo.COORDINATOR_EMAIL)
    assert scopes.is_lead(lead)
    assert set(scopes.programmes_for(lead)) == set(Programme.objects.all())
    for programme in Programme.objects.all():
        (coordinator,) = programme.coordinators.all()
        assert coordinator.email == demo.COORDINATORS[programme.slug].email
        assert coordinator.is_staff and not coordinator.is_superuser
        assert coordinator.check_password(members_demo.COORDINATOR_PASSWORD)
        assert not scopes.is_lead(coordinator)
        assert list(scopes.programmes_for(coordinator)) == [programme]
        theirs = scopes.scoped(Mentorship.objects.all(), coordinator, "cohort__programme")
        assert set(theirs) == set(Mentorship.objects.filter(cohort__programme=programme))
        assert all(m.approved_by_id == coordinator.pk for m in theirs)


def test_the_command_prints_every_coordinators_login(seeded):
    assert members_demo.COORDINATOR_EMAIL in seeded
    assert members_demo.COORDINATOR_PASSWORD in seeded
    for who in demo.COORDINATORS.values():
        assert who.email in seeded


def test_running_the_demo_again_makes_no_programme_cohort_enrolment_or_coordinator(seeded, capsys):
    def counts():
        return [
            Programme.objects.count(),
            Cohort.objects.count(),
            Enrolment.objects.count(),
            User.objects.filter(is_staff=True).count(),
            Programme.coordinators.through.objects.count(),
        ]

    before = counts()
    assert before[:2] == [3, 4]
    call_command("seed_demo", members=150, allow_without_debug=True)
    assert "0 feedback, 0 enrolments created" in capsys.readouterr().out
    assert counts() == before
