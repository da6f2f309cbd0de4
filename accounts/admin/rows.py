"""A change list's rows rendered as Django's admin renders them, with the work that is the same
for every row done once per page.

Django's `items_for_result` works out again, for every cell of every row, how an empty value
shows and whether the column links, builds each row's change link with a `reverse()` (and, when
filters are on, a `resolve()` to carry them), finds the boolean icons' static URLs, and yields
each cell on its own for the template to join. On the members list (50 rows of 7 columns) that
was about half the page's CPU. Here each row is one string, its cells worked out exactly as
Django works them out (tests/performance/test_admin_rows.py compares the two), and a list this
does not cover (editable rows, a popup choosing a related object) gets Django's own rows.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any
from urllib.parse import quote as url_quote

from django.contrib.admin.templatetags.admin_list import (
    ResultList,
    result_headers,
    result_hidden_fields,
    results,
)
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import display_for_field, display_for_value, lookup_field, quote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Model
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.html import conditional_escape, format_html
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import SafeString, mark_safe

# A column read for one row: (what the cell shows, its class attribute), given whether it links.
_Reader = Callable[[Model, bool], tuple[Any, str]]

# Stands in for the primary key in the one change link reversed per page (no key looks like it).
_PK = "pk-0f3c9a"


def result_list(cl: ChangeList) -> dict[str, Any]:
    """The context of admin/change_list_results.html, as Django's `result_list` tag makes it."""
    headers = list(result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": list(result_hidden_fields(cl)),
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "results": _rows(cl),
    }


def _rows(cl: ChangeList) -> list[ResultList]:
    if cl.formset or cl.is_popup or cl.to_field:
        return list(results(cl))
    row = _Row(cl)
    # One item a row: the template writes <tr>{% for item in result %}{{ item }}{% endfor %}</tr>.
    return [ResultList(None, [row.render(result)]) for result in cl.result_list]


