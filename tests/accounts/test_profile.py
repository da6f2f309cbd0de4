import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.forms.profile import (
    CAPACITY_MESSAGE,
    NO_GOALS_MESSAGE,
    NO_SKILLS_OFFERED_MESSAGE,
    ORGANISATION_SHARED_NOTE,
    ProfileForm,
)
from accounts.models import MemberProfile, Organisation
from accounts.services import ORGANISATION_FACTS_KEPT
from tests import factories


def _post(**overrides):
    data = {
        "name": "Rhys Rees",
        "role": "mentor",
        "organisation_name": "Heron Housing Co-operative",
        "organisation_kind": "housing",
        "organisation_stage": "established",
        "sector": "housing",
        "region": "Cardiff",
        "languages": ["en"],
        "meets_in_person": "on",
        "meets_remotely": "on",
        "time_zone": "Europe/London",
        "hours_per_month": "4",
        "bio": "Treasurer for ten years.",
        "skills_offered": [str(s.pk) for s in factories.skills("Bookkeeping")],
        "years_experience": "10",
        "sectors_known": "housing, energy",
        "capacity": "2",
        "goals": "",
        "conflicts": "Oak Bakery\nValley Energy",
    }
    data.update(overrides)
    return data


@pytest.fixture
def newcomer_client(client, db):
    client.force_login(factories.user(email="rhys@example.org"))
    return client


def test_a_mentor_profile_is_saved_with_organisation_skills_and_conflicts(newcomer_client):
    response = newcomer_client.post(reverse("accounts:profile_edit"), _post())
    assert response.status_code == 302
    profile = MemberProfile.objects.get(user__email="rhys@example.org")
    assert profile.capacity == 2
    assert profile.organisation.kind == Organisation.Kind.HOUSING
    assert [s.name for s in profile.skills_offered.all()] == ["Bookkeeping"]
    assert sorted(o.name for o in profile.conflicts.all()) == ["Oak Bakery", "Valley Energy"]
    assert profile.mentee_profile is None


