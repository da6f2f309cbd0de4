"""Each kind of email: who gets it, what it says, once, in the recipient's time zone."""

import datetime
import re
import zoneinfo

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from accounts import outbox
from accounts.models import MemberProfile, OutboundEmail, User
from mentorship import emails
from mentorship.models import ActionItem, Mentorship, Session
from mentorship.services import reminders, sessions

NOW = timezone.now()


def _log(pair, bob, **extra) -> Session:
    return sessions.session_log(
        mentorship=pair,
        by=bob,
        log=sessions.SessionLog(
            starts_at=NOW - datetime.timedelta(hours=2),
            duration_minutes=60,
            format="remote",
            summary="We drafted the rules.",
            private_note="Secret worry",
            action_items=[
                sessions.ActionItemData(
                    description="Send the draft", owner="mentee", due_on=timezone.localdate()
                )
            ],
            **extra,
        ),
    )


def _by_to(mails, kind_subject):
    return {m.to[0]: m for m in mails if kind_subject in m.subject}


def test_a_logged_session_goes_to_every_cofounder_without_the_private_note(pair, bob, deliver):
    _log(pair, bob)
    mails = _by_to(deliver(), "Notes from your session")
    assert set(mails) == {"alice@example.org", "carol@example.org"}
    body = mails["carol@example.org"].body
    assert "We drafted the rules." in body and "Send the draft" in body
    assert (
        "Secret worry" not in body
        and "Secret worry" not in mails["carol@example.org"].alternatives[0][0]
    )
    assert reverse("mentorship:detail", args=[pair.pk]) in body


def test_a_session_reminder_is_sent_once_in_each_recipients_time_zone_with_the_ics(
    pair, alice, bob, deliver
):
    MemberProfile.objects.filter(user=bob).update(time_zone="America/Toronto")
    start = (NOW + datetime.timedelta(hours=20)).replace(second=0, microsecond=0)
    session = sessions.session_schedule(
        mentorship=pair, by=alice, starts_at=start, duration_minutes=60, format="remote"
    )
    assert reminders.session_reminders(NOW) == 3
    assert reminders.session_reminders(NOW) == 0, "a second sweep queues nothing"
    mails = _by_to(deliver(), "Reminder: mentoring session")
    assert set(mails) == {"alice@example.org", "bob@example.org", "carol@example.org"}
    toronto = start.astimezone(zoneinfo.ZoneInfo("America/Toronto")).strftime("%H:%M")
    london = start.astimezone(zoneinfo.ZoneInfo("Europe/London")).strftime("%H:%M")
    assert toronto in mails["bob@example.org"].body
    assert london in mails["alice@example.org"].body
    [(filename, content, mimetype)] = mails["bob@example.org"].attachments
    assert mimetype == "text/calendar" and filename == f"session-{session.pk}.ics"
    [event] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert event.decoded("DTSTART") == start


def test_a_session_far_ahead_gets_no_reminder_yet(pair, alice):
    sessions.session_schedule(
        mentorship=pair,
        by=alice,
        starts_at=NOW + datetime.timedelta(days=3),
        duration_minutes=60,
        format="remote",
    )
    assert reminders.session_reminders(NOW) == 0


def test_the_mentor_is_reminded_to_log_after_24_hours_and_a_last_time_after_72(
    pair, alice, deliver
):
    session = sessions.session_schedule(
        mentorship=pair,
        by=alice,
        starts_at=NOW + datetime.timedelta(days=1),
        duration_minutes=60,
        format="remote",
    )
    Session.objects.filter(pk=session.pk).update(starts_at=NOW - datetime.timedelta(hours=30))
    assert reminders.log_reminders(NOW) == 1
    Session.objects.filter(pk=session.pk).update(starts_at=NOW - datetime.timedelta(hours=80))
    assert reminders.log_reminders(NOW) == 1
    assert reminders.log_reminders(NOW) == 0
    mails = [m for m in deliver() if "log" in m.subject.lower()]
    assert [m.to for m in mails] == [["bob@example.org"], ["bob@example.org"]]
    assert sorted(m.subject for m in mails) == [
        "Last reminder: please log your session",
        "Please log your mentoring session",
    ]


def test_the_mentee_is_reminded_to_confirm_after_three_days(pair, bob, deliver):
    session = _log(pair, bob)
    assert reminders.confirm_reminders(NOW) == 0
    Session.objects.filter(pk=session.pk).update(logged_at=NOW - datetime.timedelta(days=4))
    assert reminders.confirm_reminders(NOW) == 2
    assert set(_by_to(deliver(), "Please confirm")) == {"alice@example.org", "carol@example.org"}


def test_a_quiet_pair_is_nudged_at_30_days_and_coordinators_alerted_at_45(
    pair, bob, coordinator, deliver
):
    Mentorship.objects.filter(pk=pair.pk).update(approved_at=NOW - datetime.timedelta(days=50))
    session = _log(pair, bob)
    Session.objects.filter(pk=session.pk).update(starts_at=NOW - datetime.timedelta(days=35))
    assert reminders.inactivity(NOW) == 3
    mails = deliver()
    assert set(_by_to(mails, "Time to meet again?")) == {
        "alice@example.org",
        "bob@example.org",
        "carol@example.org",
    }
    assert not _by_to(mails, "No session for 45 days")
    Session.objects.filter(pk=session.pk).update(starts_at=NOW - datetime.timedelta(days=46))
    reminders.inactivity(NOW)
    assert set(_by_to(deliver(), "No session for 45 days")) == {coordinator.email}