class _Row:
    """What a page's rows have in common, worked out from its first row on; `render` a row."""

    def __init__(self, cl: ChangeList) -> None:
        self.cl = cl
        self.model_admin = cl.model_admin
        self.empty_value_display = cl.model_admin.get_empty_value_display()
        self.columns = [
            (name, f"field-{_column_name(name, index)}")
            for index, name in enumerate(cl.list_display)
        ]
        # Each column's reader, chosen on the first row: (cell content, class attribute).
        self.readers: list[_Reader] = []
        self.icons: dict[tuple[type, Any], str] = {}
        self.change_url: Callable[[Model], str | None] | None = None

    def render(self, result: Model) -> SafeString:
        if not self.readers:
            self.readers = [self._reader(result, name, classes) for name, classes in self.columns]
        cells = []
        first = True
        for (field_name, _), read in zip(self.columns, self.readers, strict=True):
            links = self._links(first, field_name)
            shown, classes = read(result, links)
            if links:
                tag = "th" if first else "td"
                first = False
                url = self._change_url(result)
                if url is not None:
                    shown = format_html('<a href="{}">{}</a>', url, shown)
                cells.append(f'<{tag} class="{classes}">{conditional_escape(shown)}</{tag}>')
            else:
                cells.append(f'<td class="{classes}">{conditional_escape(shown)}</td>')
        return mark_safe("".join(cells))  # noqa: S308 (every value above is escaped)

    def _links(self, first: bool, field_name: Any) -> bool:
        links = self.cl.list_display_links
        if links is None:
            return False
        return (first and not links) or field_name in links

    def _reader(self, sample: Model, field_name: Any, classes: str) -> _Reader:
        """A quick reader for the common kinds of column (a text, yes/no or date-and-time field,
        a method of the admin), found from one row; any other column is read as Django reads
        it, cell by cell."""

        def each(result: Model, links: bool) -> tuple[Any, str]:
            return self._cell(result, field_name, classes, links)

        try:
            field, attr, _ = lookup_field(field_name, sample, self.model_admin)
        except ObjectDoesNotExist:
            return each
        empty = self.empty_value_display
        if field is None:
            plain_method = (
                isinstance(field_name, str)
                and field_name != "action_checkbox"
                and getattr(attr, "__self__", None) is self.model_admin
                and not hasattr(attr, "boolean")
                and not hasattr(attr, "empty_value_display")
            )
            return self._method_reader(attr, classes) if plain_method else each
        if field.auto_created or field.remote_field or getattr(field, "flatchoices", None):
            return each
        name = field_name
        if isinstance(field, models.BooleanField):
            return lambda result, _: (self._icon(getattr(result, name)), classes)
        if isinstance(field, models.DateTimeField):
            dated = f"{classes} nowrap"

            def read_date(result: Model, _: bool) -> tuple[Any, str]:
                value = getattr(result, name)
                if value is None:
                    return empty, dated
                return formats.localize(timezone.template_localtime(value)), dated

            return read_date
        # Of the text fields, only a URL shows as anything but its text.
        if isinstance(field, (models.CharField, models.TextField)) and not isinstance(
            field, models.URLField
        ):

            def read_text(result: Model, _: bool) -> tuple[Any, str]:
                value = getattr(result, name)
                return (value if value and value.strip() else empty), classes

            return read_text
        return each

    def _method_reader(self, method: Callable[[Model], Any], classes: str) -> _Reader:
        empty = self.empty_value_display

        def read(result: Model, _: bool) -> tuple[Any, str]:
            value = method(result)
            if isinstance(value, str) and value.strip() == "":
                value = ""
            shown = display_for_value(value, empty)
            if isinstance(value, (datetime.date, datetime.time)):
                return shown, f"{classes} nowrap"
            return shown, classes

        return read

    def _cell(self, result: Model, field_name: Any, classes: str, links: bool) -> tuple[Any, str]:
        """The cell's content and its class attribute, as in Django's `items_for_result`."""
        empty = self.empty_value_display
        try:
            field, attr, value = lookup_field(field_name, result, self.model_admin)
        except ObjectDoesNotExist:
            return empty, classes
        empty = getattr(attr, "empty_value_display", empty)
        if isinstance(value, str) and value.strip() == "":
            value = ""
        if field is None or field.auto_created:
            if field_name == "action_checkbox":
                classes = "action-checkbox"
            boolean = getattr(attr, "boolean", False)
            if isinstance(attr, property) and hasattr(attr, "fget"):
                boolean = getattr(attr.fget, "boolean", False)
            shown = self._icon(value) if boolean else display_for_value(value, empty)
            if isinstance(value, (datetime.date, datetime.time)):
                classes += " nowrap"
            return shown, classes
        if isinstance(field.remote_field, models.ManyToOneRel):
            related = getattr(result, field.name)
            shown = empty if related is None else related
        elif isinstance(field, models.BooleanField) and not getattr(field, "flatchoices", None):
            shown = self._icon(value)
        else:
            shown = display_for_field(value, field, empty, avoid_link=links)
        if isinstance(field, (models.DateField, models.TimeField, models.ForeignKey)):
            classes += " nowrap"
        return shown, classes

    def _icon(self, value: Any) -> str:
        # The same two or three icons on every row; each costs a static-files lookup.
        key = (type(value), value)
        if key not in self.icons:
            self.icons[key] = display_for_value(value, "", boolean=True)
        return self.icons[key]

    def _change_url(self, result: Model) -> str | None:
        if self.change_url is None:
            self.change_url = self._change_url_maker()
        return self.change_url(result)

    def _change_url_maker(self) -> Callable[[Model], str | None]:
        """Each row's change link with the page's filters: reversed and resolved once, with a
        stand-in for the key, when the list's links are the stock ones."""
        cl = self.cl
        context = {"preserved_filters": cl.preserved_filters, "opts": cl.opts}

        def each(result: Model) -> str | None:
            try:
                return add_preserved_filters(context, cl.url_for_result(result))
            except NoReverseMatch:
                return None

        if type(cl).url_for_result is not ChangeList.url_for_result:
            return each
        name = f"admin:{cl.opts.app_label}_{cl.opts.model_name}_change"
        try:
            url = reverse(name, args=(_PK,), current_app=cl.model_admin.admin_site.name)
        except NoReverseMatch:
            return each
        before, found, after = add_preserved_filters(context, url).partition(_PK)
        if not found or _PK in after:
            return each
        # reverse() quotes the admin-quoted key as it quotes any argument.
        safe = RFC3986_SUBDELIMS + "/~:@"
        return lambda result: (
            f"{before}{url_quote(str(quote(getattr(result, cl.pk_attname))), safe=safe)}{after}"
        )


def _column_name(name: Any, index: int) -> str:
    """The column's CSS name: a callable's name (lambdas by position), as Django names it."""
    if callable(name):
        return f"lambda{index}" if name.__name__ == "<lambda>" else name.__name__
    return name
