"""The records coordinators read and nobody edits: the outbox's emails (failed ones can be sent
again) and the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts import outbox
from accounts.admin.bases import ReadOnlyAdmin
from accounts.models import AuditEntry, OutboundEmail


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "to", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", "kind"]
    search_fields = ["to", "subject", "key"]
    date_hierarchy = "created_at"
    actions = ["retry_selected"]
    readonly_fields = [f.name for f in OutboundEmail._meta.fields]
    PRIVATE_FIELDS = ("body_text", "body_html", "headers", "attachments")

    def get_fields(self, request: HttpRequest, obj: OutboundEmail | None = None) -> list[str]:
        fields = list(super().get_fields(request, obj))
        if obj is not None and obj.kind in outbox.PRIVATE_KINDS:
            return [f for f in fields if f not in self.PRIVATE_FIELDS]
        return fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Send the selected failed emails again"), permissions=["view"])
    def retry_selected(self, request: HttpRequest, queryset: QuerySet[OutboundEmail]) -> None:
        count = outbox.emails_retry(queryset.values_list("pk", flat=True))
        self.message_user(request, _("%(n)s email(s) queued again.") % {"n": count})


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """The audit log: readable by coordinators, writable by nobody (the services write it)."""

    list_display = ["created_at", "action", "actor_label", "target_label", "target_type"]
    list_filter = ["action", ("target_type", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["target_type"]
    search_fields = ["actor_label", "target_label", "target_id"]
    date_hierarchy = "created_at"
    fields = [
        "created_at",
        "action",
        "actor",
        "actor_label",
        "target_type",
        "target_id",
        "target_label",
        "details",
    ]
    actions = None
