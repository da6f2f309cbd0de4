import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from mentorship.models import Mentorship
from mentorship.services import relationship
from mentorship.services.errors import MentorshipError
from tests import factories


def test_the_mentorship_starts_when_both_sides_accept_and_one_cofounder_speaks_for_the_group(
    alice, bob, carol, coordinator, carol_client, bob_client
):
    mentorship = factories.mentorship(mentor=bob, mentee=alice, status="approved", by=coordinator)
    page = carol_client.get(reverse("mentorship:detail", args=[mentorship.pk])).content.decode()
    assert "Your mentoring agreement" in page and "I accept the agreement" in page

    bob_client.post(
        reverse("mentorship:accept_agreement", args=[mentorship.pk]),
        {"meeting_frequency": "fortnightly", "meeting_format": "remote"},
    )
    mentorship.refresh_from_db()
    assert mentorship.status == "approved" and mentorship.mentor_accepted_at
    assert mentorship.meeting_frequency == "fortnightly"

    carol_client.post(reverse("mentorship:accept_agreement", args=[mentorship.pk]), {})
    mentorship.refresh_from_db()
    assert mentorship.status == Mentorship.Status.ACTIVE
    assert mentorship.mentee_accepted_by.email == "carol@example.org"
    expected_end = (timezone.now() + datetime.timedelta(days=182)).date()
    assert abs((mentorship.ends_on - expected_end).days) <= 3, "six months by default"
    alice_page = carol_client.get(
        reverse("mentorship:detail", args=[mentorship.pk])
    ).content.decode()
    assert "Both accepted the agreement" in alice_page, "the timeline shows why it started"


def test_accepting_twice_is_refused_politely(alice, bob, coordinator):
    mentorship = factories.mentorship(mentor=bob, mentee=alice, status="approved", by=coordinator)
    relationship.agreement_accept(mentorship_id=mentorship.pk, by=bob)
    with pytest.raises(MentorshipError, match="already accepted"):
        relationship.agreement_accept(mentorship_id=mentorship.pk, by=bob)


@pytest.mark.parametrize(
    ("start", "to", "allowed"),
    [
        ("active", "paused", True),
        ("paused", "active", True),
        ("active", "completed", True),
        ("active", "ended", True),
        ("completed", "active", False),
        ("ended", "active", False),
        ("active", "proposed", False),
        ("rejected", "approved", False),
        ("completed", "paused", False),
    ],
)
def test_members_can_make_only_the_allowed_moves(pair, bob, start, to, allowed):
    Mentorship.objects.filter(pk=pair.pk).update(status=start)
    if allowed:
        relationship.mentorship_transition(mentorship_id=pair.pk, to_status=to, by=bob)
        pair.refresh_from_db()
        assert pair.status == to
        assert pair.transitions.last().to_status == to
    else:
        with pytest.raises(MentorshipError):
            relationship.mentorship_transition(mentorship_id=pair.pk, to_status=to, by=bob)
        pair.refresh_from_db()
        assert pair.status == start


def test_a_coordinator_can_reopen_a_completed_mentorship(pair, coordinator):
    Mentorship.objects.filter(pk=pair.pk).update(status="completed")
    relationship.mentorship_transition(
        mentorship_id=pair.pk, to_status="active", by=coordinator, as_coordinator=True
    )
    pair.refresh_from_db()
    assert pair.status == "active"


def test_either_party_ends_early_with_a_reason(pair, carol_client):
    url = reverse("mentorship:end", args=[pair.pk])
    response = carol_client.post(url, {"completed": "no", "reason": ""})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    carol_client.post(url, {"completed": "no", "reason": "Our co-op is pausing for a year"})
    pair.refresh_from_db()
    assert pair.status == "ended"
    step = pair.transitions.last()
    assert step.reason == "Our co-op is pausing for a year" and step.by.email == "carol@example.org"
    # The mentee is waiting again: the next matching run considers them.
    from matching import selectors as matching_selectors

    assert pair.mentee_id in {m.pk for m in matching_selectors.mentees_waiting()}


def test_the_dashboard_lists_the_members_mentorships_and_what_to_do(
    alice, bob, coordinator, alice_client
):
    mentorship = factories.mentorship(mentor=bob, mentee=alice, status="approved", by=coordinator)
    page = alice_client.get(reverse("mentorship:dashboard")).content.decode()
    assert reverse("mentorship:detail", args=[mentorship.pk]) in page
    assert "accept the agreement" in page


def test_the_dashboard_makes_a_bounded_number_of_queries(
    alice, bob, coordinator, bob_client, django_assert_max_num_queries
):
    for i in range(2):
        factories.mentorship(
            mentor=bob,
            mentee=factories.mentee(email=f"x{i}@example.org", name=f"X {i}"),
            by=coordinator,
        )
    with django_assert_max_num_queries(30) as few:
        bob_client.get(reverse("mentorship:dashboard"))
    from accounts.models import MemberProfile

    MemberProfile.objects.filter(user=bob).update(capacity=5)
    for i in range(2, 5):
        factories.mentorship(
            mentor=bob,
            mentee=factories.mentee(email=f"x{i}@example.org", name=f"X {i}"),
            by=coordinator,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        bob_client.get(reverse("mentorship:dashboard"))
