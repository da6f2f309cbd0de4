"""The worker's heartbeat for /healthz: a row it stamps, and the schedule that makes it do so.

- every minute: a worker records that it is alive (mentorship.tasks.record_heartbeat). A stamp
  not taken within a minute expires, so a worker coming back after an outage does not work
  through a backlog of stale heartbeats.
"""

from django.db import migrations, models

NAME = "Worker heartbeat for /healthz"
TASK = "mentorship.tasks.record_heartbeat"


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_minute, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=NAME, defaults={"task": TASK, "interval": every_minute, "expire_seconds": 60}
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("mentorship", "0005_periodic_tasks"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.CreateModel(
            name="Heartbeat",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=50, unique=True)),
                ("seen_at", models.DateTimeField()),
            ],
        ),
        migrations.RunPython(create_schedule, remove_schedule),
    ]
