"""A large programme's run goes to a real Celery worker over the real Redis, with progress."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.urls import reverse

from matching import selectors
from matching.models import MatchRun
from mentorship.celery import app
from mentorship.models import Cohort
from tests import factories


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_large_run_is_queued_and_finished_by_a_worker(redis_url, client, monkeypatch):
    monkeypatch.setattr(selectors, "SYNC_PAIR_LIMIT", 0)
    factories.mentee(email="alice@example.org", name="Alice", group_name="Riverside founders")
    factories.mentor(email="bob@example.org", name="Bob")
    factories.mfa_login(client, factories.coordinator(email="coordinator@example.org"))

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        response = client.post(
            reverse("admin:matching_matchrun_start"), {"cohort": Cohort.default().pk}, follow=True
        )
        assert "running in the background" in response.content.decode()
        run = MatchRun.objects.get()
        deadline = time.monotonic() + 30
        while run.status not in {MatchRun.Status.FINISHED, MatchRun.Status.FAILED}:
            assert time.monotonic() < deadline, f"the worker did not finish the run: {run.status}"
            time.sleep(0.2)
            run.refresh_from_db()

    assert run.status == MatchRun.Status.FINISHED, run.error
    assert run.progress == 100
    assert run.matched == 1
    page = client.get(reverse("admin:matching_matchrun_change", args=[run.pk])).content.decode()
    assert "100%" in page
