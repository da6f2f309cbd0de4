"""A mentee's request for a mentor emails the mentor, who can accept as well as decline; an
accepted request is the proposal coordinators approve, and requests appear in their digest."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from matching import services
from matching.models import Proposal
from mentorship.models import Mentorship
from mentorship.services import reminders
from tests import factories


def _request(alice_client, bob) -> Mentorship:
    alice_client.post(reverse("matching:request"), {"mentor": bob.pk})
    return Mentorship.objects.get(origin=Mentorship.Origin.REQUEST)


def test_a_request_emails_the_mentor_with_a_link_to_answer_it(alice, alice_client, bob, deliver):
    _request(alice_client, bob)
    [mail] = [m for m in deliver() if m.to == [bob.email]]
    assert mail.subject == "Riverside founders has asked you to be their mentor"
    assert reverse("matching:requests") in mail.body


def test_the_mentor_accepts_and_the_request_waits_for_a_coordinators_approval(
    alice, alice_client, bob, bob_client, coordinator
):
    request = _request(alice_client, bob)
    response = bob_client.post(reverse("matching:accept", args=[request.pk]), follow=True)
    assert "A coordinator will confirm the pairing" in response.content.decode()
    proposal = Proposal.objects.get(mentorship=request)
    assert proposal.mentor_accepted_at is not None
    request.refresh_from_db()
    assert request.status == Mentorship.Status.PROPOSED, "coordinators still approve it"
    approved = services.proposal_approve(mentorship_id=request.pk, by=coordinator)
    assert approved.status == Mentorship.Status.APPROVED


def test_accepting_twice_keeps_the_first_answer(alice, alice_client, bob):
    request = _request(alice_client, bob)
    services.request_accept(mentor=bob, mentorship_id=request.pk)
    first = Proposal.objects.get(mentorship=request).mentor_accepted_at
    services.request_accept(mentor=bob, mentorship_id=request.pk)
    assert Proposal.objects.get(mentorship=request).mentor_accepted_at == first


def test_another_mentor_a_mentee_and_a_coordinator_cannot_accept_a_request(
    alice, alice_client, bob, dave_client, coordinator_client
):
    request = _request(alice_client, bob)
    other = factories.mentor(email="other@example.org", name="Other")
    other_client = alice_client.__class__()
    other_client.force_login(other)
    url = reverse("matching:accept", args=[request.pk])
    for client in (other_client, alice_client, dave_client, coordinator_client):
        assert client.post(url).status_code == 404
    assert Proposal.objects.get(mentorship=request).mentor_accepted_at is None


def test_the_coordinators_digest_counts_requests_waiting_and_accepted(
    alice, alice_client, bob, coordinator, deliver
):
    request = _request(alice_client, bob)
    reminders.coordinator_digest(timezone.now())
    [digest] = [m for m in deliver() if m.subject.startswith("Programme digest")]
    assert "Mentees' requests waiting for the mentor's answer: 1" in digest.body
    services.request_accept(mentor=bob, mentorship_id=request.pk)
    deliver().clear()
    reminders.coordinator_digest(timezone.now() + timezone.timedelta(days=7))
    [digest] = [m for m in deliver() if m.subject.startswith("Programme digest")]
    assert "Mentees' requests the mentor accepted, to approve: 1" in digest.body
