import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0006_match_run_cohort_required"),
        ("mentorship", "0019_cohort_invitations"),
    ]

    operations = [
        migrations.AddField(
            model_name="matchpolicy",
            name="programme",
            field=models.OneToOneField(
                blank=True,
                help_text="A programme's own policy: its runs use it. Empty for a policy of the site.",
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="match_policy",
                to="mentorship.programme",
            ),
        ),
        migrations.AddConstraint(
            model_name="matchpolicy",
            constraint=models.CheckConstraint(
                condition=models.Q(("is_default", False), ("programme", None), _connector="OR"),
                name="default_policy_is_the_sites",
            ),
        ),
    ]
