"""Matching runs belong to a cohort, and one run at a time is per cohort (0006 requires it)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0004_proposal_mentor_accepted_at"),
        ("mentorship", "0015_programmes_and_cohorts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="matchrun",
            name="one_active_match_run",
        ),
        migrations.AddField(
            model_name="matchrun",
            name="cohort",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="match_runs",
                to="mentorship.cohort",
            ),
        ),
        migrations.AddConstraint(
            model_name="matchrun",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status__in", ["queued", "running"])),
                fields=("cohort",),
                name="one_active_match_run_per_cohort",
            ),
        ),
    ]