def test_feedback_due_after_the_third_confirmed_session(pair, bob, alice, deliver):
    for _ in range(3):
        sessions.session_confirm(session=_log(pair, bob), by=alice)
    assert set(_by_to(deliver(), "feedback")) == {
        "alice@example.org",
        "bob@example.org",
        "carol@example.org",
    }


def test_ending_soon_and_next_steps_due_tomorrow(pair, bob, deliver):
    Mentorship.objects.filter(pk=pair.pk).update(
        ends_on=timezone.localdate() + datetime.timedelta(days=14)
    )
    _log(pair, bob)
    ActionItem.objects.update(due_on=timezone.localdate() + datetime.timedelta(days=1))
    assert reminders.ending_soon(timezone.localdate()) == 3
    assert reminders.action_items_due(timezone.localdate()) == 2
    mails = deliver()
    assert set(_by_to(mails, "ends in two weeks")) == {
        "alice@example.org",
        "bob@example.org",
        "carol@example.org",
    }
    due = _by_to(mails, "Next steps due tomorrow")
    assert (
        set(due) == {"alice@example.org", "carol@example.org"}
        and "Send the draft" in due["alice@example.org"].body
    )


def test_the_weekly_digest_counts_waiting_mentees_proposals_inactive_pairs_and_failed_emails(
    pair, coordinator, dave, deliver
):
    OutboundEmail.objects.create(
        key="x", kind="session-log", to="a@example.org", subject="s", body_text="b", status="failed"
    )
    reminders.coordinator_digest(NOW)
    [digest] = _by_to(deliver(), "Programme digest").values()
    assert "Mentees waiting for a match: 1" in digest.body
    assert "Emails that failed: 1" in digest.body


def test_the_monthly_hours_statement_counts_confirmed_hours_only(pair, bob, alice, deliver):
    last_month = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=10)
    confirmed = _log(pair, bob)
    sessions.session_confirm(session=confirmed, by=alice)
    unconfirmed = _log(pair, bob)
    when = timezone.make_aware(datetime.datetime.combine(last_month, datetime.time(10)))
    Session.objects.filter(pk__in=[confirmed.pk, unconfirmed.pk]).update(starts_at=when)
    assert reminders.hours_statements(timezone.localdate()) == 1
    [statement] = _by_to(deliver(), "Your mentoring hours").values()
    assert statement.to == ["bob@example.org"]
    assert "Total: 1.00 h" in statement.body


def test_a_switched_off_kind_is_not_sent_but_account_mails_are(
    pair, alice, bob, deliver, alice_client
):
    alice_client.post(reverse("accounts:notifications"), {"kinds": ["session-reminder"]})
    alice.refresh_from_db()
    assert (
        "session-log" in alice.muted_notifications
        and "session-reminder" not in alice.muted_notifications
    )
    _log(pair, bob)
    emails.notify_introduction(pair, ["a reason"])
    mails = deliver()
    assert "alice@example.org" not in _by_to(mails, "Notes from your session")
    assert "carol@example.org" in _by_to(mails, "Notes from your session")
    assert (
        OutboundEmail.objects.get(key__startswith="session-log:", recipient=alice).status
        == "skipped"
    )
    assert "alice@example.org" in _by_to(mails, "Meet your mentor"), (
        "introductions cannot be switched off"
    )


def test_switchable_emails_carry_a_one_click_unsubscribe(pair, bob, deliver, client):
    _log(pair, bob)
    mail = _by_to(deliver(), "Notes from your session")["alice@example.org"]
    header = mail.extra_headers["List-Unsubscribe"]
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = header.strip("<>").split("://", 1)[1].split("/", 1)[1]
    response = client.post("/" + path)
    assert response.status_code == 200
    assert "session-log" in User.objects.get(email="alice@example.org").muted_notifications
    assert client.post("/notifications/unsubscribe/forged-token/").status_code == 404


def test_account_and_safety_kinds_cannot_be_switched_off(alice):
    outbox.notification_mute(user=alice, kind="coordinator-alert")
    outbox.notification_mute(user=alice, kind="group-invitation")
    alice.refresh_from_db()
    assert alice.muted_notifications == []


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text))


@pytest.mark.parametrize("kind", sorted(outbox.KINDS))
def test_every_kind_has_a_subject_and_a_text_and_html_body_that_say_the_same(
    kind, pair, alice, bob
):
    context = {"mentorship": pair, "alert": "concern", "by": bob, "side": "mentee"}
    email = outbox.email_enqueue(key=f"test:{kind}", kind=kind, recipient=alice, context=context)
    assert email.subject.strip() and "\n" not in email.subject
    opening = _words(email.body_text.split("\n\n")[0])
    assert len(opening) > 10, f"{kind}: the text body says nothing: {email.body_text!r}"
    assert opening in _words(strip_tags(email.body_html)), "the HTML body says otherwise"
    for part in (email.subject, email.body_text, email.body_html):
        assert "{{" not in part and "{%" not in part, f"{kind}: template syntax in {part!r}"
