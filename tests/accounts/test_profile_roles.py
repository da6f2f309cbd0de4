"""The profile form asks each member only what fits the role they chose."""

from django.urls import reverse

from accounts.forms.profile import ProfileForm
from accounts.models import MemberProfile


def _edit(client, member, **overrides):
    """Post `member`'s profile form as it stands, with `overrides`."""
    initial = ProfileForm.initial_for(member.profile, name=member.name)
    data = {key: value for key, value in initial.items() if value not in (None, False)}
    data.update(meets_remotely="on", **overrides)
    return client.post(reverse("accounts:profile_edit"), data)


def test_hours_a_month_is_asked_among_the_mentor_fields_not_of_every_member(alice_client):
    page = alice_client.get(reverse("accounts:profile_edit")).content.decode()
    mentor_section = page.index('class="role-mentor"')
    mentee_section = page.index('class="role-mentee"')
    assert mentor_section < page.index('name="hours_per_month"') < mentee_section


def test_a_mentor_must_say_how_many_hours_a_month_they_can_give(bob, bob_client):
    response = _edit(bob_client, bob, hours_per_month="")
    assert response.status_code == 200
    assert response.context["form"].errors["hours_per_month"] == ["This field is required."]


def test_a_mentee_saves_her_profile_without_hours_a_month(alice, alice_client):
    response = _edit(alice_client, alice, hours_per_month="", bio="Baker")
    assert response.status_code == 302
    alice.profile.refresh_from_db()
    assert alice.profile.bio == "Baker"


def test_a_mentor_who_becomes_a_mentee_keeps_the_hours_he_typed(bob, bob_client):
    assert _edit(bob_client, bob, hours_per_month="9").status_code == 302
    response = _edit(
        bob_client, bob, role="mentee", hours_per_month="1", goals="Open a second shop"
    )
    assert response.status_code == 302
    profile = MemberProfile.objects.get(user=bob)
    assert profile.role == MemberProfile.Role.MENTEE
    assert profile.hours_per_month == 9, "the hidden field a browser still sends is ignored"


def test_the_profile_page_shows_hours_a_month_to_mentors_only(alice_client, bob_client):
    assert "Hours a month" not in alice_client.get(reverse("accounts:profile")).content.decode()
    assert "Hours a month" in bob_client.get(reverse("accounts:profile")).content.decode()
