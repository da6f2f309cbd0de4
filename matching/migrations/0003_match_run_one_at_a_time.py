"""One matching run at a time, and a sweep that fails a run whose worker died.

- every 5 minutes: a queued or running matching run with no progress for
  `matching.services.RUN_STALE_AFTER` is marked failed, so a new run can start
  (matching.tasks.fail_stale_runs).

Before the constraint is added, every active run but the newest is marked failed, as the sweep
would have done, so the constraint can be created on a database that has several.
"""

import django.utils.timezone
from django.db import migrations, models

NAME = "Fail stale matching runs"
TASK = "matching.tasks.fail_stale_runs"
ACTIVE = ["queued", "running"]


def fail_all_but_the_newest_active_run(apps, schema_editor):
    MatchRun = apps.get_model("matching", "MatchRun")
    newest = MatchRun.objects.filter(status__in=ACTIVE).order_by("-created_at", "-pk").first()
    if newest is not None:
        MatchRun.objects.filter(status__in=ACTIVE).exclude(pk=newest.pk).update(
            status="failed",
            error="Stopped without finishing (found when runs became one at a time).",
            finished_at=django.utils.timezone.now(),
        )


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_five_minutes, _ = IntervalSchedule.objects.get_or_create(every=5, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=NAME, defaults={"task": TASK, "interval": every_five_minutes, "expire_seconds": 300}
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0002_default_policy_and_coordinator_permissions"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.AddField(
            model_name="matchrun",
            name="progress_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                help_text="A queued or running run with no progress for too long is marked failed.",
                verbose_name="last progress",
            ),
        ),
        migrations.RunPython(fail_all_but_the_newest_active_run, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="matchrun",
            constraint=models.UniqueConstraint(
                models.Value(True),
                condition=models.Q(("status__in", ["queued", "running"])),
                name="one_active_match_run",
            ),
        ),
        migrations.RunPython(create_schedule, remove_schedule),
    ]
