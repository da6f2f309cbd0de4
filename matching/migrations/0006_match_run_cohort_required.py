import django.db.models.deletion
from django.db import migrations, models

import mentorship.models.relationship


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0005_match_run_per_cohort"),
        ("mentorship", "0016_programme_from_one_to_many"),
    ]

    operations = [
        migrations.AlterField(
            model_name="matchrun",
            name="cohort",
            field=models.ForeignKey(
                default=mentorship.models.relationship.default_cohort_id,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="match_runs",
                to="mentorship.cohort",
            ),
        ),
    ]
