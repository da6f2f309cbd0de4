"""Ending or pausing a mentorship leaves nothing hanging: the diary is cleared (with calendar
cancellations), the dashboard shows no next session, and both sides are told why."""

from __future__ import annotations

import datetime

import icalendar
from django.urls import reverse
from django.utils import timezone

from mentorship.models import Mentorship, Session
from mentorship.services import relationship, sessions


def _schedule(pair, by, *, days: float) -> Session:
    return sessions.session_schedule(
        mentorship=pair,
        by=by,
        starts_at=timezone.now() + datetime.timedelta(days=days),
        duration_minutes=60,
        format="remote",
    )


def _methods(mails, address: str) -> list[tuple[str, int]]:
    found = []
    for mail in mails:
        if mail.to == [address]:
            for _name, content, _type in mail.attachments:
                cal = icalendar.Calendar.from_ical(content)
                [event] = cal.walk("VEVENT")
                found.append((str(cal["METHOD"]), int(event["SEQUENCE"])))
    return found


def test_ending_cancels_future_sessions_and_sends_the_others_a_calendar_cancellation(
    pair, alice, bob, carol, bob_client, deliver
):
    future = _schedule(pair, alice, days=4)
    past = _schedule(pair, alice, days=0.001)
    Session.objects.filter(pk=past.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=2)
    )
    response = bob_client.post(
        reverse("mentorship:end", args=[pair.pk]), {"completed": "no", "reason": "Moving away"}
    )
    assert response.status_code == 302
    future.refresh_from_db()
    past.refresh_from_db()
    assert future.status == Session.Status.CANCELLED
    assert past.status == Session.Status.SCHEDULED, "what took place is not rewritten"
    mails = deliver()
    assert ("CANCEL", 1) in _methods(mails, carol.email)
    assert ("CANCEL", 1) in _methods(mails, alice.email)
    assert ("CANCEL", 1) not in _methods(mails, bob.email), "he ended it himself"


def test_both_sides_are_told_it_ended_and_the_reason_the_timeline_records(
    pair, alice, bob, carol, deliver
):
    relationship.mentorship_end(
        mentorship_id=pair.pk, by=alice, reason="We met our goals", completed=True
    )
    told = {m.to[0]: m for m in deliver() if m.subject == "Your mentorship is complete"}
    assert set(told) == {alice.email, bob.email, carol.email}
    assert "Reason given: We met our goals" in told[bob.email].body
    assert pair.transitions.last().reason == "We met our goals"


def test_pausing_cancels_future_sessions_and_tells_both_sides(
    pair, alice, bob, bob_client, deliver
):
    session = _schedule(pair, alice, days=3)
    bob_client.post(reverse("mentorship:pause", args=[pair.pk]), {"reason": "Harvest"})
    session.refresh_from_db()
    assert session.status == Session.Status.CANCELLED
    paused = [m for m in deliver() if m.subject == "Your mentorship is paused"]
    assert {m.to[0] for m in paused} >= {alice.email, bob.email}
    assert "Harvest" in paused[0].body


def test_resuming_tells_nobody_and_cancels_nothing(pair, alice, bob, deliver):
    relationship.mentorship_transition(mentorship_id=pair.pk, to_status="paused", by=bob)
    session = _schedule(pair, alice, days=3)
    deliver().clear()
    relationship.mentorship_transition(mentorship_id=pair.pk, to_status="active", by=bob)
    session.refresh_from_db()
    assert session.status == Session.Status.SCHEDULED
    assert deliver() == []


def test_the_dashboard_shows_no_next_session_under_an_ended_badge(pair, alice, alice_client):
    session = _schedule(pair, alice, days=3)
    # A session left scheduled by an ending from before the tidy-up existed.
    Mentorship.objects.filter(pk=pair.pk).update(status=Mentorship.Status.ENDED)
    assert Session.objects.get(pk=session.pk).status == Session.Status.SCHEDULED
    page = alice_client.get(reverse("mentorship:dashboard")).content.decode()
    assert "Ended early" in page
    assert "Next session:" not in page


def test_an_account_deletion_tells_the_partner_once(pair, bob, alice, deliver):
    from mentorship import privacy

    privacy.member_erase(bob)
    to_alice = [m for m in deliver() if m.to == [alice.email] and "mentorship" in m.subject.lower()]
    assert [m.subject for m in to_alice] == ["Your mentorship has ended"]


def test_an_ended_pair_offers_no_session_actions_and_asks_nobody_to_log(pair, alice, bob_client):
    past = _schedule(pair, alice, days=0.001)
    Session.objects.filter(pk=past.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=2)
    )
    dashboard = reverse("mentorship:dashboard")
    assert "log a session that has taken place" in bob_client.get(dashboard).text
    relationship.mentorship_end(mentorship_id=pair.pk, by=alice, reason="Moving", completed=False)

    assert "log a session that has taken place" not in bob_client.get(dashboard).text
    page = bob_client.get(reverse("mentorship:detail", args=[pair.pk])).text
    assert reverse("mentorship:session_log", args=[pair.pk, past.pk]) not in page
    assert reverse("mentorship:session_move", args=[past.pk]) not in page
    refused = bob_client.get(reverse("mentorship:session_log", args=[pair.pk, past.pk]))
    assert refused.status_code == 302  # back to the page, with the reason: no form to fill in
