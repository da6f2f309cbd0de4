"""Email preferences offer each member only the kinds of email their roles receive."""

from django.urls import reverse

from accounts import outbox
from tests import factories


def _offered(client) -> set[str]:
    return {
        kind for kind, _label, _on in client.get(reverse("accounts:notifications")).context["rows"]
    }


def test_a_mentee_is_not_offered_the_mentors_reminders_or_hours_statements(alice_client):
    offered = _offered(alice_client)
    assert {"session-log", "confirm-reminder", "session-reminder", "conversation"} <= offered
    assert not offered & {"log-reminder", "hours-statement", "coordinator-digest"}


def test_a_mentor_is_not_offered_the_mentees_confirmations_or_session_summaries(bob_client):
    offered = _offered(bob_client)
    assert {"log-reminder", "hours-statement", "session-reminder"} <= offered
    assert not offered & {"session-log", "confirm-reminder", "coordinator-digest"}


def test_a_member_who_is_both_is_offered_both_sides(client, db):
    both = factories.mentor(email="eve@example.org", role="both", goals="Learn payroll")
    client.force_login(both)
    assert {"log-reminder", "session-log", "confirm-reminder"} <= _offered(client)


def test_a_coordinator_is_offered_the_digest_and_no_pair_reminders(coordinator_client):
    assert _offered(coordinator_client) == {"coordinator-digest"}


def test_saving_keeps_a_choice_about_a_kind_the_member_is_not_offered(alice, alice_client):
    alice.muted_notifications = ["hours-statement"]
    alice.save(update_fields=["muted_notifications"])
    alice_client.post(reverse("accounts:notifications"), {"kinds": ["session-reminder"]})
    alice.refresh_from_db()
    assert "hours-statement" in alice.muted_notifications
    assert "session-log" in alice.muted_notifications


def test_each_kind_is_offered_to_exactly_the_roles_its_audience_names(alice_client, bob_client):
    offered = {
        outbox.Audience.MENTEE: _offered(alice_client),
        outbox.Audience.MENTOR: _offered(bob_client),
    }
    for kind, (_label, switchable, audience) in outbox.KINDS.items():
        assert audience, f"{kind} says who it is for"
        for role, kinds in offered.items():
            assert (kind in kinds) == (switchable and bool(audience & role)), (kind, role)
