"""The site's periodic tasks, in the database so coordinators can change them in the admin.

The schedules this migration creates (later ones add the workers' heartbeat in 0006, the
conversation emails in 0012 and the stale match-run sweep in matching's 0003):
- every minute: send whatever is still waiting in the outbox (accounts.tasks.sweep_outbox);
- every 15 minutes: session, log and confirmation reminders and inactivity nudges;
- every day at 08:00: mentorships ending in 14 days, next steps due tomorrow;
- Mondays at 08:00: the coordinators' weekly digest;
- the 1st of each month at 08:00: mentors' hours statements.
"""

from django.db import migrations

from accounts.coordinators import grant_coordinator_permissions

TIME_ZONE = "Europe/London"
EVERY = [
    ("Send waiting emails", "accounts.tasks.sweep_outbox", 1),
    ("Reminders and nudges", "mentorship.tasks.sweep_reminders", 15),
]
CRON = [
    ("Daily notices", "mentorship.tasks.send_daily_notices", {"minute": "0", "hour": "8"}),
    (
        "Coordinators' weekly digest",
        "mentorship.tasks.send_coordinator_digest",
        {"minute": "0", "hour": "8", "day_of_week": "1"},
    ),
    (
        "Mentors' monthly hours statements",
        "mentorship.tasks.send_hours_statements",
        {"minute": "0", "hour": "8", "day_of_month": "1"},
    ),
]


def create(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, minutes in EVERY:
        interval, _ = IntervalSchedule.objects.get_or_create(every=minutes, period="minutes")
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "interval": interval})
    for name, task, fields in CRON:
        values = {
            "minute": "*",
            "hour": "*",
            "day_of_week": "*",
            "day_of_month": "*",
            "month_of_year": "*",
            **fields,
        }
        crontab, _ = CrontabSchedule.objects.get_or_create(timezone=TIME_ZONE, **values)
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "crontab": crontab})
    grant_coordinator_permissions(
        apps,
        {
            "django_celery_beat": {
                "periodictask": ["view", "change"],
                "intervalschedule": ["view"],
                "crontabschedule": ["view"],
            },
            "accounts": {"outboundemail": ["view"]},
        },
    )


def remove(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(
        name__in=[n for n, _, _ in EVERY] + [n for n, _, _ in CRON]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("mentorship", "0004_coordinator_permissions"),
        ("accounts", "0004_outbox"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
