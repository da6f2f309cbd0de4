"""The coordinators' groups: staff who run programmes in the admin, without superuser rights.

Coordinators hold the admin's permissions; lead coordinators also see every programme (the
mentorship app's `coordinate_all_programmes`), where other coordinators see the programmes
they are named on.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.management import create_permissions

COORDINATORS_GROUP = "Coordinators"
LEAD_COORDINATORS_GROUP = "Lead coordinators"


def grant_coordinator_permissions(apps: Any, permissions: dict[str, dict[str, list[str]]]) -> None:
    """Give the Coordinators group {app: {model: [actions]}}; for data migrations (historical apps)."""
    # Permissions are normally created after all migrations have run; coordinators need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=COORDINATORS_GROUP)
    for app_label, models in permissions.items():
        for model, actions in models.items():
            codenames = [f"{action}_{model}" for action in actions]
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label, codename__in=codenames
                )
            )
