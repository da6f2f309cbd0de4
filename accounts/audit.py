"""The audit log of coordinator actions: one append-only row per action.

Services call `audit_record` inside their own transaction, so an entry exists exactly when
the action took effect (a rolled-back approval leaves no entry).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import translation

from accounts.models import AuditEntry, User

Action = AuditEntry.Action


def audit_record(
    *,
    actor: User | None,
    action: str,
    actor_label: str = "",
    target: models.Model | None = None,
    target_label: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Write one audit entry; the actor's and target's labels are copied as they are now.

    A member acting on their own data passes a neutral `actor_label`, so the log (which
    nobody may edit) does not keep their name after they delete their account.
    """
    if target is not None and not target_label:
        # Written in the site's language, whatever page the coordinator was reading: the log is
        # one record, searched by its words.
        with translation.override(settings.LANGUAGE_CODE):
            target_label = str(target)
    return AuditEntry.objects.create(
        actor=actor,
        actor_label=(actor_label or _label_of(actor))[:300],
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_label=target_label[:300],
        details=details or {},
    )


def _label_of(user: User | None) -> str:
    if user is None:
        return ""
    return f"{user.name} <{user.email}>" if user.name else user.email
