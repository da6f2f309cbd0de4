"""Renders a field or form both ways, fast and crispy's own, from the same starting state.

crispy writes its classes into the widget's attrs as it renders (and so does the fast path, to
match), so each rendering starts from the attrs the widgets had before the first, and both must
leave them the same.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from crispy_forms.templatetags import crispy_forms_filters
from django import forms

from mentorship.project import crispy_fields


def _widgets(fields: Iterable[forms.BoundField]) -> list[forms.Widget]:
    return [field.field.widget for field in fields]


def _both(
    widgets: list[forms.Widget], fast: Callable[[], str], slow: Callable[[], str]
) -> tuple[str, str]:
    before = [dict(widget.attrs) for widget in widgets]
    fast_html = fast()
    fast_attrs = [dict(widget.attrs) for widget in widgets]
    for widget, attrs in zip(widgets, before, strict=True):
        widget.attrs.clear()
        widget.attrs.update(attrs)
    slow_html = slow()
    assert fast_attrs == [widget.attrs for widget in widgets], "widget attrs differ afterwards"
    return fast_html, slow_html


def field_both_ways(
    field: forms.BoundField, render_field: Callable[[forms.BoundField], str] | None = None
) -> tuple[str, str]:
    """(render_field's HTML, crispy's |as_crispy_field HTML) for one field."""
    fast = render_field or crispy_fields.render_field
    return _both(
        _widgets([field]),
        lambda: fast(field),
        lambda: crispy_forms_filters.as_crispy_field(field),
    )


def form_both_ways(
    form: forms.BaseForm, render_form: Callable[[forms.BaseForm], str] | None = None
) -> tuple[str, str]:
    """(render_form's HTML, crispy's |crispy HTML) for a whole form."""
    fast = render_form or crispy_fields.render_form
    return _both(
        _widgets(form),
        lambda: fast(form),
        lambda: crispy_forms_filters.as_crispy_form(form),
    )
