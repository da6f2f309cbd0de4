"""A member of another pair can never see or change this pair's mentorship, sessions or goals."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from mentorship.models import Goal, Session
from mentorship.services import sessions


@pytest.fixture
def pair_objects(pair, alice, bob):
    goal = Goal.objects.create(mentorship=pair, title="Rules", created_by=alice)
    session = sessions.session_log(
        mentorship=pair,
        by=bob,
        log=sessions.SessionLog(
            starts_at=timezone.now() - datetime.timedelta(hours=1),
            duration_minutes=60,
            format="remote",
            summary="Secret summary",
            private_note="Secret note",
        ),
    )
    scheduled = sessions.session_schedule(
        mentorship=pair,
        by=alice,
        starts_at=timezone.now() + datetime.timedelta(days=1),
        duration_minutes=30,
        format="remote",
    )
    return pair, goal, session, scheduled


def _urls(pair, goal, session, scheduled):
    return {
        "get": [
            reverse("mentorship:detail", args=[pair.pk]),
            reverse("mentorship:goal_create", args=[pair.pk]),
            reverse("mentorship:session_schedule", args=[pair.pk]),
            reverse("mentorship:session_log_new", args=[pair.pk]),
            reverse("mentorship:session_log", args=[pair.pk, session.pk]),
            reverse("mentorship:session_ics", args=[scheduled.pk]),
            reverse("mentorship:end", args=[pair.pk]),
        ],
        "post": [
            reverse("mentorship:accept_agreement", args=[pair.pk]),
            reverse("mentorship:goal_update", args=[goal.pk]),
            reverse("mentorship:session_confirm", args=[session.pk]),
            reverse("mentorship:session_reflect", args=[session.pk]),
            reverse("mentorship:session_cancel", args=[scheduled.pk]),
            reverse("mentorship:end", args=[pair.pk]),
        ],
    }


def test_a_member_of_another_pair_gets_not_found_everywhere(pair_objects, other_pair, dave_client):
    urls = _urls(*pair_objects)
    for url in urls["get"]:
        assert dave_client.get(url).status_code == 404, url
    for url in urls["post"]:
        response = dave_client.post(
            url,
            {
                "progress": "achieved",
                "happened": "no",
                "text": "x",
                "reason": "x",
                "completed": "no",
            },
        )
        assert response.status_code == 404, url
    pair, goal, session, scheduled = pair_objects
    goal.refresh_from_db()
    session.refresh_from_db()
    scheduled.refresh_from_db()
    pair.refresh_from_db()
    assert (goal.progress, session.status, scheduled.status, pair.status) == (
        "not_started",
        "logged",
        "scheduled",
        "active",
    )


def test_the_other_pairs_dashboard_and_calendar_do_not_show_this_pair(
    pair_objects, other_pair, dave_client
):
    page = dave_client.get(reverse("mentorship:dashboard")).content.decode()
    assert "Riverside founders" not in page and "Bob Bevan" not in page
    assert "Erin Evans" in page


def test_anonymous_visitors_are_sent_to_sign_in(pair_objects, client):
    urls = _urls(*pair_objects)
    for url in urls["get"]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("account_login")), (
            url
        )


def test_a_coordinator_sees_no_member_pages_of_a_pair_but_the_admin(
    pair_objects, coordinator_client
):
    pair = pair_objects[0]
    assert coordinator_client.get(reverse("mentorship:detail", args=[pair.pk])).status_code == 404
    assert Session.objects.filter(mentorship=pair).count() == 2
