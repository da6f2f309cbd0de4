import pytest

from accounts.models import MemberBlock
from matching import services
from matching.models import MatchRun, Proposal
from mentorship.models import Mentorship
from mentorship.services import relationship as mentorship_relationship
from tests import factories


def _run(coordinator) -> MatchRun:
    run = services.match_run_create(by=coordinator)
    return services.match_run_execute(run.pk)


def _pairs(run: MatchRun) -> set[tuple[str, str]]:
    return {
        (p.mentorship.mentee.members.first().user.email, p.mentorship.mentor.email)
        for p in run.proposals.select_related("mentorship__mentor", "mentorship__mentee")
    }


def test_a_run_proposes_the_mentor_offering_the_wanted_skill(coordinator, alice, bob):
    factories.mentor(
        email="erin@example.org", name="Erin", skills_offered=factories.skills("Social media")
    )
    run = _run(coordinator)
    assert run.status == MatchRun.Status.FINISHED
    assert _pairs(run) == {("alice@example.org", "bob@example.org")}
    proposal = run.proposals.get()
    assert proposal.mentorship.status == Mentorship.Status.PROPOSED
    assert any("bookkeeping" in reason.lower() for reason in proposal.reasons)
    assert proposal.breakdown["skills"] > 0
    assert run.mentees_considered == 1 and run.matched == 1
    assert run.average_score == pytest.approx(proposal.score)


def test_a_run_records_why_a_mentee_is_left_unmatched(coordinator, alice, db):
    factories.mentor(email="gwyn@example.org", name="Gwyn", languages=factories.languages("cy"))
    run = _run(coordinator)
    assert run.matched == 0
    [unmatched] = run.unmatched
    assert unmatched["name"] == "Riverside founders"
    assert unmatched["reason"] == "no mentor speaks English"


def test_a_run_never_exceeds_a_mentors_remaining_capacity(coordinator, bob, db):
    mentees = [factories.mentee(email=f"m{i}@example.org", name=f"Mentee {i}") for i in range(3)]
    first = Mentorship.objects.create(
        mentor=bob, mentee=mentees[0].profile.mentee_profile, status="active"
    )
    run = _run(coordinator)
    assert run.mentees_considered == 2, "a mentee with a mentor is not matched again"
    assert run.matched == 1, "bob has capacity 2 and one active mentorship"
    assert first.mentee_id not in set(run.proposals.values_list("mentorship__mentee_id", flat=True))


def test_a_rejected_pair_is_never_proposed_again(coordinator, alice, bob):
    run = _run(coordinator)
    proposal = run.proposals.get()
    services.proposal_reject(
        mentorship_id=proposal.mentorship_id, by=coordinator, reason="Known to each other"
    )
    again = _run(coordinator)
    assert again.matched == 0
    assert "rejected" in again.unmatched[0]["reason"].lower()


def test_conflicts_of_interest_and_blocks_exclude_a_pair(coordinator, alice, bob, dave):
    from accounts.models import Organisation

    alice.profile.conflicts.add(Organisation.objects.get(name="Bob Bevan's Co-op"))
    MemberBlock.objects.create(blocker=bob, blocked=dave)
    run = _run(coordinator)
    assert run.matched == 0
    assert run.mentees_considered == 2


def test_a_new_run_withdraws_the_previous_runs_pending_proposals(coordinator, alice, bob):
    first = _run(coordinator)
    second = _run(coordinator)
    old = first.proposals.get().mentorship
    old.refresh_from_db()
    assert old.status == Mentorship.Status.WITHDRAWN
    assert second.proposals.get().mentorship.status == Mentorship.Status.PROPOSED


def test_a_run_is_claimed_once(coordinator, alice, bob):
    run = services.match_run_create(by=coordinator)
    assert services.match_run_execute(run.pk) is not None
    assert services.match_run_execute(run.pk) is None
    assert Proposal.objects.count() == 1


def test_the_same_programme_gives_the_same_proposals(coordinator, db):
    for i in range(6):
        factories.mentor(email=f"mentor{i}@example.org", name=f"Mentor {i}", capacity=1)
    for i in range(8):
        factories.mentee(email=f"mentee{i}@example.org", name=f"Mentee {i}")
    first = _pairs(_run(coordinator))
    second = _pairs(_run(coordinator))
    assert first == second
    assert len(first) == 6


def test_approving_withdraws_the_mentees_other_pending_proposals(coordinator, alice, bob):
    other = factories.mentor(email="owen@example.org", name="Owen")
    a = mentorship_relationship.mentorship_propose(
        mentor=bob, mentee=alice.profile.mentee_profile, origin="manual"
    )
    b = mentorship_relationship.mentorship_propose(
        mentor=other, mentee=alice.profile.mentee_profile, origin="manual"
    )
    mentorship_relationship.mentorship_approve(mentorship_id=a.pk, by=coordinator)
    b.refresh_from_db()
    assert b.status == Mentorship.Status.WITHDRAWN


@pytest.mark.parametrize("completed", [False, True])
def test_a_mentee_back_in_the_pool_is_not_proposed_the_mentor_they_just_finished_with(
    coordinator, alice, bob, completed
):
    erin = factories.mentor(email="erin@example.org", name="Erin Evans")
    first = factories.mentorship(mentor=bob, mentee=alice, by=coordinator)
    mentorship_relationship.mentorship_end(
        mentorship_id=first.pk, by=alice, reason="Not working out", completed=completed
    )
    run = _run(coordinator)
    assert _pairs(run) == {("alice@example.org", erin.email)}, "back in the pool, not with bob"


def test_a_coordinator_may_still_pair_them_again_by_hand(coordinator, alice, bob):
    first = factories.mentorship(mentor=bob, mentee=alice, by=coordinator)
    mentorship_relationship.mentorship_end(mentorship_id=first.pk, by=bob, reason="Moving away")
    again = services.pairing_create_by_hand(
        mentor=bob, mentee=alice.profile.mentee_profile, by=coordinator
    )
    assert again.status == Mentorship.Status.APPROVED


def test_a_mentees_stored_hours_play_no_part_in_the_score(coordinator, alice, bob):
    """Mentees are not asked for hours a month: a value left on their profile is not trusted."""
    alice.profile.hours_per_month = 40
    alice.profile.save(update_fields=["hours_per_month"])
    proposal = _run(coordinator).proposals.get()
    assert "availability" not in proposal.breakdown
    assert not any("hours a month" in reason for reason in proposal.reasons)
