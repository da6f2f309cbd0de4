"""Redis down: the broker and the cache both gone. Pages render, members can sign in, actions
that send email succeed, and the email follows once Redis is back.

tests/notifications/test_delivery.py covers the broker alone being down while a session is logged;
here the cache is down too (sessions, messages and rate limits must not need it), and more pages.
"""

from __future__ import annotations

import datetime
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from accounts import tasks
from accounts.models import OutboundEmail
from tests import factories
from tests.notifications.conftest import free_port

TRANSACTIONAL = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def redis_everywhere(broker, settings):
    """The broker and the cache both on our own Redis, which the test can stop."""
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": broker.url}}
    cache.clear()
    return broker


@TRANSACTIONAL
def test_with_redis_down_pages_render_sign_in_works_and_a_logged_session_emails_later(
    redis_everywhere, smtp_server, client, pair
):
    OutboundEmail.objects.all().delete()  # the introductions; only the session log is awaited
    redis_everywhere.stop()

    signed_in = client.post(
        reverse("account_login"), {"login": "bob@example.org", "password": factories.PASSWORD}
    )
    assert signed_in.status_code == 302, "signing in must not need Redis"
    for name, args in [
        ("mentorship:dashboard", []),
        ("mentorship:detail", [pair.pk]),
        ("accounts:profile", []),
        ("mentorship:session_log_new", [pair.pk]),
        ("mentorship:hours", []),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 200, name

    when = timezone.localtime(timezone.now() - datetime.timedelta(hours=1))
    logged = client.post(
        reverse("mentorship:session_log_new", args=[pair.pk]),
        {
            "starts_at": when.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": "60",
            "format": "remote",
            "summary": "Logged while Redis was down",
            "items-TOTAL_FORMS": "0",
            "items-INITIAL_FORMS": "0",
        },
    )
    assert logged.status_code == 302
    assert client.get(logged["Location"]).status_code == 200  # with its success message
    pending = OutboundEmail.objects.filter(kind="session-log", status="pending")
    assert sorted(pending.values_list("to", flat=True)) == [
        "alice@example.org",
        "carol@example.org",
    ]

    redis_everywhere.start()
    with start_worker(tasks.send_email.app, pool="solo", perform_ping_check=False):
        tasks.sweep_outbox.delay()
        smtp_server.wait_for(2)
        deadline = time.monotonic() + 10  # the worker marks a row sent after the SMTP reply
        while OutboundEmail.objects.exclude(status="sent").exists():
            assert time.monotonic() < deadline, "the sent emails were never marked sent"
            time.sleep(0.05)
    assert len(smtp_server.to("alice@example.org")) == 1
    assert len(smtp_server.to("carol@example.org")) == 1
    assert set(pending.model.objects.values_list("status", flat=True)) == {"sent"}


def test_the_cache_answers_as_an_empty_cache_while_redis_is_unreachable():
    from mentorship.project.cache import ForgivingRedisCache

    dead = ForgivingRedisCache(
        f"redis://127.0.0.1:{free_port()}/0", {"OPTIONS": {"socket_timeout": 1}}
    )
    assert dead.get("k", "fallback") == "fallback"
    assert dead.add("k", 1) is True
    dead.set("k", 1)
    dead.set_many({"a": 1})
    assert dead.get_many(["a"]) == {}
    assert dead.has_key("k") is False
    assert dead.delete("k") is False
    with pytest.raises(ValueError, match="not found"):
        dead.incr("k")
