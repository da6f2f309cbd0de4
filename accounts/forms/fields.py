"""Form fields that choose rows by key, for every form that takes ids from a request.

Django sends a posted id to the database as it reads it: past 64 bits SQLite refuses it with an
OverflowError (a 500), and the admin's search box looks up whatever a re-shown form holds, a word
included. These fields refuse such ids as unknown choices and never re-show them.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import connections, models


def _key_column(field: forms.ModelChoiceField) -> models.Field:
    meta = field.queryset.model._meta
    return meta.get_field(field.to_field_name) if field.to_field_name else meta.pk


def _fits_key_column(field: forms.ModelChoiceField, value: Any) -> bool:
    """Whether `value` is a number the key column can hold. Anything that is not a number fits:
    the field's own checks refuse it without asking the database."""
    column = _key_column(field)
    if not isinstance(column, models.IntegerField):
        return True
    try:
        key = column.to_python(value)
    except ValidationError:
        return True
    ops = connections[field.queryset.db].ops
    low, high = ops.integer_field_range(column.get_internal_type())
    return key is None or low <= key <= high


def _is_key(field: forms.ModelChoiceField, value: Any) -> bool:
    try:
        _key_column(field).to_python(value)
    except ValidationError:
        return False
    return _fits_key_column(field, value)


def _refuse_beyond_key_column(field: forms.ModelChoiceField, value: Any) -> None:
    if not _fits_key_column(field, value):
        raise ValidationError(
            field.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
        )


class RowChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField that refuses a key its column cannot hold and never re-shows one."""

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values:
            _refuse_beyond_key_column(self, value)
        return super().to_python(value)

    def bound_data(self, data: Any, initial: Any) -> Any:
        return data if data in self.empty_values or _is_key(self, data) else None


class RowsChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that refuses keys their column cannot hold and never re-shows
    them."""

    def clean(self, value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            for item in value:
                _refuse_beyond_key_column(self, item)
        return super().clean(value)

    def bound_data(self, data: Any, initial: Any) -> Any:
        if not isinstance(data, (list, tuple)):
            return data
        return [item for item in data if _is_key(self, item)]
