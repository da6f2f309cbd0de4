import threading
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.models import (
    INVITATION_LIFETIME,
    GroupInvitation,
    MemberProfile,
    OutboundEmail,
    User,
)
from tests import factories


def _invite(inviter, email):
    return factories.invitation(inviter=inviter, email=email)


def test_a_group_mentee_invites_a_cofounder_by_email(alice, alice_client, deliver):
    response = alice_client.post(reverse("accounts:group"), {"email": "Carol@Example.org"})
    deliver()
    assert response.status_code == 302
    invitation = GroupInvitation.objects.get()
    assert invitation.email == "carol@example.org"
    assert mail.outbox[0].to == ["carol@example.org"]
    assert "Riverside founders" in mail.outbox[0].body, "the group is named in the body"
    assert reverse("accounts:invitation", args=[invitation.token]) in mail.outbox[0].body
    assert mail.outbox[0].alternatives, "an HTML part is sent too"


def test_the_invited_cofounder_joins_and_shares_the_mentee_profile(alice, client):
    invitation = _invite(alice, "carol@example.org")
    carol = factories.user(email="carol@example.org", name="Carol Cole")
    client.force_login(carol)
    assert (
        "Join Riverside founders"
        in client.get(reverse("accounts:invitation", args=[invitation.token])).content.decode()
    )
    response = client.post(reverse("accounts:invitation_accept", args=[invitation.token]))
    assert response.status_code == 302
    carol_profile = MemberProfile.objects.get(user=carol)
    assert carol_profile.mentee_profile_id == alice.profile.mentee_profile_id
    assert carol_profile.role == MemberProfile.Role.MENTEE
    group_page = client.get(reverse("accounts:group")).content.decode()
    assert "Alice Ahmed" in group_page and "Carol Cole" in group_page


def test_an_invitation_cannot_be_accepted_by_another_address(alice, dave_client):
    invitation = _invite(alice, "carol@example.org")
    response = dave_client.post(
        reverse("accounts:invitation_accept", args=[invitation.token]), follow=True
    )
    assert str(services.INVITATION_FOR_ANOTHER_ADDRESS) in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert (
        MemberProfile.objects.get(user__email="dave@example.org").mentee_profile_id
        != alice.profile.mentee_profile_id
    )


def test_an_invitation_is_used_only_once(alice, carol):
    invitation = GroupInvitation.objects.get(email="carol@example.org")
    with pytest.raises(services.InvitationError, match="already been accepted"):
        services.group_invitation_accept(token=invitation.token, user=carol)


def test_a_made_up_invitation_token_is_not_found(client, db):
    assert client.get(reverse("accounts:invitation", args=["guessed-token"])).status_code == 404


def test_a_mentee_on_their_own_must_name_a_group_before_inviting(dave, dave_client):
    response = dave_client.post(reverse("accounts:group"), {"email": "someone@example.org"})
    assert response.status_code == 200
    assert not GroupInvitation.objects.exists()


def test_a_mentor_who_is_invited_becomes_both(alice, bob):
    invitation = _invite(alice, "bob@example.org")
    services.group_invitation_accept(token=invitation.token, user=bob)
    bob.profile.refresh_from_db()
    assert bob.profile.role == MemberProfile.Role.BOTH
    assert bob.profile.mentee_profile_id == alice.profile.mentee_profile_id


# -- joining a group must not orphan a mentorship ---------------------------------------------


@pytest.mark.parametrize("status", ["approved", "active", "paused"])
def test_a_mentee_with_an_open_mentorship_cannot_join_another_group(
    alice, dave, dave_client, coordinator, status
):
    from mentorship.services import relationship as mentorship_relationship

    erin = factories.mentor(email="erin@example.org", name="Erin Evans")
    pairing = factories.mentorship(
        mentor=erin, mentee=dave, by=coordinator, status="active" if status == "paused" else status
    )
    if status == "paused":
        mentorship_relationship.mentorship_transition(
            mentorship_id=pairing.pk, to_status="paused", by=erin, reason="Harvest"
        )
    pairing.refresh_from_db()
    assert pairing.status == status
    own_mentee = dave.profile.mentee_profile_id
    invitation = _invite(alice, dave.email)

    response = dave_client.post(
        reverse("accounts:invitation_accept", args=[invitation.token]), follow=True
    )

    assert str(services.INVITATION_OPEN_MENTORSHIP) in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("accounts:invitation", args=[invitation.token])
    dave.profile.refresh_from_db()
    invitation.refresh_from_db()
    assert dave.profile.mentee_profile_id == own_mentee
    assert invitation.accepted_at is None
    assert dave_client.get(reverse("mentorship:detail", args=[pairing.pk])).status_code == 200


