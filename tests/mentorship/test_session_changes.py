"""Scheduling, moving or cancelling a session tells the others at once, with a calendar file
that updates the same event: METHOD REQUEST or CANCEL, one UID, an increasing SEQUENCE."""

from __future__ import annotations

import datetime
import zoneinfo

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from mentorship import ics
from mentorship.models import Session
from mentorship.services import relationship, sessions
from mentorship.services.errors import MentorshipError

LONDON = zoneinfo.ZoneInfo("Europe/London")


def _local(moment: datetime.datetime) -> str:
    return moment.astimezone(LONDON).strftime("%Y-%m-%dT%H:%M")


def _start(days: int = 3) -> datetime.datetime:
    return (timezone.now() + datetime.timedelta(days=days)).replace(second=0, microsecond=0)


def _invitations(mails: list, address: str) -> list[tuple[str, icalendar.Event]]:
    """(METHOD, VEVENT) of each calendar file sent to `address`, in the order sent."""
    found = []
    for mail in mails:
        if mail.to != [address]:
            continue
        for _name, content, mimetype in mail.attachments:
            if mimetype.startswith("text/calendar"):
                cal = icalendar.Calendar.from_ical(content)
                [event] = cal.walk("VEVENT")
                assert mimetype == f"text/calendar; method={cal['METHOD']}", "the two agree"
                found.append((str(cal["METHOD"]), event))
    return found


def _schedule(pair, by, *, days: int = 3) -> Session:
    return sessions.session_schedule(
        mentorship=pair,
        by=by,
        starts_at=_start(days),
        duration_minutes=60,
        format="remote",
        link="https://meet.example.org/x",
    )


def test_schedule_move_and_cancel_send_the_others_one_event_updated_in_sequence(
    pair, alice, bob, carol, alice_client, bob_client, deliver
):
    alice_client.post(
        reverse("mentorship:session_schedule", args=[pair.pk]),
        {"starts_at": _local(_start()), "duration_minutes": "60", "format": "remote"},
    )
    session = Session.objects.get()
    moved_to = _start(days=5)
    response = bob_client.post(
        reverse("mentorship:session_move", args=[session.pk]),
        {
            "starts_at": _local(moved_to),
            "duration_minutes": "45",
            "format": "in_person",
            "place": "Riverside Hall",
        },
    )
    assert response.status_code == 302
    alice_client.post(reverse("mentorship:session_cancel", args=[session.pk]))
    mails = deliver()

    to_bob = _invitations(mails, bob.email)
    assert [method for method, _event in to_bob] == ["REQUEST", "CANCEL"], "not his own move"
    to_carol = _invitations(mails, carol.email)
    assert [method for method, _event in to_carol] == ["REQUEST", "REQUEST", "CANCEL"]
    assert len({str(event["UID"]) for _method, event in to_carol}) == 1, "one event throughout"
    assert [int(event["SEQUENCE"]) for _method, event in to_carol] == [0, 1, 2]
    assert [str(event["STATUS"]) for _method, event in to_carol] == [
        "CONFIRMED",
        "CONFIRMED",
        "CANCELLED",
    ]
    assert to_carol[1][1].decoded("DTSTART") == moved_to
    assert str(to_carol[1][1]["LOCATION"]) == "Riverside Hall"
    assert not _invitations(mails, alice.email)[2:], "alice hears only of bob's move"
    assert [m for m, _e in _invitations(mails, alice.email)] == ["REQUEST"]
    session.refresh_from_db()
    assert (session.status, session.sequence) == (Session.Status.CANCELLED, 2)


def test_the_emails_say_what_changed_in_the_recipients_words(pair, alice, bob, deliver):
    session = _schedule(pair, alice)
    sessions.session_cancel(session=session, by=alice)
    [scheduled, cancelled] = [m for m in deliver() if m.to == [bob.email]]
    assert scheduled.subject.startswith("New mentoring session")
    assert cancelled.subject.startswith("Cancelled: mentoring session")
    assert "removes it from your calendar" in cancelled.body
    assert cancelled.attachments[0][2] == "text/calendar; method=CANCEL"


