""" "Log this session" is offered only once a session has started; until then the card says
when it can be logged."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from mentorship.models import Session
from mentorship.services import sessions
from mentorship.services.errors import MentorshipError


def _schedule(pair, alice, *, hours: float) -> Session:
    return sessions.session_schedule(
        mentorship=pair, by=alice, starts_at=timezone.now() + datetime.timedelta(hours=hours),
        duration_minutes=60, format="remote",
    )  # fmt: skip


def test_a_future_session_offers_no_log_link_and_says_when_it_can_be_logged(
    pair, alice, bob_client
):
    session = _schedule(pair, alice, hours=30)
    page = bob_client.get(reverse("mentorship:detail", args=[pair.pk])).content.decode()
    assert reverse("mentorship:session_log", args=[pair.pk, session.pk]) not in page
    assert "It can be logged once it has started, from" in page


def test_a_started_session_offers_the_log_link(pair, alice, bob_client):
    session = _schedule(pair, alice, hours=30)
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    page = bob_client.get(reverse("mentorship:detail", args=[pair.pk])).content.decode()
    assert reverse("mentorship:session_log", args=[pair.pk, session.pk]) in page
    assert "It can be logged once it has started" not in page


def test_opening_the_log_form_of_a_future_session_goes_back_with_a_message(pair, alice, bob_client):
    session = _schedule(pair, alice, hours=30)
    response = bob_client.get(
        reverse("mentorship:session_log", args=[pair.pk, session.pk]), follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("mentorship:detail", args=[pair.pk])
    assert "only be logged once it has started" in response.content.decode()


def test_the_service_refuses_a_scheduled_session_not_yet_started_whatever_start_is_sent(
    pair, alice, bob
):
    """The rule is the service's: a caller that sends an earlier start time is refused too."""
    session = _schedule(pair, alice, hours=30)
    log = sessions.SessionLog(
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        duration_minutes=60,
        format="remote",
        summary="We talked",
    )
    with pytest.raises(MentorshipError, match="once it has started"):
        sessions.session_log(mentorship=pair, by=bob, log=log, session=session)
    session.refresh_from_db()
    assert session.status == Session.Status.SCHEDULED
