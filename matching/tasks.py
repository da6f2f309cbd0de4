"""Matching's Celery tasks: each takes ids, calls one service and is safe to run twice."""

from celery import shared_task

from matching import services


@shared_task
def run_matching(run_id: int) -> None:
    """Run a queued matching run; a second delivery finds it claimed and does nothing."""
    services.match_run_execute(run_id)


@shared_task
def fail_stale_runs() -> int:
    """Every 5 minutes: mark failed a run whose worker died, so a new run can start."""
    return services.match_runs_fail_stale()
