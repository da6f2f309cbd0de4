"""One matching run at a time; a run whose worker died is failed after a while and can be re-run."""

import datetime
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from matching import selectors, services, tasks
from matching.models import MatchRun, Proposal
from matching.services import MatchingError
from mentorship.models import Cohort
from tests import factories

LONG_AGO = services.RUN_STALE_AFTER + datetime.timedelta(minutes=1)


def _stale(run: MatchRun, status: str = MatchRun.Status.RUNNING) -> MatchRun:
    MatchRun.objects.filter(pk=run.pk).update(
        status=status, progress=25, progress_at=timezone.now() - LONG_AGO
    )
    run.refresh_from_db()
    return run


def test_a_second_run_is_refused_while_one_is_queued(coordinator, alice, bob):
    services.match_run_create(by=coordinator)
    with pytest.raises(MatchingError, match="Another matching run is queued or running"):
        services.match_run_create(by=coordinator)
    assert MatchRun.objects.count() == 1


def test_a_second_run_is_refused_while_one_is_running(coordinator, alice, bob):
    run = services.match_run_create(by=coordinator)
    MatchRun.objects.filter(pk=run.pk).update(status=MatchRun.Status.RUNNING)
    with pytest.raises(MatchingError, match="Another matching run is queued or running"):
        services.match_run_create(by=coordinator)


def test_a_finished_or_failed_run_does_not_stop_the_next(coordinator, alice, bob):
    first = services.match_run_create(by=coordinator)
    services.match_run_execute(first.pk)
    second = services.match_run_create(by=coordinator)
    MatchRun.objects.filter(pk=second.pk).update(status=MatchRun.Status.FAILED)
    third = services.match_run_execute(services.match_run_create(by=coordinator).pk)
    assert third.status == MatchRun.Status.FINISHED


def test_the_admin_refuses_a_second_run_with_a_message(coordinator, coordinator_client, alice):
    services.match_run_create(by=coordinator)
    response = coordinator_client.post(
        reverse("admin:matching_matchrun_start"), {"cohort": Cohort.default().pk}, follow=True
    )
    assert "Another matching run is queued or running" in response.content.decode()
    assert MatchRun.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_runs_started_at_once_on_two_connections_give_one(postgres):
    coordinators = [factories.coordinator(email=f"c{i}@example.org") for i in range(2)]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def start(coordinator) -> None:
        try:
            barrier.wait(timeout=10)
            services.match_run_create(by=coordinator)
            outcomes.append("started")
        except MatchingError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=start, args=(c,)) for c in coordinators]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["refused", "started"]
    assert MatchRun.objects.count() == 1


def test_a_stale_running_run_is_failed_and_a_new_run_can_start(coordinator, alice, bob):
    dead = _stale(services.match_run_create(by=coordinator))
    again = services.match_run_execute(services.match_run_create(by=coordinator).pk)
    dead.refresh_from_db()
    assert dead.status == MatchRun.Status.FAILED
    assert "No progress for 30 minutes" in dead.error and dead.finished_at is not None
    assert again.status == MatchRun.Status.FINISHED and again.matched == 1


def test_a_queued_run_no_worker_picked_up_is_failed_too(coordinator, alice):
    lost = _stale(services.match_run_create(by=coordinator), status=MatchRun.Status.QUEUED)
    assert tasks.fail_stale_runs() == 1
    lost.refresh_from_db()
    assert lost.status == MatchRun.Status.FAILED
    assert services.match_run_execute(lost.pk) is None, "a late delivery finds it failed"


def test_a_run_making_progress_is_not_failed(coordinator, alice):
    run = services.match_run_create(by=coordinator)
    MatchRun.objects.filter(pk=run.pk).update(
        status=MatchRun.Status.RUNNING,
        progress_at=timezone.now() - services.RUN_STALE_AFTER + datetime.timedelta(minutes=1),
    )
    assert tasks.fail_stale_runs() == 0
    run.refresh_from_db()
    assert run.status == MatchRun.Status.RUNNING


def test_the_sweep_is_safe_to_run_twice(coordinator, alice):
    dead = _stale(services.match_run_create(by=coordinator))
    assert tasks.fail_stale_runs() == 1
    dead.refresh_from_db()
    first = (dead.status, dead.error, dead.finished_at)
    assert tasks.fail_stale_runs() == 0
    dead.refresh_from_db()
    assert (dead.status, dead.error, dead.finished_at) == first


def test_a_run_failed_as_stale_while_it_ran_saves_no_proposals(
    coordinator, alice, bob, monkeypatch
):
    load = selectors.engine_input

    def load_then_be_swept(cohort):
        data = load(cohort)
        services.match_runs_fail_stale(now=timezone.now() + LONG_AGO)
        return data

    monkeypatch.setattr(selectors, "engine_input", load_then_be_swept)
    run = services.match_run_execute(services.match_run_create(by=coordinator).pk)
    assert run.status == MatchRun.Status.FAILED and "No progress" in run.error
    assert not Proposal.objects.exists()


def test_progress_is_stamped_so_a_long_run_is_not_stale(coordinator, alice, bob):
    run = services.match_run_create(by=coordinator)
    MatchRun.objects.filter(pk=run.pk).update(progress_at=timezone.now() - LONG_AGO)
    MatchRun.objects.filter(pk=run.pk).update(status=MatchRun.Status.RUNNING)
    services.match_run_progress(run.pk, 50, "Scoring")
    assert services.match_runs_fail_stale() == 0


def test_the_sweep_is_scheduled_every_five_minutes(db):
    task = PeriodicTask.objects.get(task="matching.tasks.fail_stale_runs")
    assert task.enabled and (task.interval.every, task.interval.period) == (5, "minutes")
