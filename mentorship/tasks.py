"""Periodic tasks; their schedules are in the database (django-celery-beat), created by
migration 0005 and editable by coordinators in the admin."""

from celery import shared_task
from django.utils import timezone

from mentorship.project import health
from mentorship.services import reminders


@shared_task
def sweep_reminders() -> dict[str, int]:
    """Every 15 minutes: session, log and confirmation reminders, inactivity nudges."""
    return reminders.sweep_all()


@shared_task
def send_daily_notices() -> dict[str, int]:
    """Every morning: mentorships ending in 14 days, next steps due tomorrow."""
    today = timezone.localdate()
    return {
        "ending_soon": reminders.ending_soon(today),
        "action_items": reminders.action_items_due(today),
    }


@shared_task
def send_coordinator_digest() -> int:
    """Monday mornings."""
    return reminders.coordinator_digest(timezone.now())


@shared_task
def send_hours_statements() -> int:
    """The first of each month."""
    return reminders.hours_statements(timezone.localdate())


@shared_task
def record_heartbeat() -> str:
    """Every minute: shows /healthz that a worker is taking tasks off the queue."""
    return health.heartbeat_record().isoformat()


@shared_task
def send_conversation_emails() -> int:
    """Every minute: each member's unread messages, batched to one email per 15 minutes."""
    from mentorship.services import conversations

    return conversations.conversation_emails_send()
