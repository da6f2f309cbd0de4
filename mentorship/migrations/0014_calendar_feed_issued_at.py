"""A calendar feed's time says when its token was issued (first use, then each reset), which is
what `created_at` with auto_now held: renamed in place, and now set by the reset itself."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("mentorship", "0013_rename_at_to_created_at"),
    ]

    operations = [
        migrations.RenameField(
            model_name="calendarfeed", old_name="created_at", new_name="issued_at"
        ),
        migrations.AlterField(
            model_name="calendarfeed",
            name="issued_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
    ]
