import django.db.models.deletion
from django.db import migrations, models

import mentorship.models.relationship


class Migration(migrations.Migration):
    dependencies = [
        ("mentorship", "0016_programme_from_one_to_many"),
    ]

    operations = [
        migrations.AlterField(
            model_name="mentorship",
            name="cohort",
            field=models.ForeignKey(
                default=mentorship.models.relationship.default_cohort_id,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="mentorships",
                to="mentorship.cohort",
            ),
        ),
        migrations.AlterField(
            model_name="programme",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True),
        ),
        migrations.AlterField(
            model_name="programme",
            name="slug",
            field=models.SlugField(max_length=80, unique=True),
        ),
    ]
