import pytest
from django.core import mail
from django.urls import reverse

from accounts import services
from accounts.models import GroupInvitation, MemberProfile
from tests import factories


def test_a_group_mentee_invites_a_cofounder_by_email(alice, alice_client, deliver):
    response = alice_client.post(reverse("accounts:group"), {"email": "Carol@Example.org"})
    deliver()
    assert response.status_code == 302
    invitation = GroupInvitation.objects.get()
    assert invitation.email == "carol@example.org"
    assert mail.outbox[0].to == ["carol@example.org"]
    assert "Riverside founders" in mail.outbox[0].subject
    assert reverse("accounts:invitation", args=[invitation.token]) in mail.outbox[0].body
    assert mail.outbox[0].alternatives, "an HTML part is sent too"


def test_the_invited_cofounder_joins_and_shares_the_mentee_profile(alice, client):
    invitation = services.group_invitation_create(inviter=alice, email="carol@example.org")
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
    invitation = services.group_invitation_create(inviter=alice, email="carol@example.org")
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
    invitation = services.group_invitation_create(inviter=alice, email="bob@example.org")
    services.group_invitation_accept(token=invitation.token, user=bob)
    bob.profile.refresh_from_db()
    assert bob.profile.role == MemberProfile.Role.BOTH
    assert bob.profile.mentee_profile_id == alice.profile.mentee_profile_id
