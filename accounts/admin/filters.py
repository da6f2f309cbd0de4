"""List filters of the members list (the User changelist), and the way apps above accounts add
theirs to it: accounts cannot import them, so they register their filters here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.admin.bases import ChoicesListFilter
from accounts.models import Language, MemberProfile, User

_member_list_filters_from_other_apps: list[type[admin.ListFilter]] = []


def member_list_filter_register(list_filter: type[admin.ListFilter]) -> None:
    """Offer another app's filter on the members list, after the role filter, e.g. mentorship's
    "has a mentor". Called by that app's admin module, which Django imports after this one's."""
    if list_filter not in _member_list_filters_from_other_apps:
        _member_list_filters_from_other_apps.append(list_filter)


def member_list_filters_from_other_apps() -> list[type[admin.ListFilter]]:
    return list(_member_list_filters_from_other_apps)


class RoleFilter(ChoicesListFilter):
    title = _("role")
    parameter_name = "role"
    field_path = "profile__role"
    field_choices = MemberProfile.Role.choices


class LanguageFilter(admin.SimpleListFilter):
    """Members who meet in a language, tested with EXISTS: a join through the many-to-many table
    would make the admin add DISTINCT to the whole list, and the stock filter's choices scan every
    member's languages."""

    title = _("language")
    # The stock filter's parameter, so links made before keep working.
    parameter_name = "profile__languages__code__exact"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(language.code, str(language)) for language in Language.objects.all()]

    def queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> QuerySet[User]:
        if not self.value():
            return queryset
        speaks = MemberProfile.languages.through.objects.filter(
            memberprofile__user=OuterRef("pk"), language_id=self.value()
        )
        return queryset.filter(Exists(speaks))


class RegionFilter(admin.AllValuesFieldListFilter):
    """The stock region filter, with its choices read by hopping along the region index (one
    probe per distinct region) instead of sorting every member's region."""

    def __init__(self, field: Any, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().__init__(field, request, *args, **kwargs)
        table = connection.ops.quote_name(MemberProfile._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH RECURSIVE r(region) AS (SELECT MIN(region) FROM {table} UNION ALL "  # noqa: S608
                f"SELECT (SELECT MIN(region) FROM {table} WHERE region > r.region) FROM r "
                "WHERE r.region IS NOT NULL) SELECT region FROM r WHERE region IS NOT NULL"
            )
            self.lookup_choices = [row[0] for row in cursor.fetchall()]