@pytest.mark.parametrize("capacity", ["0", "9"])
def test_a_capacity_outside_one_to_five_is_refused_beside_the_field(newcomer_client, capacity):
    response = newcomer_client.post(
        reverse("accounts:profile_edit"), _post(capacity=capacity, bio="Kept <as typed>")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["capacity"] == [str(CAPACITY_MESSAGE)]
    page = response.content.decode()
    assert f'value="{capacity}"' in page
    assert "Kept &lt;as typed&gt;" in page, "what was typed stays, escaped"
    assert 'href="#id_capacity"' in page, "the error summary links to the field"
    assert not MemberProfile.objects.filter(user__email="rhys@example.org").exists()


def test_a_mentee_without_goals_is_asked_for_at_least_one(newcomer_client):
    response = newcomer_client.post(
        reverse("accounts:profile_edit"), _post(role="mentee", goals="  \n ", skills_offered=[])
    )
    assert response.status_code == 200
    assert response.context["form"].errors["goals"] == [str(NO_GOALS_MESSAGE)]


def test_a_mentor_without_skills_is_asked_for_at_least_one(newcomer_client):
    response = newcomer_client.post(reverse("accounts:profile_edit"), _post(skills_offered=[]))
    assert response.context["form"].errors["skills_offered"] == [str(NO_SKILLS_OFFERED_MESSAGE)]


def test_a_profile_needs_one_meeting_format(newcomer_client):
    data = _post()
    del data["meets_in_person"], data["meets_remotely"]
    response = newcomer_client.post(reverse("accounts:profile_edit"), data)
    assert "meets_remotely" in response.context["form"].errors


def test_editing_a_profile_shows_the_saved_values(bob_client):
    page = bob_client.get(reverse("accounts:profile_edit")).content.decode()
    assert 'value="Bob Bevan&#x27;s Co-op"' in page
    assert "Edit your profile" in page


def test_a_member_edits_only_their_own_profile(bob, dave_client):
    response = dave_client.post(
        reverse("accounts:profile_edit"),
        _post(name="Dave Dunn", organisation_name="Dave's New Co-op"),
    )
    assert response.status_code == 302
    bob.profile.refresh_from_db()
    assert bob.profile.organisation.name == "Bob Bevan's Co-op"
    assert (
        MemberProfile.objects.get(user__email="dave@example.org").organisation.name
        == "Dave's New Co-op"
    )


def test_the_profile_page_shows_the_members_own_profile_and_escapes_it(alice, alice_client):
    profile = alice.profile
    profile.bio = "<script>alert(1)</script>"
    profile.save()
    page = alice_client.get(reverse("accounts:profile")).content.decode()
    assert "Riverside founders" in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_profile_pages_need_a_signed_in_member(client, db):
    for name in (
        "mentorship:dashboard",
        "accounts:profile",
        "accounts:profile_edit",
        "accounts:group",
    ):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


def test_the_dashboard_shows_what_the_profile_still_lacks(bob_client):
    page = bob_client.get(reverse("mentorship:dashboard")).content.decode()
    assert "complete" in page
    assert "a short bio" in page


def test_the_member_time_zone_is_used_for_pages_after_saving(newcomer_client):
    newcomer_client.post(reverse("accounts:profile_edit"), _post(time_zone="America/Toronto"))
    response = newcomer_client.get(reverse("mentorship:dashboard"))
    assert response.wsgi_request.session["member_time_zone"] == "America/Toronto"


# -- an organisation other members share keeps its facts ----------------------------------------


def _edit(client, member, **overrides):
    """Post `member`'s profile form as it stands, with `overrides`."""
    initial = ProfileForm.initial_for(member.profile, name=member.name)
    data = {key: value for key, value in initial.items() if value not in (None, False)}
    data.update(meets_remotely="on", **overrides)
    return client.post(reverse("accounts:profile_edit"), data)


@pytest.fixture
def shared_coop(bob, dave):
    """bob and dave both belong to Bryn Co-op, an established worker co-op."""
    coop = Organisation.objects.create(
        name="Bryn Co-op", kind=Organisation.Kind.WORKER, stage=Organisation.Stage.ESTABLISHED
    )
    MemberProfile.objects.filter(user__in=[bob, dave]).update(organisation=coop)
    for member in (bob, dave):
        member.profile.refresh_from_db()
    return coop


def test_a_members_edit_does_not_change_the_stage_of_a_coop_others_share(
    bob, dave, dave_client, shared_coop
):
    response = _edit(dave_client, dave, organisation_kind="housing", organisation_stage="idea")

    assert response.status_code == 302
    shared_coop.refresh_from_db()
    assert (shared_coop.kind, shared_coop.stage) == ("worker", "established")
    bob.profile.refresh_from_db()
    assert bob.profile.organisation.stage == Organisation.Stage.ESTABLISHED


def test_naming_an_existing_coop_with_other_members_joins_it_as_it_is_and_says_so(
    bob, dave, dave_client, shared_coop
):
    MemberProfile.objects.filter(user=dave).update(
        organisation=Organisation.objects.create(name="Dave's own")
    )
    dave.profile.refresh_from_db()

    response = _edit(
        dave_client,
        dave,
        organisation_name="bryn co-op",
        organisation_kind="housing",
        organisation_stage="idea",
    )

    dave.profile.refresh_from_db()
    assert dave.profile.organisation == shared_coop
    shared_coop.refresh_from_db()
    assert (shared_coop.kind, shared_coop.stage) == ("worker", "established")
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert str(ORGANISATION_FACTS_KEPT) % {"organisation": "Bryn Co-op"} in shown


def test_the_form_shows_a_shared_coops_type_and_stage_as_set_by_coordinators(
    dave_client, shared_coop
):
    response = dave_client.get(reverse("accounts:profile_edit"))

    form = response.context["form"]
    assert form.fields["organisation_kind"].disabled
    assert form.fields["organisation_stage"].disabled
    page = response.content.decode()
    assert str(ORGANISATION_SHARED_NOTE) in page
    assert '<option value="established" selected>' in page


def test_the_only_member_of_a_coop_may_change_its_type_and_stage(dave, dave_client):
    response = _edit(dave_client, dave, organisation_kind="housing", organisation_stage="trading")

    assert response.status_code == 302
    dave.profile.refresh_from_db()
    organisation = dave.profile.organisation
    assert (organisation.kind, organisation.stage) == ("housing", "trading")
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert shown == ["Your profile is saved."]
    assert (
        not dave_client.get(reverse("accounts:profile_edit"))
        .context["form"]
        .fields["organisation_stage"]
        .disabled
    )


def test_a_coordinator_still_changes_a_shared_coops_stage_in_the_admin(
    coordinator_client, shared_coop
):
    url = reverse("admin:accounts_organisation_change", args=[shared_coop.pk])
    response = coordinator_client.post(
        url, {"name": "Bryn Co-op", "kind": "worker", "stage": "trading"}
    )

    assert response.status_code == 302
    shared_coop.refresh_from_db()
    assert shared_coop.stage == Organisation.Stage.TRADING
