import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from mentorship.models import Concern, Feedback, FitCheck
from mentorship.rules import MENTEE_BENEFITS
from mentorship.services import feedback as feedback_services
from mentorship.services import relationship, sessions
from mentorship.services.errors import MentorshipError


def _confirmed_sessions(pair, bob, alice, count):
    for _ in range(count):
        session = sessions.session_log(
            mentorship=pair,
            by=bob,
            log=sessions.SessionLog(
                starts_at=timezone.now() - datetime.timedelta(hours=1),
                duration_minutes=60,
                format="remote",
                summary="ok",
            ),
        )
        sessions.session_confirm(session=session, by=alice)


def test_the_fit_check_appears_after_the_first_confirmed_session(pair, bob, alice, bob_client):
    url = reverse("mentorship:detail", args=[pair.pk])
    assert "Is this a good fit?" not in bob_client.get(url).content.decode()
    _confirmed_sessions(pair, bob, alice, 1)
    assert "Is this a good fit?" in bob_client.get(url).content.decode()
    bob_client.post(reverse("mentorship:fit_check", args=[pair.pk]), {"good_fit": "yes"})
    assert FitCheck.objects.get().good_fit is True
    assert "Is this a good fit?" not in bob_client.get(url).content.decode()


def test_a_mentee_saying_no_alerts_coordinators_and_is_offered_a_new_match(
    pair, bob, alice, carol_client, coordinator, deliver
):
    _confirmed_sessions(pair, bob, alice, 1)
    response = carol_client.post(
        reverse("mentorship:fit_check", args=[pair.pk]),
        {"good_fit": "no", "comment": "Different expectations"},
    )
    assert response.url == reverse("mentorship:end", args=[pair.pk])
    mailoutbox = deliver()
    [alert] = [m for m in mailoutbox if m.to == [coordinator.email]]
    assert "Not a good fit" in alert.subject
    assert "mentee" in alert.body


def test_the_fit_check_is_not_due_before_any_confirmed_session(pair, bob):
    with pytest.raises(MentorshipError, match="first confirmed session"):
        feedback_services.fit_check_answer(mentorship=pair, by=bob, good_fit=True)


def test_a_concern_reaches_coordinators_only(pair, carol_client, bob_client, coordinator, deliver):
    carol_client.post(
        reverse("mentorship:concern", args=[pair.pk]), {"text": "He asked to borrow money"}
    )
    mailoutbox = [m for m in deliver() if "concern" in m.subject]
    concern = Concern.objects.get()
    assert concern.raised_by.email == "carol@example.org"
    assert [m.to for m in mailoutbox] == [[coordinator.email]]
    assert "borrow" not in mailoutbox[0].body, "the details stay in the admin"
    assert (
        "borrow"
        not in bob_client.get(reverse("mentorship:detail", args=[pair.pk])).content.decode()
    )
    assert "borrow" in Concern.objects.get().text


def test_feedback_is_due_after_the_third_confirmed_session_and_rates_what_each_side_gains(
    pair, bob, alice, bob_client, carol_client
):
    _confirmed_sessions(pair, bob, alice, 2)
    assert (
        "feedback is due"
        not in bob_client.get(reverse("mentorship:detail", args=[pair.pk])).content.decode()
    )
    _confirmed_sessions(pair, bob, alice, 1)
    assert (
        "feedback is due"
        in bob_client.get(reverse("mentorship:detail", args=[pair.pk])).content.decode()
    )

    form = bob_client.get(reverse("mentorship:feedback", args=[pair.pk])).content.decode()
    assert "Leadership skills" in form and "My network" not in form
    bob_client.post(
        reverse("mentorship:feedback", args=[pair.pk]),
        {
            "leadership": "4",
            "communication": "5",
            "perspective": "5",
            "satisfaction": "4",
            "learned": "How to run a share offer online",
        },
    )
    mentor_feedback = Feedback.objects.get(side="mentor")
    assert mentor_feedback.moment == "midway"
    assert mentor_feedback.ratings == {
        "leadership": 4,
        "communication": 5,
        "perspective": 5,
        "satisfaction": 4,
    }

    response = carol_client.post(
        reverse("mentorship:feedback", args=[pair.pk]), {"advice": "9", "learned": ""}
    )
    assert response.status_code == 200
    assert (
        "advice" in response.context["form"].errors and "learned" in response.context["form"].errors
    )
    assert not Feedback.objects.filter(side="mentee").exists()


def test_feedback_is_asked_again_at_the_close(pair, bob, alice):
    relationship.mentorship_end(
        mentorship_id=pair.pk, by=bob, reason="We achieved the goals", completed=True
    )
    pair.refresh_from_db()
    feedback = feedback_services.feedback_give(
        mentorship=pair,
        by=alice,
        ratings={b: 5 for b in MENTEE_BENEFITS},
        learned="Confidence",
    )
    assert feedback.moment == "close"


def test_either_side_pauses_and_resumes(pair, carol_client):
    carol_client.post(reverse("mentorship:pause", args=[pair.pk]))
    pair.refresh_from_db()
    assert pair.status == "paused"
    carol_client.post(reverse("mentorship:pause", args=[pair.pk]))
    pair.refresh_from_db()
    assert pair.status == "active"
