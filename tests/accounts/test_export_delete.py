"""A member downloads their data, and deletes their account without disturbing the records."""

import datetime
import json
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import outbox, privacy
from accounts.models import (
    AuditEntry,
    GroupInvitation,
    MemberBlock,
    MemberProfile,
    MenteeProfile,
    OutboundEmail,
    User,
)
from mentorship import emails
from mentorship.models import CalendarFeed, Mentorship, PrivateNote, Session
from mentorship.selectors import hours as hours_selectors
from mentorship.selectors import programme
from mentorship.services import calendar as calendar_services
from mentorship.services import hours, relationship, sessions
from mentorship.services import programmes as programme_services
from tests import factories
from tests.mentorship.hours_factories import at, expense, session

NOW = timezone.now()


@pytest.fixture
def history(pair, other_pair, alice, bob):
    """Confirmed time for bob and alice's group, with a private note on each side."""
    first = session(pair, when=at(2025, 3, 3), minutes=90)
    expense(first, "12.50")
    session(pair, when=NOW - datetime.timedelta(hours=3), minutes=45)
    session(other_pair, when=at(2025, 3, 5), minutes=60)
    sessions.private_note_save(session=first, author=bob, text="Bob's private worry")
    sessions.private_note_save(session=first, author=alice, text="Alice's private hope")
    return first