def test_cancelling_twice_tells_nobody_twice_and_keeps_the_sequence(pair, alice, bob, deliver):
    session = _schedule(pair, alice)
    sessions.session_cancel(session=session, by=alice)
    sessions.session_cancel(session=session, by=bob)
    session.refresh_from_db()
    assert session.sequence == 1
    assert len([m for m in deliver() if m.to == [bob.email]]) == 2


def test_moving_to_the_same_time_and_place_changes_nothing(pair, alice, bob, deliver):
    session = _schedule(pair, alice)
    sessions.session_move(
        session=session,
        by=bob,
        starts_at=session.starts_at,
        duration_minutes=60,
        format="remote",
        link="https://meet.example.org/x",
    )
    session.refresh_from_db()
    assert session.sequence == 0
    assert [m for m in deliver() if m.to == [alice.email]] == []


def test_a_logged_session_cannot_be_moved(pair, alice, bob):
    session = _schedule(pair, alice)
    Session.objects.filter(pk=session.pk).update(status=Session.Status.LOGGED)
    with pytest.raises(MentorshipError):
        sessions.session_move(
            session=session,
            by=bob,
            starts_at=_start(days=6),
            duration_minutes=60,
            format="remote",
        )


def test_the_move_form_starts_from_the_session_as_it_is(pair, alice, alice_client):
    session = _schedule(pair, alice)
    response = alice_client.get(reverse("mentorship:session_move", args=[session.pk]))
    assert response.status_code == 200
    assert response.context["form"].initial["link"] == "https://meet.example.org/x"


def test_another_pair_and_a_coordinator_cannot_move_a_session(
    pair, alice, other_pair, dave_client, coordinator_client
):
    session = _schedule(pair, alice)
    url = reverse("mentorship:session_move", args=[session.pk])
    data = {"starts_at": _local(_start(days=9)), "duration_minutes": "30", "format": "remote"}
    assert dave_client.post(url, data).status_code == 404
    assert coordinator_client.post(url, data).status_code == 404
    session.refresh_from_db()
    assert session.sequence == 0


def test_a_sessions_download_carries_its_sequence(pair, alice, bob, alice_client):
    session = _schedule(pair, alice)
    sessions.session_move(
        session=session, by=bob, starts_at=_start(days=4), duration_minutes=60, format="remote"
    )
    response = alice_client.get(reverse("mentorship:session_ics", args=[session.pk]))
    [event] = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert int(event["SEQUENCE"]) == 1


# Ending a pairing, whatever its diary holds: the sessions are locked, updated and told of
# together (the pairing's members read once, the emails stored in one insert).
ENDING_QUERIES = 44


@pytest.mark.parametrize("count", [1, 5])
def test_ending_costs_the_same_queries_with_one_or_five_future_sessions(
    count, pair, alice, bob, carol, deliver, django_assert_max_num_queries
):
    diary = [_schedule(pair, alice, days=3 + n) for n in range(count)]
    Session.objects.filter(pk=diary[0].pk).update(sequence=3)  # moved three times already
    with django_assert_max_num_queries(ENDING_QUERIES):
        relationship.mentorship_end(mentorship_id=pair.pk, by=bob, reason="Moving away")
    for session in diary:
        session.refresh_from_db()
    assert [(s.status, s.sequence) for s in diary] == [
        (Session.Status.CANCELLED, 4 if n == 0 else 1) for n in range(count)
    ]
    mails = deliver()
    for address in (alice.email, carol.email):
        cancellations = [
            (str(event["UID"]), int(event["SEQUENCE"]))
            for method, event in _invitations(mails, address)
            if method == "CANCEL"
        ]
        assert sorted(cancellations) == sorted((ics.uid(s), s.sequence) for s in diary)
    assert not [m for m, _e in _invitations(mails, bob.email) if m == "CANCEL"], "he ended it"
