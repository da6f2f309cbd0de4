"""The audit log: one entry per coordinator action, written with it, read-only for everyone."""

from datetime import date

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from accounts import privacy
from accounts.audit import Action, audit_record
from accounts.models import AuditEntry, MemberProfile, User
from matching import services as matching_services
from mentorship.models import ClaimApproval, Mentorship
from mentorship.services import hours, relationship
from mentorship.services.errors import MentorshipError
from tests import factories
from tests.mentorship.hours_factories import at, session


def _proposed(alice, bob) -> Mentorship:
    return relationship.mentorship_propose(
        mentor=bob, mentee=alice.profile.mentee_profile, origin=Mentorship.Origin.ENGINE
    )


def _only_entry(action: str) -> AuditEntry:
    entries = list(AuditEntry.objects.filter(action=action))
    assert len(entries) == 1, f"{len(entries)} entries for {action}"
    return entries[0]


def _target_of(entry: AuditEntry):
    return entry.target_type.get_object_for_this_type(pk=entry.target_id)


def test_approving_a_proposal_records_one_entry_with_the_coordinator_and_the_pairing(
    alice, bob, coordinator
):
    proposed = _proposed(alice, bob)
    matching_services.proposal_approve(mentorship_id=proposed.pk, by=coordinator)
    matching_services.proposal_approve(mentorship_id=proposed.pk, by=coordinator)

    entry = _only_entry(Action.PAIRING_APPROVED)
    assert entry.actor == coordinator and "coordinator@example.org" in entry.actor_label
    assert _target_of(entry) == proposed
    assert entry.target_label == "Bob Bevan mentoring Riverside founders"
    assert AuditEntry.objects.count() == 1, "approving again records nothing"


def test_a_refused_approval_leaves_no_entry(alice, bob, dave, coordinator):
    MemberProfile.objects.filter(user=bob).update(capacity=1)
    factories.mentorship(mentor=bob, mentee=dave, by=coordinator)
    proposed = _proposed(alice, bob)
    with pytest.raises(MentorshipError):
        matching_services.proposal_approve(mentorship_id=proposed.pk, by=coordinator)
    assert not AuditEntry.objects.exists()


def test_rejecting_a_proposal_records_one_entry_with_the_reason(alice, bob, coordinator):
    proposed = _proposed(alice, bob)
    matching_services.proposal_reject(mentorship_id=proposed.pk, by=coordinator, reason="Rivals")
    matching_services.proposal_reject(mentorship_id=proposed.pk, by=coordinator, reason="Rivals")

    entry = _only_entry(Action.PAIRING_REJECTED)
    assert entry.actor == coordinator and _target_of(entry) == proposed
    assert entry.details == {"reason": "Rivals"}
    assert AuditEntry.objects.count() == 1


def test_pairing_by_hand_records_one_entry_and_no_separate_approval(
    alice, bob, coordinator_client, coordinator
):
    url = reverse("admin:matching_proposal_pair")
    data = {"mentor": bob.pk, "mentee": alice.profile.mentee_profile_id, "confirm": "on"}
    assert coordinator_client.post(url, data).status_code == 302

    entry = _only_entry(Action.PAIRING_MADE_BY_HAND)
    assert entry.actor == coordinator and _target_of(entry) == Mentorship.objects.get()
    assert AuditEntry.objects.count() == 1
    assert "score" in entry.details


def test_approving_a_claim_records_one_entry_with_its_totals(pair, bob, coordinator):
    session(pair, when=at(2025, 3, 3), minutes=90)
    hours.claim_approve(mentor=bob, month=date(2025, 3, 1), by=coordinator)
    hours.claim_approve(mentor=bob, month=date(2025, 3, 1), by=coordinator)

    entry = _only_entry(Action.CLAIM_APPROVED)
    assert entry.actor == coordinator and _target_of(entry) == ClaimApproval.objects.get()
    assert entry.target_label == "Bob Bevan 2025-03"
    assert entry.details == {"hours": "1.50", "expenses": "0.00"}


