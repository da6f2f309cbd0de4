from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from mentorship.models import Mentorship, MentorshipTransition


class TransitionInline(admin.TabularInline):
    model = MentorshipTransition
    fields = ["at", "from_status", "to_status", "by", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Mentorship)
class MentorshipAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "origin", "created_at", "approved_at"]
    list_filter = ["status", "origin"]
    list_select_related = ["mentor", "mentee"]
    search_fields = ["mentor__email", "mentor__name", "mentee__display_name", "mentee__group_name"]
    # State changes go through the services (approval under Matching, Proposals), never a raw edit.
    readonly_fields = [
        "mentor",
        "mentee",
        "status",
        "origin",
        "created_at",
        "updated_at",
        "approved_at",
        "approved_by",
    ]
    inlines = [TransitionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
