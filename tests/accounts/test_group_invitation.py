import pytest
from django.core import mail
from django.urls import reverse

from accounts import services
from accounts.models import GroupInvitation, MemberProfile
from tests import factories


def _invite(inviter, email):
    return services.group_invitation_create(inviter=inviter, email=email)


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


# -- joining a group must not orphan a mentorship ---------------------------------------------


def test_the_status_values_accounts_reads_are_the_mentorship_apps():
    from mentorship.models import Mentorship

    assert set(services.MENTORSHIP_OPEN_STATUSES) == set(Mentorship.OPEN_STATUSES)
    assert services.MENTORSHIP_PROPOSED == Mentorship.Status.PROPOSED
    assert services.MENTORSHIP_WITHDRAWN == Mentorship.Status.WITHDRAWN


@pytest.mark.parametrize("status", ["approved", "active", "paused"])
def test_a_mentee_with_an_open_mentorship_cannot_join_another_group(
    alice, dave, dave_client, coordinator, status
):
    from mentorship import services as mentorship_services

    erin = factories.mentor(email="erin@example.org", name="Erin Evans")
    pairing = factories.mentorship(
        mentor=erin, mentee=dave, by=coordinator, status="active" if status == "paused" else status
    )
    if status == "paused":
        mentorship_services.mentorship_transition(
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
    from mentorship import services as mentorship_services

    erin = factories.mentor(email="erin@example.org", name="Erin Evans")
    pairing = factories.mentorship(mentor=erin, mentee=dave, by=coordinator)
    mentorship_services.mentorship_end(mentorship_id=pairing.pk, by=dave, reason="Moving")
    invitation = _invite(alice, dave.email)

    services.group_invitation_accept(token=invitation.token, user=dave)

    dave.profile.refresh_from_db()
    assert dave.profile.mentee_profile_id == alice.profile.mentee_profile_id


def test_joining_a_group_withdraws_the_pending_proposals_of_the_profile_left_empty(
    alice, dave, coordinator
):
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
        services.WITHDRAWN_MENTEE_JOINED_GROUP,
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
