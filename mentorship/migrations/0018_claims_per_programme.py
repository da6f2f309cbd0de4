"""Claims become per programme: a claim is a mentor's month in one programme.

Approvals and adjustments made before belong to the site's one programme then (the first, which
0016 made), and so do the refused changes recorded before.
"""

import django.db.models.deletion
from django.db import migrations, models

import mentorship.models.hours


def claims_join_the_first_programme(apps, schema_editor):
    Programme = apps.get_model("mentorship", "Programme")
    first = Programme.objects.order_by("pk").first()
    if first is None:
        return  # a new site: no claims yet either
    for name in ("ClaimApproval", "ClaimAdjustment", "RefusedClaimChange"):
        apps.get_model("mentorship", name).objects.filter(programme__isnull=True).update(
            programme=first
        )


class Migration(migrations.Migration):
    dependencies = [
        ("mentorship", "0017_programmes_settled"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="claimapproval",
            name="one_claim_per_mentor_month",
        ),
        migrations.AddField(
            model_name="claimadjustment",
            name="programme",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="claim_adjustments",
                to="mentorship.programme",
            ),
        ),
        migrations.AddField(
            model_name="claimapproval",
            name="programme",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="claim_approvals",
                to="mentorship.programme",
            ),
        ),
        migrations.AddField(
            model_name="refusedclaimchange",
            name="programme",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="mentorship.programme",
            ),
        ),
        migrations.RunPython(claims_join_the_first_programme, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="claimadjustment",
            name="programme",
            field=models.ForeignKey(
                default=mentorship.models.hours.default_programme_id,
                help_text="The programme whose claim it corrects.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="claim_adjustments",
                to="mentorship.programme",
            ),
        ),
        migrations.AlterField(
            model_name="claimapproval",
            name="programme",
            field=models.ForeignKey(
                default=mentorship.models.hours.default_programme_id,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="claim_approvals",
                to="mentorship.programme",
            ),
        ),
        migrations.AddConstraint(
            model_name="claimapproval",
            constraint=models.UniqueConstraint(
                fields=("mentor", "month", "programme"), name="one_claim_per_mentor_month"
            ),
        ),
    ]
