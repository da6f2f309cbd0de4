"""The audit log of coordinator actions: one append-only row per action.

Services call `audit_record` inside their own transaction, so an entry exists exactly when
the action took effect (a rolled-back approval leaves no entry). Entries are never changed,
with one exception: when a member deletes their account, `audit_member_forget` replaces their
name and email in the entries with "former member #id" and keeps the entries.

This is the audit log's one home: mentorship and matching call `audit_record` from their
services; the row is accounts.models.AuditEntry, read by coordinators in the admin.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import translation
from django.utils.translation import gettext

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


def former_member_label(user_id: int) -> str:
    """How the log names a member after they deleted their account (in the site's language)."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("former member #%(id)s") % {"id": user_id}


@transaction.atomic
def audit_member_forget(*, user: User, names: Iterable[str], email: str) -> int:
    """Keep every entry about a deleted member but stop it naming them: an entry they made or
    that is about their account is labelled "former member #id", and wherever one of their
    `names` (as whole words) or their `email` appears in another entry's labels or details, the
    same words take its place. Returns how many entries changed.

    On PostgreSQL a trigger refuses every change to an entry; it lets this one through only
    while `accounts.audit_erasure` is on, which is set for this transaction's updates alone.
    """
    words = [w.strip() for w in [email, *names] if w.strip()]
    label = former_member_label(user.pk)
    user_type = ContentType.objects.get_for_model(User)
    patterns = [
        re.compile(rf"(?<![\w.@+-]){re.escape(w)}(?![\w.@-])", re.IGNORECASE) for w in words
    ]
    entries = AuditEntry.objects.annotate(details_text=Cast("details", TextField())).filter(
        Q(actor=user) | Q(target_type=user_type, target_id=str(user.pk)) | _mentioning(words)
    )
    changed = []
    for entry in entries:
        before = (entry.actor_label, entry.target_label, entry.details)
        own, about_them = entry.actor_id == user.pk, entry.target_type_id == user_type.pk
        about_them = about_them and entry.target_id == str(user.pk)
        entry.actor_label = label if own else _scrub(entry.actor_label, patterns, label)
        entry.target_label = label if about_them else _scrub(entry.target_label, patterns, label)
        entry.details = _scrub(entry.details, patterns, label)
        if (entry.actor_label, entry.target_label, entry.details) != before:
            changed.append(entry)
    _guard_lifted(True)
    AuditEntry.objects.bulk_update(changed, ["actor_label", "target_label", "details"])
    _guard_lifted(False)
    return len(changed)


def _mentioning(words: list[str]) -> Q:
    found = Q(pk__in=[])
    for word in words:
        # Details are JSON text: a name with accents may be stored \u-escaped there.
        for form in {word, json.dumps(word)[1:-1]}:
            found |= Q(actor_label__icontains=form) | Q(target_label__icontains=form)
            found |= Q(details_text__icontains=form)
    return found


def _scrub(value: Any, patterns: list[re.Pattern[str]], label: str) -> Any:
    if isinstance(value, str):
        for pattern in patterns:
            value = pattern.sub(lambda _match: label, value)
        return value
    if isinstance(value, dict):
        return {key: _scrub(item, patterns, label) for key, item in value.items()}
    if isinstance(value, list):
        return [_scrub(item, patterns, label) for item in value]
    return value


def _guard_lifted(on: bool) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('accounts.audit_erasure', %s, true)", ["on" if on else "off"]
            )
