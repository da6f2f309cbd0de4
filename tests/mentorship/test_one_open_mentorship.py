"""A mentee has at most one open mentorship, whichever path pairs them."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts import demo as members_demo
from mentorship import demo as mentoring_demo
from mentorship.models import Mentorship
from mentorship.services import relationship
from mentorship.services.errors import MentorshipError
from tests import factories


def test_the_database_refuses_a_second_open_mentorship_for_a_mentee(pair, coordinator):
    erin = factories.mentor(email="erin@example.org", name="Erin Evans")

    for status in Mentorship.OPEN_STATUSES:
        with pytest.raises(IntegrityError), transaction.atomic():
            Mentorship.objects.create(mentor=erin, mentee=pair.mentee, status=status)

    for status in (Mentorship.Status.PROPOSED, Mentorship.Status.ENDED):
        Mentorship.objects.create(mentor=erin, mentee=pair.mentee, status=status)
    assert pair.mentee.mentorships.filter(status__in=Mentorship.OPEN_STATUSES).count() == 1


def test_approving_a_second_mentor_for_a_mentee_is_refused_with_a_message(pair, coordinator):
    erin = factories.mentor(email="erin@example.org", name="Erin Evans")
    second = relationship.mentorship_propose(
        mentor=erin, mentee=pair.mentee, origin="manual", by=coordinator
    )

    with pytest.raises(MentorshipError, match="already has an open mentorship"):
        relationship.mentorship_approve(mentorship_id=second.pk, by=coordinator)

    second.refresh_from_db()
    assert second.status == Mentorship.Status.PROPOSED


def test_pairing_a_matched_mentee_by_hand_says_why_on_the_page(pair, coordinator_client):
    erin = factories.mentor(email="erin@example.org", name="Erin Evans")
    url = reverse("admin:matching_proposal_pair")

    response = coordinator_client.post(
        url, {"mentor": erin.pk, "mentee": pair.mentee_id, "confirm": "on"}
    )

    assert response.status_code == 200
    assert "already has an open mentorship" in response.content.decode()
    assert not Mentorship.objects.filter(mentor=erin, status__in=Mentorship.OPEN_STATUSES)


def test_saving_a_mentorship_in_the_admin_cannot_open_a_second_one(pair, coordinator_client):
    erin = factories.mentor(email="erin@example.org", name="Erin Evans")
    ended = Mentorship.objects.create(
        mentor=erin, mentee=pair.mentee, status=Mentorship.Status.ENDED
    )
    url = reverse("admin:mentorship_mentorship_change", args=[ended.pk])

    response = coordinator_client.post(
        url,
        {
            "status": "active",
            "meeting_frequency": "monthly",
            "meeting_format": "remote",
            "transitions-TOTAL_FORMS": "0",
            "transitions-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code in (200, 302)
    ended.refresh_from_db()
    assert ended.status == Mentorship.Status.ENDED, "the state changes only through services"


def test_the_demo_programme_never_gives_a_mentee_two_open_mentorships(db):
    members_demo.demo_programme_create(members=60, seed=2026)
    mentoring_demo.demo_mentoring_create(seed=2026)

    mentees = Mentorship.objects.filter(status__in=Mentorship.OPEN_STATUSES).values_list(
        "mentee_id", flat=True
    )
    assert len(mentees) == len(set(mentees)) > 0
