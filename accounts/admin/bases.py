"""Admin building blocks for every app: a read-only ModelAdmin, a read-only inline, and a list
filter over a choices field reached through a relation. mentorship and matching use them too."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records the services write and coordinators only read: nobody adds, changes or deletes
    them in the admin.

    `viewable_with`, a permission ("app.codename"), also lets whoever holds it read them, besides
    the model's own view permission (e.g. hours records for anyone who may view mentorships).
    """

    viewable_with: str = ""

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


class ReadOnlyTabularInline(admin.TabularInline):
    """Rows listed under their parent for reading: every one of `fields` is read-only, and no
    row is added or deleted here."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return list(self.fields or ())

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ChoicesListFilter(admin.SimpleListFilter):
    """A list filter offering the values of a choices field across a relation, under a short
    parameter (the stock ChoicesFieldListFilter would name the whole path, `a__b__exact`).

    Subclasses set `title`, `parameter_name`, `field_path` (the lookup filtered on; the admin
    index test reads it too) and `field_choices` (a TextChoices' `.choices`).
    """

    field_path: str
    field_choices: list[tuple[str, Any]]

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return list(self.field_choices)

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(**{self.field_path: self.value()}) if self.value() else queryset
