"""The outbox's Celery tasks: send one email, queue a batch's, and the every-minute sweep of
what is still due."""

from celery import Task, shared_task

from accounts import outbox


@shared_task(bind=True, max_retries=None)
def send_email(self: Task, email_id: int) -> str:
    """Send one outbox row; safe to run twice (the row is claimed, then checked to be pending)."""
    outcome = outbox.email_send(email_id)
    if outcome.status == "retry" and outcome.retry_in:
        raise self.retry(countdown=outcome.retry_in)
    return outcome.status


@shared_task
def send_emails(email_ids: list[int]) -> int:
    """Queue the sending of each email of a batch (a sweep queues this once per batch)."""
    for email_id in email_ids:
        send_email.delay(email_id)
    return len(email_ids)


@shared_task
def sweep_outbox() -> int:
    """Every minute: queue whatever is still pending and due (after Redis or a worker was down)."""
    ids = outbox.outbox_due_ids()
    for email_id in ids:
        send_email.delay(email_id)
    return len(ids)
