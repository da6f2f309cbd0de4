"""The coordinators' groups: staff who run programmes in the admin, without superuser rights.

Coordinators hold the admin's permissions; lead coordinators also see every programme (the
mentorship app's `coordinate_all_programmes`), where other coordinators see the programmes
they are named on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.management import create_permissions
from django.db.models import QuerySet

from accounts.models import User

COORDINATORS_GROUP = "Coordinators"
LEAD_COORDINATORS_GROUP = "Lead coordinators"

# Which members a coordinator looks after depends on programmes, which accounts may not import
# (the layers run accounts <- mentorship). The mentorship app registers its rule here in its
# AppConfig.ready(); until one is registered, accounts alone narrows nothing.
MemberScope = Callable[[QuerySet[User], User], QuerySet[User]]
_member_scope: list[MemberScope] = []


def member_scope_register(narrow: MemberScope) -> None:
    """Set the rule narrowing the members list to a coordinator's members (one rule a site)."""
    _member_scope[:] = [narrow]


def members_scoped(queryset: QuerySet[User], user: User) -> QuerySet[User]:
    """`queryset` of members narrowed to those `user` looks after, by the registered rule."""
    for narrow in _member_scope:
        queryset = narrow(queryset, user)
    return queryset


def members_narrowed(user: User) -> QuerySet[User] | None:
    """The members `user` looks after, or None when that is every member (a lead coordinator):
    callers then add no filter at all rather than an IN over the whole table."""
    everyone = User.objects.all()
    mine = members_scoped(everyone, user)
    # The rule hands back the very queryset it was given when it narrows nothing.
    return None if mine is everyone else mine


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
