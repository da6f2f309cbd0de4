"""A session log sent twice (a double click, a resend) is saved once, also when both arrive at once."""

import datetime
import re
import threading
import uuid

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from mentorship.models import ActionItem, Session, SessionLogVersion
from mentorship.services import sessions
from tests import factories
from tests.mentorship.hours_factories import mentee_of


def _post(when: datetime.datetime, key: str) -> dict:
    return {
        "starts_at": timezone.localtime(when).strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "60",
        "format": "remote",
        "summary": "Cash book.",
        "submission_key": key,
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-0-description": "Draft the cash book",
        "items-0-owner": "mentee",
    }


def _key_on(page: str) -> str:
    return re.search(r'name="submission_key" value="([0-9a-f-]+)"', page).group(1)


def test_the_log_form_carries_a_new_one_time_key_each_time_it_is_drawn(pair, bob_client):
    url = reverse("mentorship:session_log_new", args=[pair.pk])
    first, second = (_key_on(bob_client.get(url).content.decode()) for _ in range(2))
    assert uuid.UUID(first) != uuid.UUID(second)


def test_a_log_of_a_session_not_in_the_diary_sent_twice_makes_one_session(pair, bob_client):
    url = reverse("mentorship:session_log_new", args=[pair.pk])
    data = _post(
        timezone.now() - datetime.timedelta(hours=2), _key_on(bob_client.get(url).content.decode())
    )

    responses = [bob_client.post(url, data) for _ in range(2)]

    assert [r.status_code for r in responses] == [302, 302]
    assert Session.objects.count() == 1
    assert ActionItem.objects.count() == 1


def test_a_log_of_a_scheduled_session_sent_twice_is_saved_once(pair, alice, bob_client):
    when = timezone.now() - datetime.timedelta(hours=2)
    scheduled = Session.objects.create(
        mentorship=pair, starts_at=when, duration_minutes=60, format="remote", created_by=alice
    )
    url = reverse("mentorship:session_log", args=[pair.pk, scheduled.pk])
    data = _post(when, _key_on(bob_client.get(url).content.decode()))

    responses = [bob_client.post(url, data) for _ in range(2)]

    assert [r.status_code for r in responses] == [302, 302]
    assert ActionItem.objects.count() == 1
    assert not SessionLogVersion.objects.exists(), "the second send is not an edit"
    scheduled.refresh_from_db()
    assert scheduled.status == Session.Status.LOGGED


def test_two_different_logs_make_two_sessions(pair, bob_client):
    url = reverse("mentorship:session_log_new", args=[pair.pk])
    when = timezone.now() - datetime.timedelta(hours=2)
    for _ in range(2):
        bob_client.post(url, _post(when, _key_on(bob_client.get(url).content.decode())))
    assert Session.objects.count() == 2


def _at_once(call, n: int = 2) -> list:
    """Run `call` in n threads released together, each on its own database connection."""
    barrier = threading.Barrier(n)
    results: list = []

    def run() -> None:
        try:
            barrier.wait(timeout=10)
            results.append(call())
        except Exception as error:
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def _world():
    bob = factories.mentor(email="bob@example.org", name="Bob Bevan")
    alice = factories.mentee(email="alice@example.org", name="Alice Ahmed")
    coordinator = factories.coordinator(email="coordinator@example.org")
    return factories.mentorship(mentor=bob, mentee=alice, by=coordinator)


def _log(key: uuid.UUID) -> sessions.SessionLog:
    return sessions.SessionLog(
        starts_at=timezone.now() - datetime.timedelta(hours=2),
        duration_minutes=60,
        format="remote",
        summary="Cash book.",
        submission_key=key,
        action_items=[sessions.ActionItemData(description="Draft it", owner="mentee")],
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_new_log_sent_twice_at_once_makes_one_session(postgres):
    pair = _world()
    log = _log(uuid.uuid4())

    results = _at_once(lambda: sessions.session_log(mentorship=pair, by=pair.mentor, log=log).pk)

    assert len(results) == 2 and all(isinstance(r, int) for r in results), results
    assert results[0] == results[1]
    assert Session.objects.count() == 1
    assert ActionItem.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_scheduled_session_logged_twice_at_once_gets_its_action_items_once(postgres):
    pair = _world()
    scheduled = Session.objects.create(
        mentorship=pair,
        starts_at=timezone.now() - datetime.timedelta(hours=2),
        duration_minutes=60,
        format="remote",
        created_by=mentee_of(pair),
    )
    log = _log(uuid.uuid4())

    results = _at_once(
        lambda: sessions.session_log(mentorship=pair, by=pair.mentor, log=log, session=scheduled).pk
    )

    assert results == [scheduled.pk, scheduled.pk]
    assert ActionItem.objects.count() == 1
    assert not SessionLogVersion.objects.exists()
