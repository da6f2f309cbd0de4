"""The base every read-only mentorship admin shares."""

from typing import Any, ClassVar

from django.contrib import admin
from django.http import HttpRequest


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records members make; coordinators read them here and change them only through services.

    `viewable_with` names a further permission that also lets a user view the list (the hours
    records are read by whoever may view mentorships)."""

    viewable_with: ClassVar[str | None] = None

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if self.viewable_with and request.user.has_perm(self.viewable_with):
            return True
        return super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
