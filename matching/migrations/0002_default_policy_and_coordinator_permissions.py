"""A default matching policy, and the coordinators' rights over matching and pairings."""

from django.db import migrations

from accounts.coordinators import grant_coordinator_permissions

COORDINATOR_PERMISSIONS = {
    "matching": {
        "matchpolicy": ["view", "add", "change"],
        "matchrun": ["view", "add"],
        "proposal": ["view", "change"],
    },
    "mentorship": {"mentorshiptransition": ["view"]},
    "accounts": {"memberblock": ["view", "add", "delete"]},
}


def seed(apps, schema_editor):
    MatchPolicy = apps.get_model("matching", "MatchPolicy")
    if not MatchPolicy.objects.filter(is_default=True).exists():
        MatchPolicy.objects.create(name="Standard", is_default=True)

    grant_coordinator_permissions(apps, COORDINATOR_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0001_initial"),
        ("mentorship", "0002_lifecycle"),
        ("accounts", "0003_member_blocks_and_mentee_display_name"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