def test_downloading_the_claims_csv_records_one_entry(pair, coordinator, coordinator_client):
    session(pair, when=at(2025, 3, 3))
    response = coordinator_client.get(reverse("mentorship:claims_csv", args=[2025, 3]))
    assert response.status_code == 200

    entry = _only_entry(Action.CLAIMS_EXPORTED)
    assert entry.actor == coordinator
    assert entry.details == {"month": "2025-03", "mentors": 1}


def test_a_members_data_export_and_account_deletion_are_recorded_without_their_name(alice):
    privacy.member_data_export(user=alice)
    privacy.account_delete(user=alice)

    exported = _only_entry(Action.DATA_EXPORTED)
    deleted = _only_entry(Action.ACCOUNT_DELETED)
    assert exported.actor == alice and deleted.actor == alice
    for entry in (exported, deleted):
        assert "Alice" not in entry.actor_label + entry.target_label
        assert "alice@example.org" not in entry.actor_label + entry.target_label


def test_coordinators_read_the_audit_log_in_the_admin(alice, bob, coordinator, coordinator_client):
    matching_services.proposal_approve(mentorship_id=_proposed(alice, bob).pk, by=coordinator)
    page = coordinator_client.get(reverse("admin:accounts_auditentry_changelist"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Pairing approved" in text and "Bob Bevan mentoring Riverside founders" in text
    entry = AuditEntry.objects.get()
    detail = coordinator_client.get(reverse("admin:accounts_auditentry_change", args=[entry.pk]))
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()


@pytest.fixture
def superuser_client(client, db):
    root = User.objects.create_superuser("root@example.org", factories.PASSWORD)
    return factories.mfa_login(client, root)


def test_nobody_can_add_change_or_delete_an_entry_not_even_a_superuser(
    superuser_client, alice, bob, coordinator
):
    matching_services.proposal_approve(mentorship_id=_proposed(alice, bob).pk, by=coordinator)
    entry = AuditEntry.objects.get()
    listing = superuser_client.get(reverse("admin:accounts_auditentry_changelist"))
    assert listing.status_code == 200
    assert reverse("admin:accounts_auditentry_add") not in listing.content.decode()
    assert superuser_client.get(reverse("admin:accounts_auditentry_add")).status_code == 403
    change_url = reverse("admin:accounts_auditentry_change", args=[entry.pk])
    response = superuser_client.post(change_url, {"action": "claim_approved", "actor_label": "x"})
    assert response.status_code == 403
    delete_url = reverse("admin:accounts_auditentry_delete", args=[entry.pk])
    assert superuser_client.post(delete_url, {"post": "yes"}).status_code == 403
    entry.refresh_from_db()
    assert entry.action == Action.PAIRING_APPROVED and entry.actor_label


def test_the_database_refuses_to_change_or_delete_an_entry(postgres, coordinator):
    entry = audit_record(actor=coordinator, action=Action.CLAIMS_EXPORTED, target_label="2025-03")
    for sql in (
        "UPDATE accounts_auditentry SET target_label = 'forged' WHERE id = %s",
        "DELETE FROM accounts_auditentry WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="cannot be changed or deleted"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [entry.pk])
    entry.refresh_from_db()
    assert entry.target_label == "2025-03"


def test_the_database_lets_a_deleted_users_link_become_empty(postgres, coordinator):
    gone = factories.user(email="gone@example.org", name="Gone")
    entry = audit_record(actor=gone, action=Action.CLAIMS_EXPORTED, target=coordinator)
    gone.delete()
    entry.refresh_from_db()
    assert entry.actor is None and entry.actor_label == "Gone <gone@example.org>"


def _whole_log() -> str:
    import json

    return "\n".join(
        f"{e.actor_label} | {e.target_label} | {json.dumps(e.details, ensure_ascii=False)}"
        for e in AuditEntry.objects.all()
    )


def test_deleting_an_account_keeps_every_entry_but_names_the_member_former_member_and_id(
    alice, bob, dave, coordinator
):
    User.objects.filter(pk=bob.pk).update(name="Bob Bevân")
    bob.refresh_from_db()
    pairing = _proposed(alice, bob)
    matching_services.proposal_approve(mentorship_id=pairing.pk, by=coordinator)
    relationship.agreement_accept(mentorship_id=pairing.pk, by=bob)
    relationship.agreement_accept(mentorship_id=pairing.pk, by=alice)
    session(Mentorship.objects.get(pk=pairing.pk), when=at(2025, 3, 3), minutes=90)
    hours.claim_approve(mentor=bob, month=date(2025, 3, 1), by=coordinator)
    other = relationship.mentorship_propose(
        mentor=bob, mentee=dave.profile.mentee_profile, origin=Mentorship.Origin.ENGINE
    )
    matching_services.proposal_reject(
        mentorship_id=other.pk, by=coordinator, reason="Bob Bevân (BOB@example.org) is full"
    )
    privacy.member_data_export(user=bob)
    before = {e.pk: e.action for e in AuditEntry.objects.all()}
    assert "Bob Bevân" in _whole_log()

    privacy.account_delete(user=bob)

    former = f"former member #{bob.pk}"
    after = {e.pk: e.action for e in AuditEntry.objects.all()}
    assert {pk: after[pk] for pk in before} == before, "every entry is kept, as it was"
    assert set(after) - set(before) == {_only_entry(Action.ACCOUNT_DELETED).pk}
    log = _whole_log()
    for trace in ("Bob", "Bevân", "bob@example.org"):
        assert trace.lower() not in log.lower(), trace
    approved = _only_entry(Action.PAIRING_APPROVED)
    assert approved.target_label == f"{former} mentoring Riverside founders"
    assert approved.actor_label == "Coordinator <coordinator@example.org>"
    assert _only_entry(Action.CLAIM_APPROVED).target_label == f"{former} 2025-03"
    assert _only_entry(Action.PAIRING_REJECTED).details == {
        "reason": f"{former} ({former}) is full"
    }
    deleted = _only_entry(Action.ACCOUNT_DELETED)
    assert deleted.actor == bob and deleted.actor_label == deleted.target_label == former


def test_a_coordinator_who_deletes_their_account_is_former_member_in_the_entries_they_made(
    alice, bob, coordinator
):
    matching_services.proposal_approve(mentorship_id=_proposed(alice, bob).pk, by=coordinator)

    privacy.account_delete(user=coordinator)

    entry = _only_entry(Action.PAIRING_APPROVED)
    assert entry.actor == coordinator
    assert entry.actor_label == f"former member #{coordinator.pk}"
    assert entry.target_label == "Bob Bevan mentoring Riverside founders"
    assert "coordinator@example.org" not in _whole_log()


def test_the_database_lets_only_an_erasure_change_an_entrys_labels(postgres, coordinator):
    entry = audit_record(actor=coordinator, action=Action.CLAIMS_EXPORTED, target_label="2025-03")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('accounts.audit_erasure', 'on', true)")
        cursor.execute(
            "UPDATE accounts_auditentry SET actor_label = 'former member' WHERE id = %s",
            [entry.pk],
        )
        with (
            pytest.raises(DatabaseError, match="cannot be changed or deleted"),
            transaction.atomic(),
        ):
            cursor.execute(
                "UPDATE accounts_auditentry SET action = 'pairing_approved' WHERE id = %s",
                [entry.pk],
            )
        with (
            pytest.raises(DatabaseError, match="cannot be changed or deleted"),
            transaction.atomic(),
        ):
            cursor.execute("DELETE FROM accounts_auditentry WHERE id = %s", [entry.pk])
    entry.refresh_from_db()
    assert (entry.actor_label, entry.action) == ("former member", Action.CLAIMS_EXPORTED)