def _export(client: Client) -> dict:
    response = client.post(reverse("accounts:data_export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="my-mentoring-data-')
    return json.loads(response.content)


def _delete(client: Client, confirmation: str = factories.PASSWORD):
    return client.post(reverse("accounts:account_delete"), {"confirmation": confirmation})


# -- export ------------------------------------------------------------------------------


def test_the_export_page_explains_and_only_a_post_downloads(alice_client):
    response = alice_client.get(reverse("accounts:data_export"))
    assert response.status_code == 200
    assert "Content-Disposition" not in response
    assert "Download my data (JSON)" in response.content.decode()


def test_the_export_holds_the_members_own_data(alice_client, alice, pair, history):
    data = _export(alice_client)

    account = data["account"]
    assert account["user"]["email"] == "alice@example.org"
    assert account["user"]["name"] == "Alice Ahmed"
    assert "password" not in json.dumps(account["user"])
    assert account["email_addresses"] == [
        {"email": "alice@example.org", "verified": True, "primary": True}
    ]
    assert account["profile"]["organisation"]["name"] == "Alice Ahmed's Co-op"
    assert account["mentee_profile"]["group_name"] == "Riverside founders"
    assert account["mentee_profile"]["skills_wanted"] == ["Bookkeeping"]
    assert any(i["email"] == "carol@example.org" for i in account["group_invitations"])
    [mentorship] = data["mentorship"]["mentorships"]
    assert mentorship["id"] == pair.pk and mentorship["your_side"] == "mentee"
    assert len(mentorship["sessions"]) == 2
    assert "expenses" not in mentorship["sessions"][0], "expenses are the mentor's claim"
    assert [n["text"] for n in data["mentorship"]["private_notes"]] == ["Alice's private hope"]


def test_the_export_leaves_out_the_other_partys_private_notes_and_other_pairs(
    alice_client, other_pair, history
):
    raw = json.dumps(_export(alice_client), ensure_ascii=False)
    assert "Alice's private hope" in raw, "the export itself must work for its absences to count"
    assert "Bob's private worry" not in raw
    assert "Dave Dunn" not in raw and "dave@example.org" not in raw
    assert "Erin" not in raw


def test_a_mentors_export_has_their_expenses_claims_and_emails(
    bob_client, bob, pair, history, coordinator
):
    emails.notify_introduction(pair, [])
    hours.claim_approve(mentor=bob, month=datetime.date(2025, 3, 1), by=coordinator)
    data = _export(bob_client)
    sessions_ = data["mentorship"]["mentorships"][0]["sessions"]
    march = next(s for s in sessions_ if s["starts_at"].startswith("2025-03-03"))
    assert march["expenses"] == [{"description": "Train fare", "amount": "12.50"}]
    assert data["mentorship"]["claims"][0]["hours"] == "1.50"
    kinds = {e["kind"] for e in data["account"]["emails_sent_to_you"]}
    assert "introduction-mentor" in kinds
    assert all("body" not in e for e in data["account"]["emails_sent_to_you"])


def test_the_export_holds_the_members_applications_with_their_answers(bob_client, bob, db):
    peer = factories.programme(name="Peer managers", questions="Why now?")
    programme_services.enrolment_apply(
        member=bob,
        cohort_id=peer.cohorts.get().pk,
        side="mentor",
        answers={"Why now?": "My co-op has grown"},
    )

    [application] = _export(bob_client)["mentorship"]["applications"]

    assert application["programme"] == "Peer managers" and application["cohort"] == "Spring"
    assert (application["side"], application["status"]) == ("mentor", "applied")
    assert application["answers"] == {"Why now?": "My co-op has grown"}


def test_the_export_makes_the_same_number_of_queries_however_many_sessions(
    alice_client, pair, alice
):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            _export(alice_client)
        return len(captured)

    session(pair, when=at(2025, 3, 3))
    few = queries()
    for day in range(4, 9):
        session(pair, when=at(2025, 3, day))
    assert queries() == few


def test_signed_out_visitors_cannot_export_or_delete(client, db):
    for name in ("accounts:data_export", "accounts:account_delete"):
        response = client.post(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


# -- deletion ----------------------------------------------------------------------------


def test_the_delete_page_asks_for_the_password(alice_client):
    page = alice_client.get(reverse("accounts:account_delete")).content.decode()
    assert "Type your password to confirm" in page
    response = _delete(alice_client, "not-my-password")
    assert response.status_code == 200
    assert "That is not your password." in response.content.decode()
    assert User.objects.get(email="alice@example.org").is_active


def test_deleting_erases_every_personal_field(bob_client, bob, alice, pair, history):
    calendar_services.calendar_feed_for(user=bob)
    emails.notify_introduction(pair, [])
    MemberBlock.objects.create(blocker=bob, blocked=alice)
    outbox_pending = OutboundEmail.objects.filter(recipient=bob, status="pending").count()
    assert outbox_pending, "bob has emails waiting"
    profile_id = bob.profile.pk

    response = _delete(bob_client)

    assert response.status_code == 302 and response.url == reverse("home")
    row = User.objects.get(pk=bob.pk)
    assert row.email == f"former-member-{bob.pk}@deleted.invalid"
    assert row.name == "" and row.muted_notifications == [] and row.last_login is None
    assert not row.has_usable_password() and not row.is_active and row.erased_at
    assert str(row) == "former member"
    assert not MemberProfile.objects.filter(pk=profile_id).exists()
    assert not EmailAddress.objects.filter(user=bob).exists()
    assert not CalendarFeed.objects.filter(user=bob).exists()
    assert not MemberBlock.objects.filter(blocker=bob).exists()
    assert not PrivateNote.objects.filter(author=bob).exists()
    assert PrivateNote.objects.filter(author=alice).exists(), "alice's note is hers"
    assert not OutboundEmail.objects.filter(recipient=bob, status="pending").exists()
    sent = OutboundEmail.objects.filter(recipient=bob)
    assert all(e.to == row.email and not e.body_text and not e.body_html for e in sent)
    assert not OutboundEmail.objects.filter(to__iexact="bob@example.org").exists()
    assert outbox.email_enqueue(key="late", kind="inactivity", recipient=row, context={}) is None


def test_deleting_keeps_sessions_hours_and_the_programmes_figures(
    bob_client, bob, pair, history, coordinator
):
    march = datetime.date(2025, 3, 1)

    def figures():
        page = programme.programme_figures()
        return {
            "sessions": Session.objects.count(),
            "mentorships": Mentorship.objects.count(),
            "bob_hours": hours_selectors.cpd_record(bob).total_hours,
            "claims": [
                (c.sessions, c.hours, c.expenses) for c in hours_selectors.month_claims(march)
            ],
            "this_month": (page.sessions_this_month, page.confirmed_hours_this_month),
            "feedback": page.feedback,
            "states": sum(n for _s, _l, n in page.by_state),
        }

    before = figures()
    _delete(bob_client)
    after = figures()

    assert after == before
    assert before["bob_hours"] == Decimal("2.25")
    pair.refresh_from_db()
    assert pair.status == Mentorship.Status.ENDED, "the pairing ends; its record stays"


def test_the_other_party_sees_former_member_and_is_told(
    bob_client, alice_client, pair, history, deliver
):
    _delete(bob_client)

    page = alice_client.get(reverse("mentorship:detail", args=[pair.pk])).content.decode()
    assert "former member" in page and "Bob Bevan" not in page
    dashboard = alice_client.get(reverse("mentorship:dashboard")).content.decode()
    assert "Bob Bevan" not in dashboard
    told = [m for m in deliver() if m.subject == "Your mentorship has ended"]
    assert sorted(m.to[0] for m in told) == ["alice@example.org", "carol@example.org"]
    assert "former member" in told[0].body and "Bob" not in told[0].body


def test_a_mentor_leaving_frees_their_place_and_withdraws_their_proposals(
    bob_client, bob, pair, dave
):
    proposal = relationship.mentorship_propose(
        mentor=bob, mentee=dave.profile.mentee_profile, origin="engine"
    )
    _delete(bob_client)
    proposal.refresh_from_db()
    assert proposal.status == Mentorship.Status.WITHDRAWN
    assert relationship.mentor_open_count(bob.pk) == 0


def test_future_sessions_are_cancelled_and_past_ones_kept(
    bob_client, pair, history, alice, bob, deliver
):
    upcoming = sessions.session_schedule(
        mentorship=pair,
        by=alice,
        starts_at=NOW + datetime.timedelta(days=3),
        duration_minutes=60,
        format="remote",
    )
    _delete(bob_client)
    upcoming.refresh_from_db()
    history.refresh_from_db()
    assert (upcoming.status, upcoming.sequence) == (Session.Status.CANCELLED, 1)
    assert history.status == Session.Status.CONFIRMED
    # The one ending path: its timeline entry, and one calendar cancellation for the partner.
    assert pair.transitions.get(to_status=Mentorship.Status.ENDED).by_id == bob.pk
    cancellations = [
        m for m in deliver()
        if m.to == [alice.email] and m.attachments and "method=CANCEL" in m.attachments[0][2]
    ]  # fmt: skip
    assert len(cancellations) == 1


def test_the_group_lives_on_for_its_cofounder_when_its_lead_leaves(
    alice_client, carol_client, alice, carol, pair, history
):
    mentee_id = pair.mentee_id
    _delete(alice_client)

    mentee = MenteeProfile.objects.get(pk=mentee_id)
    assert mentee.group_name == "Riverside founders"
    assert mentee.created_by == carol and mentee.display_name == "Carol Cole"
    assert list(mentee.members.values_list("user__email", flat=True)) == ["carol@example.org"]
    pair.refresh_from_db()
    assert pair.status == Mentorship.Status.ACTIVE, "carol keeps the group's mentor"
    page = carol_client.get(reverse("mentorship:detail", args=[pair.pk]))
    assert page.status_code == 200 and "Alice Ahmed" not in page.content.decode()
    assert PrivateNote.objects.filter(author=alice).count() == 0


def test_a_solo_mentee_leaving_ends_the_pairing_and_empties_the_mentee_profile(
    dave_client, other_pair
):
    erin = other_pair.mentor
    _delete(dave_client)

    mentee = MenteeProfile.objects.get(pk=other_pair.mentee_id)
    assert mentee.goals == "" and mentee.display_name == "" and not mentee.skills_wanted.exists()
    assert str(mentee) == "former member"
    other_pair.refresh_from_db()
    assert other_pair.status == Mentorship.Status.ENDED
    erin_client = Client()
    erin_client.force_login(erin)
    page = erin_client.get(reverse("mentorship:detail", args=[other_pair.pk])).content.decode()
    assert "former member" in page and "Dave Dunn" not in page


def test_open_invitations_to_a_deleted_member_are_removed(alice, db):
    invitation = GroupInvitation.objects.create(
        mentee_profile=alice.profile.mentee_profile, email="zed@example.org", invited_by=alice
    )
    zed = factories.user(email="zed@example.org", name="Zed")
    privacy.account_delete(user=zed)
    assert not GroupInvitation.objects.filter(pk=invitation.pk).exists()


def test_a_deleted_member_can_no_longer_sign_in_and_their_other_sessions_end(alice, client):
    elsewhere = Client()
    elsewhere.force_login(alice)
    here = Client()
    here.force_login(alice)

    _delete(here)

    assert "_auth_user_id" not in here.session
    response = elsewhere.get(reverse("mentorship:dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    login = client.post(
        reverse("account_login"), {"login": "alice@example.org", "password": factories.PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    assert login.status_code == 200


def test_a_member_cannot_delete_someone_elses_account(bob_client, alice, bob):
    response = _delete(bob_client, "alice@example.org")
    assert response.status_code == 200
    alice.refresh_from_db()
    bob.refresh_from_db()
    assert alice.is_active and alice.erased_at is None
    assert bob.is_active and bob.erased_at is None


def test_a_second_delete_is_harmless(alice_client, alice, pair):
    assert _delete(alice_client).status_code == 302
    again = _delete(alice_client)
    assert again.status_code == 302 and again.url.startswith(reverse("account_login"))
    assert privacy.account_delete(user=alice) is False
    assert AuditEntry.objects.filter(action="account_deleted").count() == 1


def test_a_member_without_a_password_confirms_with_their_email(dave):
    dave.set_unusable_password()
    dave.save()
    dave_client = Client()
    dave_client.force_login(dave)
    assert (
        "Type your email address"
        in dave_client.get(reverse("accounts:account_delete")).content.decode()
    )
    assert _delete(dave_client, "DAVE@example.org").status_code == 302
    dave.refresh_from_db()
    assert dave.erased_at is not None


def test_the_last_superuser_cannot_delete_their_account(db):
    root = User.objects.create_superuser("root@example.org", factories.PASSWORD)
    with pytest.raises(privacy.AccountDeleteError):
        privacy.account_delete(user=root)
    other = User.objects.create_superuser("root2@example.org", factories.PASSWORD)
    assert privacy.account_delete(user=other) is True


def test_the_claims_csv_and_page_show_a_deleted_mentor_as_former_member(
    bob, history, coordinator_client
):
    privacy.account_delete(user=bob)
    rows = coordinator_client.get(reverse("mentorship:claims_csv", args=[2025, 3])).content
    text = rows.decode()
    assert "former member" in text and "Bob" not in text and "deleted.invalid" not in text
    page = coordinator_client.get(reverse("mentorship:claims"), {"month": "2025-03"})
    assert (
        "former member" in page.content.decode() and "deleted.invalid" not in page.content.decode()
    )
