"""Delivery through the real parts: an SMTP server, Redis, Celery workers, PostgreSQL."""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts import outbox, tasks
from accounts.models import OutboundEmail
from mentorship.services import reminders, sessions
from tests import factories

ROOT = Path(__file__).resolve().parents[2]
TRANSACTIONAL = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _log(pair, bob):
    return sessions.session_log(
        mentorship=pair,
        by=bob,
        log=sessions.SessionLog(
            starts_at=timezone.now() - datetime.timedelta(hours=1),
            duration_minutes=60,
            format="remote",
            summary="Rules drafted",
            private_note="Private worry",
        ),
    )


def _email_to(address: str) -> OutboundEmail:
    return OutboundEmail.objects.get(to=address, kind="session-log")


def _wait(condition, timeout: float = 30, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def test_a_refusing_smtp_server_is_retried_with_backoff_and_the_email_delivered_once(
    pair, bob, smtp_server
):
    _log(pair, bob)
    email = _email_to("alice@example.org")
    smtp_server.refuse = ["451 4.3.0 Try again later"]
    first = outbox.email_send(email.pk)
    email.refresh_from_db()
    assert first.status == "retry" and first.retry_in == outbox.BACKOFF_SECONDS
    assert (email.status, email.attempts) == ("pending", 1) and "451" in email.last_error
    assert outbox.email_send(email.pk).status == "not-due"
    OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
    assert outbox.email_send(email.pk).status == "sent"
    assert outbox.email_send(email.pk).status == "not-pending"
    assert len(smtp_server.to("alice@example.org")) == 1
    message = smtp_server.to("alice@example.org")[0].decode()
    assert "Rules drafted" in message and "Private worry" not in message


def test_a_permanent_refusal_fails_shows_in_the_admin_and_can_be_retried(
    pair, bob, smtp_server, coordinator_client
):
    _log(pair, bob)
    email = _email_to("alice@example.org")
    smtp_server.refuse = ["550 5.1.1 No such mailbox"]
    assert outbox.email_send(email.pk).status == "failed"
    listing = coordinator_client.get(
        reverse("admin:accounts_outboundemail_changelist"), {"status__exact": "failed"}
    )
    assert "alice@example.org" in listing.content.decode() and "550" in listing.content.decode()
    coordinator_client.post(
        reverse("admin:accounts_outboundemail_changelist"),
        {"action": "retry_selected", "_selected_action": [email.pk]},
    )
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("pending", 0)
    assert outbox.email_send(email.pk).status == "sent"
    assert len(smtp_server.to("alice@example.org")) == 1


def test_the_last_transient_failure_marks_the_email_failed(pair, bob, smtp_server):
    _log(pair, bob)
    email = _email_to("alice@example.org")
    smtp_server.refuse = ["421 4.3.2 Shutting down"] * outbox.MAX_ATTEMPTS
    for _ in range(outbox.MAX_ATTEMPTS):
        OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
        outbox.email_send(email.pk)
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("failed", outbox.MAX_ATTEMPTS)
    assert smtp_server.to("alice@example.org") == []


@TRANSACTIONAL
def test_a_worker_delivers_each_email_once(broker, smtp_server):
    pair, bob = _pair()
    with start_worker(
        tasks.send_email.app, pool="solo", perform_ping_check=False, shutdown_timeout=10
    ):
        _log(pair, bob)
        smtp_server.wait_for(2)
        tasks.sweep_outbox.delay()  # a sweep after the fact finds nothing left to send
        time.sleep(1)
    assert len(smtp_server.to("alice@example.org")) == 1
    assert len(smtp_server.to("carol@example.org")) == 1
    assert set(
        OutboundEmail.objects.filter(kind="session-log").values_list("status", flat=True)
    ) == {"sent"}


@TRANSACTIONAL
def test_an_email_queued_while_redis_is_down_is_sent_by_the_sweep_once_redis_is_back(
    broker, smtp_server, client
):
    pair, bob = _pair()
    client.force_login(bob)
    broker.stop()
    when = timezone.localtime(timezone.now() - datetime.timedelta(hours=1)).strftime(
        "%Y-%m-%dT%H:%M"
    )
    response = client.post(
        reverse("mentorship:session_log_new", args=[pair.pk]),
        {
            "starts_at": when,
            "duration_minutes": "60",
            "format": "remote",
            "summary": "Logged while Redis was down",
            "items-TOTAL_FORMS": "0",
            "items-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, "logging a session works with the broker down"
    assert OutboundEmail.objects.filter(kind="session-log", status="pending").count() == 2
    broker.start()
    with start_worker(
        tasks.send_email.app, pool="solo", perform_ping_check=False, shutdown_timeout=10
    ):
        tasks.sweep_outbox.delay()
        smtp_server.wait_for(2)
        time.sleep(0.5)
    assert len(smtp_server.to("alice@example.org")) == 1
    assert len(smtp_server.to("carol@example.org")) == 1


@TRANSACTIONAL
def test_a_worker_killed_while_sending_loses_nothing_and_sends_nothing_twice(
    postgres, broker, smtp_server
):
    pair, bob = _pair()
    smtp_server.hang_first = True
    worker = _worker_process(broker.url, smtp_server.port)
    try:
        _log(pair, bob)
        assert smtp_server.hanging.wait(timeout=60), "the worker never started sending"
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    smtp_server.release.set()
    _wait(lambda: not _locked_rows(), what="the dead worker's row locks to be released")
    replacement = _worker_process(broker.url, smtp_server.port)
    try:
        tasks.sweep_outbox.delay()
        smtp_server.wait_for(2, timeout=60)
        time.sleep(1)
    finally:
        replacement.terminate()
        replacement.wait(timeout=20)
    assert len(smtp_server.to("alice@example.org")) == 1
    assert len(smtp_server.to("carol@example.org")) == 1


@TRANSACTIONAL
def test_two_sweeps_at_once_queue_each_reminder_once(postgres):
    pair, _bob = _pair()
    alice = pair.mentee.members.order_by("pk").first().user
    start = timezone.now() + datetime.timedelta(hours=5)
    for offset in range(20):
        sessions.session_schedule(
            mentorship=pair,
            by=alice,
            starts_at=start + datetime.timedelta(minutes=offset),
            duration_minutes=30,
            format="remote",
        )
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def sweep() -> None:
        try:
            barrier.wait(timeout=10)
            reminders.session_reminders(timezone.now())
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert OutboundEmail.objects.filter(kind="session-reminder").count() == 20 * 3


def _pair():
    alice = factories.mentee(
        email="alice@example.org", name="Alice Ahmed", group_name="Riverside founders"
    )
    bob = factories.mentor(email="bob@example.org", name="Bob Bevan")
    factories.cofounder(of=alice, email="carol@example.org", name="Carol Cole")
    coordinator = factories.coordinator(email="coordinator@example.org")
    OutboundEmail.objects.all().delete()  # the invitation to carol is not what these tests are about
    return factories.mentorship(mentor=bob, mentee=alice, by=coordinator), bob


def _locked_rows() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE c.relname = %s AND l.pid <> pg_backend_pid()",
            [OutboundEmail._meta.db_table],
        )
        return cursor.fetchone()[0] > 0


def _worker_process(broker_url: str, smtp_port: int) -> subprocess.Popen:
    """A real worker in its own process, on the test database, the test's Redis and SMTP."""
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mentorship.settings",
        "SECRET_KEY": "worker-in-tests",
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": broker_url,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "EMAIL_TIMEOUT": "60",
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "mentorship",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
    )


@TRANSACTIONAL
def test_every_kind_of_email_reaches_a_real_smtp_server_once_through_a_worker(broker, smtp_server):
    """Each kind, triggered as in real life, sent by a worker over our Redis to a real SMTP
    server; one copy each, to the right people, with times in the recipient's time zone."""
    from django.contrib.auth.models import Group

    from accounts.models import MemberProfile
    from mentorship import emails
    from mentorship.models import ActionItem, Mentorship, Session
    from mentorship.services import feedback as feedback_services
    from mentorship.services import relationship

    pair, bob = _pair()
    alice = pair.mentee.members.get(user__email="alice@example.org").user
    coordinator = Group.objects.get(name="Coordinators").user_set.get()
    MemberProfile.objects.filter(user=bob).update(time_zone="Asia/Kolkata")
    now = timezone.now()
    with start_worker(
        tasks.send_email.app, pool="solo", perform_ping_check=False, shutdown_timeout=10
    ):
        emails.notify_introduction(pair, ["offers bookkeeping"])
        start = (now + datetime.timedelta(hours=3)).replace(second=0, microsecond=0)
        upcoming = sessions.session_schedule(
            mentorship=pair, by=alice, starts_at=start, duration_minutes=30, format="remote"
        )
        reminders.session_reminders(now)
        past = sessions.session_schedule(
            mentorship=pair,
            by=alice,
            starts_at=now + datetime.timedelta(days=9),
            duration_minutes=30,
            format="remote",
        )
        Session.objects.filter(pk=past.pk).update(starts_at=now - datetime.timedelta(hours=80))
        reminders.log_reminders(now)
        logged = _log(pair, bob)
        ActionItem.objects.create(
            session=logged,
            description="Send the rules",
            owner="mentee",
            due_on=now.date() + datetime.timedelta(days=1),
        )
        Session.objects.filter(pk=logged.pk).update(logged_at=now - datetime.timedelta(days=4))
        reminders.confirm_reminders(now)
        Mentorship.objects.filter(pk=pair.pk).update(
            approved_at=now - datetime.timedelta(days=60),
            ends_on=now.date() + datetime.timedelta(days=14),
        )
        Session.objects.filter(mentorship=pair).exclude(pk=upcoming.pk).update(
            starts_at=now - datetime.timedelta(days=50)
        )
        Session.objects.filter(pk=upcoming.pk).update(status="cancelled")
        reminders.inactivity(now)
        reminders.ending_soon(now.date())
        reminders.action_items_due(now.date())
        reminders.coordinator_digest(now)
        feedback_services.concern_report(mentorship=pair, by=alice, text="x")
        for other in (logged,):
            sessions.session_confirm(session=other, by=alice)
        relationship.mentorship_end(mentorship_id=pair.pk, by=bob, reason="Done", completed=True)
        expected = OutboundEmail.objects.exclude(status="skipped").count()
        smtp_server.wait_for(expected, timeout=90)
        time.sleep(1)
    kinds = set(OutboundEmail.objects.values_list("kind", flat=True))
    assert {
        "introduction-mentor",
        "introduction-mentee",
        "session-reminder",
        "log-reminder",
        "session-log",
        "confirm-reminder",
        "inactivity",
        "ending-soon",
        "action-items-due",
        "coordinator-digest",
        "coordinator-alert",
        "feedback-due",
    } <= kinds
    assert (
        len(smtp_server.messages) == expected == OutboundEmail.objects.filter(status="sent").count()
    )
    keys = [m.key for m in OutboundEmail.objects.all()]
    assert len(keys) == len(set(keys))
    reminder_to_bob = [
        c for c in smtp_server.to("bob@example.org") if b"Reminder: mentoring session" in c
    ]
    assert len(reminder_to_bob) == 1
    kolkata = (
        start.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Kolkata")).strftime("%H:%M").encode()
    )
    assert kolkata in reminder_to_bob[0]
    assert len([c for c in smtp_server.to(coordinator.email) if b"Programme digest" in c]) == 1
