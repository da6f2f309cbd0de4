"""Goals typed in the mentee's profile carry over to the mentorship: the goals page offers
each, ticked and editable, and the mentee adds them without retyping."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mentorship.models import Goal
from mentorship.services import goals as goals_services
from mentorship.services.errors import MentorshipError
from mentorship.services.goals import ONLY_MENTEE
from tests import factories

PROFILE_GOALS = "Produce our first annual accounts\n\nRun a community share offer\n"


@pytest.fixture
def pairing(alice, bob):
    profile = alice.profile.mentee_profile
    profile.goals = PROFILE_GOALS
    profile.save(update_fields=["goals"])
    return factories.mentorship(mentor=bob, mentee=alice)


def test_the_goals_page_offers_each_profile_goal_prefilled(alice_client, pairing):
    html = alice_client.get(reverse("mentorship:goal_create", args=[pairing.pk])).content.decode()
    assert "Use the goals from your profile" in html
    assert 'value="Produce our first annual accounts"' in html
    assert 'value="Run a community share offer"' in html


def test_the_mentee_adds_the_profile_goals_as_confirmed_or_edited(alice, alice_client, pairing):
    response = alice_client.post(
        reverse("mentorship:goal_create", args=[pairing.pk]),
        {
            "from_profile": "1",
            "use_0": "on",
            "title_0": "Produce our first annual accounts by March",
            "title_1": "Run a community share offer",  # not ticked: left out
        },
        follow=True,
    )
    assert "1 goal added." in response.content.decode()
    [goal] = pairing.goals.all()
    assert goal.title == "Produce our first annual accounts by March"
    assert goal.created_by == alice


def test_adding_the_profile_goals_twice_adds_each_once(alice, pairing):
    titles = ["Produce our first annual accounts", "Run a community share offer"]
    assert len(goals_services.goals_from_profile(mentorship=pairing, by=alice, titles=titles)) == 2
    assert goals_services.goals_from_profile(mentorship=pairing, by=alice, titles=titles) == []
    assert pairing.goals.count() == 2


def test_goals_already_added_are_not_offered_again(alice, alice_client, pairing):
    goals_services.goal_create(mentorship=pairing, by=alice, title="Run a community share offer")
    html = alice_client.get(reverse("mentorship:goal_create", args=[pairing.pk])).content.decode()
    assert 'value="Produce our first annual accounts"' in html
    assert 'value="Run a community share offer"' not in html


def test_the_mentor_is_not_offered_the_mentees_profile_goals(bob, bob_client, pairing):
    html = bob_client.get(reverse("mentorship:goal_create", args=[pairing.pk])).content.decode()
    assert "Use the goals from your profile" not in html
    with pytest.raises(MentorshipError, match=str(ONLY_MENTEE)):
        goals_services.goals_from_profile(mentorship=pairing, by=bob, titles=["Anything"])
    assert not Goal.objects.exists()


def test_another_member_cannot_add_goals_to_the_pair(dave_client, pairing):
    response = dave_client.post(
        reverse("mentorship:goal_create", args=[pairing.pk]),
        {"from_profile": "1", "use_0": "on", "title_0": "Mine now"},
    )
    assert response.status_code == 404
    assert not Goal.objects.exists()


def test_a_profile_goal_longer_than_a_title_is_not_offered_again_once_added(
    alice, alice_client, pairing
):
    long_goal = "Write   a business plan " + "that the bank will accept " * 10
    profile = alice.profile.mentee_profile
    profile.goals = long_goal
    profile.save(update_fields=["goals"])
    [goal] = goals_services.goals_from_profile(mentorship=pairing, by=alice, titles=[long_goal])
    assert len(goal.title) == Goal._meta.get_field("title").max_length < len(long_goal)
    html = alice_client.get(reverse("mentorship:goal_create", args=[pairing.pk])).content.decode()
    assert "Use the goals from your profile" not in html
