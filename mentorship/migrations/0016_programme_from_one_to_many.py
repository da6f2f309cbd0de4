"""An existing site's data becomes one programme with one cohort, and looks the same to members.

The programme row coordinators already had (or a new one) is kept as the site's first
programme: every member is in its pool by their profile's role, as before, and every pairing
and matching run joins its one cohort. The site's coordinators become lead coordinators, who
see every programme, so nobody loses sight of anything; coordinators added later can be
limited to some programmes.
"""

from django.db import migrations
from django.db.models import Min
from django.utils import timezone

from accounts.coordinators import (
    COORDINATORS_GROUP,
    LEAD_COORDINATORS_GROUP,
    grant_coordinator_permissions,
)

SLUG = "mentoring"
COHORT = "Members"

COORDINATOR_PERMISSIONS = {
    "mentorship": {
        "programme": ["view", "change", "add"],
        "cohort": ["view", "change", "add"],
        "enrolment": ["view", "change"],
    }
}


def one_programme_one_cohort(apps, schema_editor):
    Programme = apps.get_model("mentorship", "Programme")
    Cohort = apps.get_model("mentorship", "Cohort")
    Mentorship = apps.get_model("mentorship", "Mentorship")
    MatchRun = apps.get_model("matching", "MatchRun")
    first = Programme.objects.order_by("pk").first() or Programme(name="Co-op peer mentoring")
    first.slug = SLUG
    first.admission = "all"
    first.status = "running"
    first.intake = "rolling"
    first.save()
    Programme.objects.filter(created_at__isnull=True).update(created_at=timezone.now())
    for other in Programme.objects.exclude(pk=first.pk):
        other.slug = f"programme-{other.pk}"
        other.save(update_fields=["slug"])
    began = Mentorship.objects.aggregate(first=Min("created_at"))["first"]
    cohort, _ = Cohort.objects.get_or_create(
        programme=first,
        name=COHORT,
        defaults={"applications_open_on": began.date() if began else None},
    )
    Mentorship.objects.filter(cohort__isnull=True).update(cohort=cohort)
    MatchRun.objects.filter(cohort__isnull=True).update(cohort=cohort)


def coordinators_become_leads(apps, schema_editor):
    grant_coordinator_permissions(apps, COORDINATOR_PERMISSIONS)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    leads, _ = Group.objects.get_or_create(name=LEAD_COORDINATORS_GROUP)
    leads.permissions.add(
        Permission.objects.get(
            content_type__app_label="mentorship", codename="coordinate_all_programmes"
        )
    )
    coordinators = Group.objects.filter(name=COORDINATORS_GROUP).first()
    if coordinators is not None:
        leads.user_set.add(*coordinators.user_set.all())


class Migration(migrations.Migration):
    dependencies = [
        ("mentorship", "0015_programmes_and_cohorts"),
        ("matching", "0005_match_run_per_cohort"),
    ]

    operations = [
        migrations.RunPython(one_programme_one_cohort, migrations.RunPython.noop),
        migrations.RunPython(coordinators_become_leads, migrations.RunPython.noop),
    ]
