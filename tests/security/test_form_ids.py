"""Ids posted to a form are checked before they reach the database: an id no column can hold (past
64 bits, which SQLite refuses with an OverflowError), a negative one or a word is an error on the
re-shown form, never a 500, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils.html import escape

from accounts.forms.profile import ProfileForm
from accounts.models import MemberProfile
from mentorship.models import Session
from tests import factories
from tests.security.test_form_fuzz import _as_post, _session_log_base

pytestmark = pytest.mark.django_db

BAD_IDS = [str(2**63), str(-(2**63) - 1), str(2**70), "9" * 40, str(2**63 - 1), "-1", "0", "x"]


def _refused(response, field_name: str) -> None:
    """The form is re-shown with the field's error on the page."""
    assert response.status_code == 200
    errors = response.context["form"].errors[field_name]
    assert errors and escape(errors[0]) in response.content.decode()


def _profile_post(user, **changes: Any) -> dict[str, Any]:
    profile = MemberProfile.objects.get(user=user)
    return {**_as_post(ProfileForm.initial_for(profile, name=user.name)), **changes}


@pytest.mark.parametrize("bad_id", BAD_IDS)
def test_a_skill_wanted_id_no_skill_can_have_is_a_form_error_not_a_500(alice, alice_client, bad_id):
    wanted = [s.pk for s in alice.profile.mentee_profile.skills_wanted.all()]
    data = _profile_post(alice, skills_wanted=[str(factories.skills("Bookkeeping")[0].pk), bad_id])
    response = alice_client.post(reverse("accounts:profile_edit"), data)
    _refused(response, "skills_wanted")
    assert [s.pk for s in alice.profile.mentee_profile.skills_wanted.all()] == wanted


@pytest.mark.parametrize("bad_id", BAD_IDS)
def test_a_skill_offered_id_no_skill_can_have_is_a_form_error_not_a_500(bob, bob_client, bad_id):
    data = _profile_post(bob, skills_offered=[bad_id])
    response = bob_client.post(reverse("accounts:profile_edit"), data)
    _refused(response, "skills_offered")


@pytest.mark.parametrize("bad_id", BAD_IDS)
def test_a_session_topic_id_no_skill_can_have_is_a_form_error_not_a_500(
    pair, alice, bob_client, bad_id
):
    goal = pair.goals.create(title="Agree the rules", created_by=alice)
    data = {**_session_log_base(goal, "Europe/London"), "topics": [bad_id]}
    response = bob_client.post(reverse("mentorship:session_log_new", args=[pair.pk]), data)
    _refused(response, "topics")
    assert not Session.objects.exists()


@pytest.mark.parametrize("bad_id", BAD_IDS)
def test_a_pairing_by_hand_with_an_id_nobody_can_have_is_a_form_error(
    coordinator_client, alice, bad_id
):
    data = {"mentor": bad_id, "mentee": alice.profile.mentee_profile_id}
    response = coordinator_client.post(reverse("admin:matching_proposal_pair"), data)
    _refused(response, "mentor")