def test_a_mentee_whose_mentorship_has_ended_may_join_a_group(alice, dave, coordinator):
    from mentorship.services import relationship as mentorship_relationship

    erin = factories.mentor(email="erin@example.org", name="Erin Evans")
    pairing = factories.mentorship(mentor=erin, mentee=dave, by=coordinator)
    mentorship_relationship.mentorship_end(mentorship_id=pairing.pk, by=dave, reason="Moving")
    invitation = _invite(alice, dave.email)

    services.group_invitation_accept(token=invitation.token, user=dave)

    dave.profile.refresh_from_db()
    assert dave.profile.mentee_profile_id == alice.profile.mentee_profile_id


def test_joining_a_group_withdraws_the_pending_proposals_of_the_profile_left_empty(
    alice, dave, coordinator
):
    from mentorship.group_leaving import WITHDRAWN_MENTEE_JOINED_GROUP
    from mentorship.models import Mentorship

    erin = factories.mentor(email="erin@example.org", name="Erin Evans")
    proposal = factories.mentorship(mentor=erin, mentee=dave, by=coordinator, status="proposed")
    invitation = _invite(alice, dave.email)

    services.group_invitation_accept(token=invitation.token, user=dave)

    proposal.refresh_from_db()
    assert proposal.status == Mentorship.Status.WITHDRAWN
    step = proposal.transitions.last()
    assert (step.to_status, step.by, step.reason) == (
        "withdrawn",
        dave,
        WITHDRAWN_MENTEE_JOINED_GROUP,
    )


def test_a_cofounder_joining_another_group_leaves_their_old_groups_proposals_to_the_others(
    alice, carol, coordinator
):
    from mentorship.models import Mentorship

    proposal = factories.mentorship(
        mentor=factories.mentor(email="erin@example.org", name="Erin Evans"),
        mentee=alice,
        by=coordinator,
        status="proposed",
    )
    dave = factories.mentee(email="dave@example.org", name="Dave Dunn", group_name="Hilltop")
    invitation = _invite(dave, carol.email)

    services.group_invitation_accept(token=invitation.token, user=carol)

    proposal.refresh_from_db()
    assert proposal.status == Mentorship.Status.PROPOSED
    assert list(alice.profile.mentee_profile.members.all()) == [alice.profile]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_joining_a_group_while_a_pairing_is_being_approved_waits_and_is_refused(postgres):
    from mentorship.services import relationship as mentorship_relationship

    alice = factories.mentee(email="alice@example.org", name="Alice Ahmed", group_name="Riverside")
    dave = factories.mentee(email="dave@example.org", name="Dave Dunn")
    coordinator = factories.coordinator(email="coordinator@example.org")
    erin = factories.mentor(email="erin@example.org", name="Erin Evans")
    proposal = factories.mentorship(mentor=erin, mentee=dave, by=coordinator, status="proposed")
    invitation = _invite(alice, dave.email)
    approving = threading.Event()
    outcome: list[str] = []

    def approve() -> None:
        try:
            with transaction.atomic():
                mentorship_relationship.mentorship_approve(
                    mentorship_id=proposal.pk, by=coordinator
                )
                approving.set()
                time.sleep(0.5)  # dave accepts now, before the approval commits
        finally:
            connection.close()

    def accept() -> None:
        try:
            approving.wait(timeout=10)
            services.group_invitation_accept(token=invitation.token, user=dave)
            outcome.append("joined")
        except services.InvitationError as error:
            outcome.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=approve), threading.Thread(target=accept)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert outcome == [str(services.INVITATION_OPEN_MENTORSHIP)]
    proposal.refresh_from_db()
    assert proposal.status == "approved"
    assert MemberProfile.objects.get(user=dave).mentee_profile_id == proposal.mentee_id


# -- invitations are not an open mail relay ---------------------------------------------------


def _rate_limit() -> int:
    return int(settings.GROUP_INVITATION_RATE_LIMIT.split("/")[0])


def _invite_by_page(client, email):
    return client.post(reverse("accounts:group"), {"email": email})


def test_the_subject_names_neither_the_group_nor_the_inviter(alice, deliver):
    profile = alice.profile.mentee_profile
    profile.group_name = "URGENT account check http://evil.example"
    profile.save()
    alice.name = "Security team http://evil.example"
    alice.save()

    _invite(alice, "victim@example.org")
    (sent,) = deliver()

    assert "evil" not in sent.subject and "URGENT" not in sent.subject
    assert "Security team" not in sent.subject
    assert sent.subject.endswith(
        "An invitation to join an enterprise group in the co-op peer mentoring programme"
    )


def test_a_member_cannot_send_more_invitations_a_day_than_the_limit(alice, alice_client, deliver):
    limit = _rate_limit()
    for n in range(limit):
        assert _invite_by_page(alice_client, f"person{n}@example.org").status_code == 302
        # Revoked at once, so that the cap on open invitations is never what refuses.
        GroupInvitation.objects.filter(email=f"person{n}@example.org").update(
            revoked_at=timezone.now()
        )
    queued = OutboundEmail.objects.count()

    response = _invite_by_page(alice_client, "one-too-many@example.org")

    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [str(services.INVITATION_DAILY_LIMIT)]
    assert 'value="one-too-many@example.org"' in response.content.decode()
    assert not GroupInvitation.objects.filter(email="one-too-many@example.org").exists()
    assert OutboundEmail.objects.count() == queued
    assert len(deliver()) == limit


