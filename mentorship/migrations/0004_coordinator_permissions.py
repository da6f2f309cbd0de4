"""Coordinators see the relationship's records in the admin (never private notes), and tune the
programme's settings."""

from django.db import migrations

from accounts.coordinators import grant_coordinator_permissions

COORDINATOR_PERMISSIONS = {
    "mentorship": {
        "programme": ["view", "change"],
        "session": ["view"],
        "sessionlogversion": ["view"],
        "actionitem": ["view"],
        "goal": ["view"],
        "goalupdate": ["view"],
        "fitcheck": ["view"],
        "feedback": ["view"],
        "concern": ["view", "change"],
        "expense": ["view"],
        "claimapproval": ["view", "add"],
    },
}


def grant(apps, schema_editor):
    Programme = apps.get_model("mentorship", "Programme")
    if not Programme.objects.exists():
        Programme.objects.create()
    grant_coordinator_permissions(apps, COORDINATOR_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("mentorship", "0003_relationship")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
