"""Programmes and cohorts: who may apply, coordinators' decisions, whose rows a coordinator sees,
each cohort's matching pool, and the pair's term following its cohort."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import Organisation
from matching import services as matching_services
from matching.models import MatchRun
from mentorship.models import Cohort, Enrolment, Mentorship, Programme, Side
from mentorship.models.programmes import DEFAULT_COHORT_NAME, DEFAULT_PROGRAMME_SLUG
from mentorship.selectors import scopes
from mentorship.services import programmes as programme_services
from mentorship.services import relationship
from mentorship.services.errors import MentorshipError
from tests import factories


@pytest.fixture
def peer(db) -> Programme:
    return factories.programme(name="Peer managers", kind=Programme.Kind.PEER)


@pytest.fixture
def start_up(db) -> Programme:
    return factories.programme(name="Start-up groups", kind=Programme.Kind.START_UP)


def _cohort(programme: Programme) -> Cohort:
    return programme.cohorts.get()


def test_a_site_without_programmes_gets_one_taking_every_member(db):
    cohort = Cohort.default()
    assert cohort.name == DEFAULT_COHORT_NAME
    assert cohort.programme.slug == DEFAULT_PROGRAMME_SLUG
    assert cohort.programme.admission == Programme.Admission.ALL_MEMBERS
    assert Cohort.default() == cohort, "asked again, the same cohort: nothing made twice"


def test_a_pairing_made_without_a_cohort_joins_the_default_one(alice, bob):
    pairing = factories.mentorship(mentor=bob, mentee=alice, status="proposed")
    assert pairing.cohort == Cohort.default()


# Applying: every refusal comes from the one service.


def test_a_mentor_applies_and_a_coordinator_of_the_programme_accepts(bob, peer):
    enrolment = programme_services.enrolment_apply(
        member=bob, cohort_id=_cohort(peer).pk, side=Side.MENTOR
    )
    assert enrolment.status == Enrolment.Status.APPLIED and enrolment.mentee is None
    mine = factories.coordinator(email="peer@example.org", programmes=[peer])
    decided = programme_services.enrolment_decide(enrolment_id=enrolment.pk, by=mine, accept=True)
    assert decided.status == Enrolment.Status.ACCEPTED and decided.decided_by == mine
    with pytest.raises(MentorshipError, match="already been decided"):
        programme_services.enrolment_decide(enrolment_id=enrolment.pk, by=mine, accept=False)


def test_a_mentee_applies_as_their_groups_profile(alice, start_up):
    enrolment = programme_services.enrolment_apply(
        member=alice, cohort_id=_cohort(start_up).pk, side=Side.MENTEE
    )
    assert enrolment.mentee == alice.profile.mentee_profile


def test_a_coordinator_of_another_programme_cannot_decide(bob, peer, start_up):
    enrolment = programme_services.enrolment_apply(
        member=bob, cohort_id=_cohort(peer).pk, side=Side.MENTOR
    )
    other = factories.coordinator(email="startup@example.org", programmes=[start_up])
    with pytest.raises(MentorshipError, match="do not coordinate"):
        programme_services.enrolment_decide(enrolment_id=enrolment.pk, by=other, accept=True)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.APPLIED


@pytest.mark.parametrize(
    ("change", "side", "message"),
    [
        ({"admission": Programme.Admission.ALL_MEMBERS}, Side.MENTOR, "Every member"),
        ({"status": Programme.Status.DRAFT}, Side.MENTOR, "not open"),
        ({"status": Programme.Status.CLOSED}, Side.MENTOR, "not open"),
        ({"groups_may_apply": False}, Side.MENTEE, "not enterprise groups"),
        ({"mentor_stages": [Organisation.Stage.IDEA]}, Side.MENTOR, "another stage"),
        ({"questions": "Why now?"}, Side.MENTOR, "answer every question"),
    ],
)
def test_applications_the_programme_does_not_take_are_refused(
    alice, bob, peer, change, side, message
):
    Programme.objects.filter(pk=peer.pk).update(**change)
    member = bob if side == Side.MENTOR else alice
    with pytest.raises(MentorshipError, match=message):
        programme_services.enrolment_apply(member=member, cohort_id=_cohort(peer).pk, side=side)
    assert not Enrolment.objects.exists()


def test_a_member_applies_only_on_a_side_their_profile_has(alice, bob, peer):
    with pytest.raises(MentorshipError, match="offer as a mentor"):
        programme_services.enrolment_apply(
            member=alice, cohort_id=_cohort(peer).pk, side=Side.MENTOR
        )
    with pytest.raises(MentorshipError, match="want from a mentor"):
        programme_services.enrolment_apply(member=bob, cohort_id=_cohort(peer).pk, side=Side.MENTEE)


def test_applications_outside_the_window_and_twice_are_refused(bob, peer):
    cohort = _cohort(peer)
    today = timezone.localdate()
    Cohort.objects.filter(pk=cohort.pk).update(applications_close_on=today - timedelta(days=1))
    with pytest.raises(MentorshipError, match="not taking applications"):
        programme_services.enrolment_apply(member=bob, cohort_id=cohort.pk, side=Side.MENTOR)
    Cohort.objects.filter(pk=cohort.pk).update(applications_close_on=None)
    programme_services.enrolment_apply(member=bob, cohort_id=cohort.pk, side=Side.MENTOR)
    with pytest.raises(MentorshipError, match="already applied"):
        programme_services.enrolment_apply(member=bob, cohort_id=cohort.pk, side=Side.MENTOR)
    assert Enrolment.objects.count() == 1


def test_answers_to_the_programmes_questions_are_kept(bob, peer):
    Programme.objects.filter(pk=peer.pk).update(questions="Why now?\nWhat do you hope to learn?")
    answers = {"Why now?": " Retiring soon ", "What do you hope to learn?": "New tools"}
    enrolment = programme_services.enrolment_apply(
        member=bob, cohort_id=_cohort(peer).pk, side=Side.MENTOR, answers=answers
    )
    assert enrolment.answers == {
        "Why now?": "Retiring soon",
        "What do you hope to learn?": "New tools",
    }


# Coordinators' scope: one function narrows every list.


def test_a_coordinator_sees_only_their_programmes_and_a_lead_sees_all(alice, bob, peer, start_up):
    mine = factories.coordinator(email="peer@example.org", programmes=[peer])
    lead = factories.coordinator(email="lead@example.org")
    assert set(scopes.programmes_for(mine)) == {peer}
    assert set(scopes.programmes_for(lead)) >= {peer, start_up}
    assert not scopes.programmes_for(alice).exists(), "a member runs no programme"
    in_peer = relationship.mentorship_propose(
        mentor=bob, mentee=alice.profile.mentee_profile, origin="manual", cohort=_cohort(peer)
    )
    carol = factories.mentee(email="erin@example.org", name="Erin")
    in_start_up = relationship.mentorship_propose(
        mentor=bob,
        mentee=carol.profile.mentee_profile,
        origin="manual",
        cohort=_cohort(start_up),
    )
    everything = Mentorship.objects.all()
    assert list(scopes.scoped(everything, mine, "cohort__programme")) == [in_peer]
    assert set(scopes.scoped(everything, lead, "cohort__programme")) == {in_peer, in_start_up}


def test_the_admin_lists_show_a_coordinator_only_their_programmes(alice, bob, peer, start_up):
    relationship.mentorship_propose(
        mentor=bob, mentee=alice.profile.mentee_profile, origin="manual", cohort=_cohort(start_up)
    )
    factories.enrol(member=bob, programme=start_up, side=Side.MENTOR)
    mine = factories.coordinator(email="peer@example.org", programmes=[peer])
    client = factories.mfa_login(Client(), mine)
    for name in ("mentorship", "cohort", "enrolment", "programme"):
        page = client.get(f"/admin/mentorship/{name}/")
        assert page.status_code == 200, name
        assert "Start-up groups" not in page.content.decode(), name
    pairing = Mentorship.objects.get()
    listed = client.get("/admin/mentorship/mentorship/").content.decode()
    assert str(pairing.mentee) not in listed, "another programme's pairing is not listed"
    assert client.get(f"/admin/mentorship/mentorship/{pairing.pk}/change/").status_code == 302
    assert client.get(f"/admin/mentorship/programme/{start_up.pk}/change/").status_code == 302
    assert client.get("/admin/mentorship/programme/add/").status_code == 403


# Matching follows the cohort's pool.


def test_a_run_for_an_application_cohort_matches_only_accepted_members(alice, bob, peer):
    dave = factories.mentee(email="dave@example.org", name="Dave")
    erin = factories.mentor(email="erin@example.org", name="Erin")
    factories.enrol(member=bob, programme=peer, side=Side.MENTOR)
    factories.enrol(member=alice, programme=peer, side=Side.MENTEE)
    factories.enrol(member=dave, programme=peer, side=Side.MENTEE, accepted=False)
    lead = factories.coordinator(email="lead@example.org")
    run = matching_services.match_run_create(by=lead, cohort=_cohort(peer))
    run = matching_services.match_run_execute(run.pk)
    assert run.status == MatchRun.Status.FINISHED
    assert run.mentees_considered == 1 and run.mentors_considered == 1
    proposal = Mentorship.objects.get(status=Mentorship.Status.PROPOSED)
    assert (proposal.mentor, proposal.mentee, proposal.cohort) == (
        bob,
        alice.profile.mentee_profile,
        _cohort(peer),
    )
    assert erin not in {m.mentor for m in Mentorship.objects.all()}


def test_a_rolling_newcomer_is_matched_without_moving_approved_pairs(alice, bob, coordinator):
    factories.mentor(email="erin@example.org", name="Erin")
    first = matching_services.match_run_execute(
        matching_services.match_run_create(by=coordinator).pk
    )
    [proposed] = first.proposals.all()
    relationship.mentorship_approve(mentorship_id=proposed.mentorship_id, by=coordinator)
    approved = Mentorship.objects.get(pk=proposed.mentorship_id)
    newcomer = factories.mentee(email="newcomer@example.org", name="Newcomer")
    second = matching_services.match_run_execute(
        matching_services.match_run_create(by=coordinator).pk
    )
    assert second.mentees_considered == 1, "only the newcomer is waiting"
    assert second.proposals.get().mentorship.mentee == newcomer.profile.mentee_profile
    unchanged = Mentorship.objects.get(pk=approved.pk)
    assert (unchanged.status, unchanged.mentor_id, unchanged.mentee_id) == (
        Mentorship.Status.APPROVED,
        approved.mentor_id,
        approved.mentee_id,
    )


def test_a_run_in_one_cohort_leaves_another_cohorts_proposals(alice, bob, peer, coordinator):
    dave = factories.mentee(email="dave@example.org", name="Dave")
    elsewhere = relationship.mentorship_propose(
        mentor=bob, mentee=dave.profile.mentee_profile, origin="engine", cohort=_cohort(peer)
    )
    matching_services.match_run_execute(matching_services.match_run_create(by=coordinator).pk)
    elsewhere.refresh_from_db()
    assert elsewhere.status == Mentorship.Status.PROPOSED


def test_two_cohorts_may_each_have_a_run_going_but_one_cohort_only_one(peer, coordinator):
    matching_services.match_run_create(by=coordinator)
    matching_services.match_run_create(by=coordinator, cohort=_cohort(peer))
    with pytest.raises(matching_services.MatchingError):
        matching_services.match_run_create(by=coordinator, cohort=_cohort(peer))


# The term follows the cohort.


def test_a_pair_ends_with_its_cohort_or_after_the_programmes_term(peer):
    cohort = _cohort(peer)
    start = date(2027, 3, 1)
    assert relationship.term_end(cohort, start=start) == date(2027, 9, 1)
    cohort.ends_on = date(2027, 7, 31)
    assert relationship.term_end(cohort, start=start) == date(2027, 7, 31)
    assert relationship.term_end(cohort, start=date(2027, 8, 1)) == date(2028, 2, 1), (
        "a cohort already over gives the full term rather than an end before the start"
    )
