"""Every column a coordinator's admin list filters or sorts on by default has an index.

Read from the admin's own configuration, so a filter added later without an index fails here
rather than as a slow page at 20,000 members. Custom filters (SimpleListFilter subclasses) say
which field they filter on with a `field_path` attribute, as the stock filters do.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.db import connection, models
from django.db.models.constants import LOOKUP_SEP

from tests.performance.admins import own_model_admins

# Where an index on the column itself would not help, and why.
NOT_NEEDED = {
    ("accounts_language", "name"): "a reference list of a few dozen languages",
    ("mentorship_concern", "handled_at"): "the partial index concern_open serves open concerns",
    ("mentorship_programme", "kind"): "a site runs a handful of programmes",
    ("mentorship_programme", "status"): "a site runs a handful of programmes",
    ("mentorship_programme", "name"): "a site runs a handful of programmes",
    ("mentorship_cohort", "applications_open_on"): "a few cohorts a programme, a few a year",
}


def _too_coarse(field: models.Field) -> bool:
    """A filter on a yes/no column, or a choice of two, reads a large share of the table
    whichever value is picked, so PostgreSQL scans it with or without an index."""
    return isinstance(field, models.BooleanField) or 0 < len(field.choices or ()) <= 2


def _final_field(model: type[models.Model], path: str) -> models.Field | None:
    """The concrete column `path` (a__b__c) ends on, or None for a relation ending on a pk."""
    *hops, last = path.split(LOOKUP_SEP)
    for name in hops:
        model = model._meta.get_field(name).related_model
    field = model._meta.get_field(last)
    if field.many_to_many or field.one_to_many:
        return None  # joins through a relation: the far side's key is indexed
    if getattr(field, "one_to_one", False) and not field.concrete:
        return None  # the reverse side of a one-to-one
    return field


def _indexed_columns(table: str) -> set[str]:
    """Columns that lead some index (or key) on `table`."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return {
        found["columns"][0]
        for found in constraints.values()
        if found["columns"] and (found["index"] or found["unique"] or found["primary_key"])
    }


def _paths(model_admin: admin.ModelAdmin) -> list[str]:
    paths: list[str] = []
    for item in model_admin.list_filter:
        if isinstance(item, str):
            paths.append(item)
        elif isinstance(item, (list, tuple)):
            paths.append(item[0])
        elif getattr(item, "field_path", None):
            paths.append(item.field_path)
    ordering = model_admin.ordering or model_admin.model._meta.ordering or []
    paths += [o.lstrip("-") for o in ordering if isinstance(o, str) and o.lstrip("-") != "pk"]
    if model_admin.date_hierarchy:
        paths.append(model_admin.date_hierarchy)
    return paths


def _columns_to_check() -> list[tuple[str, models.Field]]:
    found = []
    for model, model_admin in own_model_admins():
        for path in _paths(model_admin):
            field = _final_field(model, path)
            if field is None or _too_coarse(field):
                continue
            if (field.model._meta.db_table, field.column) not in NOT_NEEDED:
                found.append((f"{model.__name__}Admin: {path}", field))
    return found


@pytest.mark.django_db
def test_every_filtered_or_sorted_admin_column_leads_an_index():
    unindexed = [
        f"{where} ({field.model._meta.db_table}.{field.column})"
        for where, field in _columns_to_check()
        if field.column not in _indexed_columns(field.model._meta.db_table)
    ]
    assert not unindexed, "no index for:\n" + "\n".join(unindexed)


@pytest.mark.django_db
def test_the_index_reader_tells_an_indexed_column_from_a_plain_one():
    columns = _indexed_columns("accounts_memberprofile")
    assert {"id", "user_id", "region", "role"} <= columns
    assert "bio" not in columns


def test_the_check_reads_filters_of_every_kind():
    # Plain names, (name, filter) pairs and custom filters with a field_path all count.
    checked = {where for where, _ in _columns_to_check()}
    assert any(where.startswith("UserAdmin: profile__region") for where in checked)
    assert "MentorshipAdmin: status" in checked
    assert "UserAdmin: profile__role" in checked  # RoleFilter, a custom filter