def test_the_daily_limit_is_per_member(alice, carol, alice_client, carol_client):
    for n in range(_rate_limit()):
        _invite_by_page(alice_client, f"person{n}@example.org")
        GroupInvitation.objects.filter(email=f"person{n}@example.org").update(
            revoked_at=timezone.now()
        )
    assert _invite_by_page(alice_client, "late@example.org").status_code == 200

    assert _invite_by_page(carol_client, "late@example.org").status_code == 302


def test_a_group_cannot_have_more_open_invitations_than_the_cap(alice, alice_client):
    cap = settings.GROUP_INVITATIONS_OPEN_MAX
    for n in range(cap):
        _invite(alice, f"person{n}@example.org")

    response = _invite_by_page(alice_client, "another@example.org")

    assert response.context["form"].errors["email"] == [str(services.INVITATION_TOO_MANY_OPEN)]
    assert GroupInvitation.objects.count() == cap
    GroupInvitation.objects.filter(email="person0@example.org").update(revoked_at=timezone.now())
    assert _invite_by_page(alice_client, "another@example.org").status_code == 302


def test_reinviting_an_address_with_an_open_invitation_sends_no_second_email(
    alice, alice_client, deliver
):
    _invite_by_page(alice_client, "carol@example.org")

    response = _invite_by_page(alice_client, "Carol@Example.org")

    assert response.context["form"].errors["email"] == [str(services.INVITATION_ALREADY_WAITING)]
    assert GroupInvitation.objects.count() == 1
    assert len(deliver()) == 1


def test_an_expired_invitation_cannot_be_accepted_and_its_address_can_be_invited_again(
    alice, alice_client, deliver
):
    old = _invite(alice, "carol@example.org")
    GroupInvitation.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - INVITATION_LIFETIME - timedelta(minutes=1)
    )
    carol = factories.user(email="carol@example.org", name="Carol Cole")

    with pytest.raises(services.InvitationError, match="expired"):
        services.group_invitation_accept(token=old.token, user=carol)
    page = Client().get(reverse("accounts:invitation", args=[old.token])).content.decode()
    assert str(services.INVITATION_EXPIRED) in page
    assert reverse("accounts:invitation_accept", args=[old.token]) not in page
    revoke = reverse("accounts:invitation_revoke", args=[old.pk])
    assert revoke not in alice_client.get(reverse("accounts:group")).content.decode()

    new = _invite(alice, "carol@example.org")
    services.group_invitation_accept(token=new.token, user=carol)
    assert len(deliver()) == 2


def test_a_group_member_revokes_an_invitation_which_then_cannot_be_accepted(
    alice, carol, carol_client
):
    invitation = _invite(alice, "ivy@example.org")
    ivy = factories.user(email="ivy@example.org", name="Ivy")
    group_page = carol_client.get(reverse("accounts:group")).content.decode()
    revoke = reverse("accounts:invitation_revoke", args=[invitation.pk])
    assert revoke in group_page

    response = carol_client.post(revoke)

    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_by == carol
    assert revoke not in carol_client.get(reverse("accounts:group")).content.decode()
    with pytest.raises(services.InvitationError, match="withdrawn"):
        services.group_invitation_accept(token=invitation.token, user=ivy)
    ivy_client = Client()
    ivy_client.force_login(ivy)
    page = ivy_client.post(
        reverse("accounts:invitation_accept", args=[invitation.token]), follow=True
    ).content.decode()
    assert str(services.INVITATION_REVOKED) in page
    assert MemberProfile.objects.filter(user=ivy).first() is None


def test_only_a_member_of_the_group_can_revoke_its_invitation(alice, bob_client, dave_client):
    invitation = _invite(alice, "ivy@example.org")
    revoke = reverse("accounts:invitation_revoke", args=[invitation.pk])

    assert dave_client.post(revoke).status_code == 404
    assert bob_client.post(revoke).status_code == 404
    assert dave_client.get(revoke).status_code == 405
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
    with pytest.raises(services.InvitationError):
        services.group_invitation_revoke(
            invitation_id=invitation.pk, by=User.objects.get(email="dave@example.org")
        )


def test_an_accepted_invitation_cannot_be_revoked(alice, carol, alice_client):
    invitation = GroupInvitation.objects.get(email="carol@example.org")

    response = alice_client.post(
        reverse("accounts:invitation_revoke", args=[invitation.pk]), follow=True
    )

    assert str(services.INVITATION_ALREADY_USED) in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
