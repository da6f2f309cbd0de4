from celery import shared_task

from matching import services


@shared_task
def run_matching(run_id: int) -> None:
    """Run a queued matching run; a second delivery finds it claimed and does nothing."""
    services.match_run_execute(run_id)
