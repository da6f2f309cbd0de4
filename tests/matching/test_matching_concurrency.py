"""Two coordinators approving the last slot of a mentor at the same moment: exactly one wins."""

import threading

import pytest
from django.db import connection

from mentorship.models import Mentorship
from mentorship.services import relationship as mentorship_relationship
from mentorship.services.errors import MentorshipError
from tests import factories


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_coordinators_approving_a_mentors_last_slot_at_once_give_it_to_one(postgres):
    mentor = factories.mentor(email="bob@example.org", name="Bob", capacity=1)
    coordinators = [factories.coordinator(email=f"c{i}@example.org") for i in range(2)]
    proposals = [
        mentorship_relationship.mentorship_propose(
            mentor=mentor,
            mentee=factories.mentee(
                email=f"m{i}@example.org", name=f"Mentee {i}"
            ).profile.mentee_profile,
            origin="engine",
        )
        for i in range(2)
    ]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def approve(mentorship: Mentorship, coordinator) -> None:
        try:
            barrier.wait(timeout=10)
            mentorship_relationship.mentorship_approve(mentorship_id=mentorship.pk, by=coordinator)
            outcomes.append("approved")
        except MentorshipError as error:
            outcomes.append(f"refused: {error}")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=approve, args=(p, c))
        for p, c in zip(proposals, coordinators, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(o.split(":")[0] for o in outcomes) == ["approved", "refused"], outcomes
    assert (
        Mentorship.objects.filter(mentor=mentor, status__in=Mentorship.OPEN_STATUSES).count() == 1
    )
