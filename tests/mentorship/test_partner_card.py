"""The partner's card on the mentorship page: bio, co-op and goals, and only the contact details
the partner chose to show (none by default), to the people they are paired with only."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import escape

from accounts.forms.profile import ProfileForm
from accounts.models import MemberProfile
from mentorship.models import Mentorship
from mentorship.services import relationship

PHONE = "+44 29 2000 1234"


def _page(client, mentorship) -> str:
    response = client.get(reverse("mentorship:detail", args=[mentorship.pk]))
    assert response.status_code == 200
    return response.text


def _edit_profile(client, member, **overrides) -> None:
    """Post `member`'s profile form as it stands, with `overrides`."""
    initial = ProfileForm.initial_for(member.profile, name=member.name)
    data = {key: value for key, value in initial.items() if value not in (None, False)}
    data.update(meets_remotely="on", **overrides)
    response = client.post(reverse("accounts:profile_edit"), data)
    assert response.status_code == 302, response.text


def test_contact_details_are_off_by_default_and_the_card_shows_neither(pair, alice, bob_client):
    profile = MemberProfile.objects.get(user=alice)
    assert (profile.show_email, profile.show_phone, profile.phone) == (False, False, "")
    page = _page(bob_client, pair)
    assert "alice@example.org" not in page
    assert "have not chosen to show an email address or phone number" in page


def test_a_phone_number_kept_but_not_shown_stays_hidden(pair, alice, alice_client, bob_client):
    _edit_profile(alice_client, alice, phone=PHONE)
    assert MemberProfile.objects.get(user=alice).phone == PHONE
    assert PHONE not in _page(bob_client, pair)


def test_the_partner_sees_what_the_member_chose_to_show_with_bio_coop_and_goals(
    pair, alice, alice_client, bob_client, carol_client
):
    _edit_profile(
        alice_client, alice, phone=PHONE, show_email="on", show_phone="on", bio="We bake bread."
    )
    page = _page(bob_client, pair)
    assert 'href="mailto:alice@example.org"' in page
    assert PHONE in page
    assert "We bake bread." in page
    assert escape(alice.profile.organisation.name) in page
    for goal in pair.mentee.goal_list:
        assert escape(goal) in page
    # The mentee side's card is the mentor's, who chose to show nothing.
    carols = _page(carol_client, pair)
    assert "bob@example.org" not in carols
    assert "Bob Bevan" in carols


def test_contact_details_never_reach_another_pair(
    pair, other_pair, alice, alice_client, dave_client
):
    _edit_profile(alice_client, alice, phone=PHONE, show_email="on", show_phone="on")
    erin = other_pair.mentor
    erin_client = type(dave_client)()
    erin_client.force_login(erin)
    for client in (dave_client, erin_client):
        assert client.get(reverse("mentorship:detail", args=[pair.pk])).status_code == 404
        theirs = _page(client, other_pair)
        assert "alice@example.org" not in theirs and PHONE not in theirs


def test_the_profile_form_refuses_a_phone_number_with_letters(alice, alice_client):
    initial = ProfileForm.initial_for(alice.profile, name=alice.name)
    data = {key: value for key, value in initial.items() if value not in (None, False)}
    data.update(meets_remotely="on", phone="call me maybe")
    response = alice_client.post(reverse("accounts:profile_edit"), data)
    assert response.status_code == 200
    assert MemberProfile.objects.get(user=alice).phone == ""


def test_an_ended_pair_no_longer_shows_the_partners_card_or_contact_details(
    pair, alice, alice_client, bob_client, coordinator
):
    _edit_profile(alice_client, alice, phone=PHONE, show_email="on", show_phone="on")
    assert PHONE in _page(bob_client, pair)
    relationship.mentorship_transition(
        mentorship_id=pair.pk,
        to_status=Mentorship.Status.ENDED,
        by=coordinator,
        reason="Moved away",
        as_coordinator=True,
    )
    page = _page(bob_client, pair)
    assert PHONE not in page
    assert "mailto:alice@example.org" not in page
    assert "partner-card" not in page
