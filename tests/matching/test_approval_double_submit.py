"""Approving a pairing twice, one after the other or at the same moment: one approval, one audit
entry, one set of introductions."""

import threading

import pytest
from django.db import connection

from accounts.audit import Action
from accounts.models import AuditEntry, OutboundEmail
from matching import services
from matching.models import Proposal
from mentorship.models import Mentorship, MentorshipTransition
from mentorship.services import relationship as mentorship_relationship
from tests import factories


def _proposal(*, mentor, mentee) -> Mentorship:
    mentorship = mentorship_relationship.mentorship_propose(
        mentor=mentor, mentee=mentee.profile.mentee_profile, origin="engine"
    )
    Proposal.objects.create(mentorship=mentorship, score=0.8, reasons=["offers bookkeeping"])
    return mentorship


def _introductions() -> list[str]:
    return sorted(
        OutboundEmail.objects.filter(kind__startswith="introduction").values_list("to", flat=True)
    )


def test_mentorship_approve_says_whether_this_call_approved_it(coordinator, alice, bob):
    proposal = _proposal(mentor=bob, mentee=alice)
    first = mentorship_relationship.mentorship_approve(mentorship_id=proposal.pk, by=coordinator)
    second = mentorship_relationship.mentorship_approve(mentorship_id=proposal.pk, by=coordinator)
    assert (first[0].status, first[1]) == (Mentorship.Status.APPROVED, True)
    assert (second[0].status, second[1]) == (Mentorship.Status.APPROVED, False)


def test_approving_the_same_proposal_twice_in_turn_records_and_introduces_once(
    coordinator, alice, bob, carol
):
    proposal = _proposal(mentor=bob, mentee=alice)
    OutboundEmail.objects.all().delete()
    for _ in range(2):
        services.proposal_approve(mentorship_id=proposal.pk, by=coordinator)
    assert AuditEntry.objects.filter(action=Action.PAIRING_APPROVED).count() == 1
    assert _introductions() == ["alice@example.org", "bob@example.org", "carol@example.org"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_coordinators_approving_the_same_proposal_at_once_write_one_audit_entry(postgres):
    alice = factories.mentee(
        email="alice@example.org", name="Alice Ahmed", group_name="Riverside founders"
    )
    bob = factories.mentor(email="bob@example.org", name="Bob Bevan")
    factories.cofounder(of=alice, email="carol@example.org", name="Carol Cole")
    coordinators = [factories.coordinator(email=f"c{i}@example.org") for i in range(2)]
    proposal = _proposal(mentor=bob, mentee=alice)
    OutboundEmail.objects.all().delete()  # the invitation to carol is not what this is about
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def approve(coordinator) -> None:
        try:
            barrier.wait(timeout=10)
            services.proposal_approve(mentorship_id=proposal.pk, by=coordinator)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(c,)) for c in coordinators]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert AuditEntry.objects.filter(action=Action.PAIRING_APPROVED).count() == 1
    assert _introductions() == ["alice@example.org", "bob@example.org", "carol@example.org"]
    assert (
        MentorshipTransition.objects.filter(
            mentorship=proposal, to_status=Mentorship.Status.APPROVED
        ).count()
        == 1
    )
