"""The site's form renderer draws Django's widgets exactly as Django's templates do."""

from __future__ import annotations

import importlib
import pkgutil
from datetime import UTC, date, datetime

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils import translation

from mentorship.project.form_renderer import DRAWN, SiteFormRenderer

TRICKY = 'Fish & "chips" <b>bold</b> \u2019s'


def _site_form_classes() -> list[type[forms.BaseForm]]:
    """Every form class defined in the site's own packages."""
    for package in ("accounts", "mentorship", "matching"):
        module = importlib.import_module(package)
        for info in pkgutil.walk_packages(module.__path__, package + "."):
            if "migrations" not in info.name and "management" not in info.name:
                importlib.import_module(info.name)
    found, queue = [], [forms.BaseForm]
    while queue:
        for sub in queue.pop().__subclasses__():
            queue.append(sub)
            if sub.__module__.split(".")[0] in ("accounts", "mentorship", "matching"):
                found.append(sub)
    return found


WIDGETS: list[tuple[str, forms.Widget, object]] = [
    ("text", forms.TextInput(attrs={"class": "form-control", "maxlength": 80}), TRICKY),
    ("text, empty", forms.TextInput(), None),
    ("text, flags", forms.TextInput(attrs={"required": True, "disabled": False}), ""),
    ("number", forms.NumberInput(attrs={"min": 0, "step": "0.5"}), 12.5),
    ("email", forms.EmailInput(), "a@example.org"),
    ("url", forms.URLInput(), "https://example.org/?a=1&b=2"),
    ("password", forms.PasswordInput(render_value=True), TRICKY),
    ("hidden", forms.HiddenInput(), 7),
    ("date", forms.DateInput(attrs={"type": "date"}), date(2026, 12, 6)),
    (
        "datetime",
        forms.DateTimeInput(attrs={"type": "datetime-local"}),
        datetime(2026, 12, 6, 9, tzinfo=UTC),
    ),
    ("time", forms.TimeInput(), "09:30"),
    ("checkbox", forms.CheckboxInput(), True),
    ("checkbox, off", forms.CheckboxInput(attrs={"class": "form-check-input"}), False),
    ("textarea", forms.Textarea(attrs={"rows": 3}), TRICKY + "\nline two"),
    ("textarea, empty", forms.Textarea(), ""),
    (
        "select",
        forms.Select(choices=[("", "---"), ("a", TRICKY), (3, "Three"), ("x", "Ex")]),
        "a",
    ),
    (
        "select, grouped",
        forms.Select(choices=[("Group <1>", [(1, "One"), (2, "Two")]), ("z", "Zed")]),
        2,
    ),
    ("select multiple", forms.SelectMultiple(choices=[(1, "One"), (2, "Two")]), [1, 2]),
    ("null boolean", forms.NullBooleanSelect(), None),
]


def _both(widget: forms.Widget, value: object, name: str = "field") -> tuple[str, str]:
    attrs = {"id": "id_" + name}
    return (
        widget.render(name, value, attrs, renderer=SiteFormRenderer()),
        widget.render(name, value, attrs, renderer=TemplatesSetting()),
    )


@pytest.mark.parametrize("language", ["en-gb", "cy"])
@pytest.mark.parametrize(("label", "widget", "value"), WIDGETS, ids=[w[0] for w in WIDGETS])
def test_each_widget_kind_is_drawn_as_its_template_draws_it(label, widget, value, language):
    with translation.override(language):
        drawn, templated = _both(widget, value)
    assert drawn == templated


def test_the_renderer_draws_the_widget_kinds_it_claims_without_the_templates(monkeypatch):
    renderer = SiteFormRenderer()
    renderer._directly_drawn()
    monkeypatch.setattr(
        TemplatesSetting, "render", lambda *a, **k: pytest.fail("went to the templates")
    )
    html = forms.Select(choices=[(1, "One")]).render("f", 1, renderer=renderer)
    assert html == '<select name="f">\n  <option value="1" selected>One</option>\n\n</select>'
    assert forms.TextInput().render("f", "x", renderer=renderer) == (
        '<input type="text" name="f" value="x">'
    )
    assert len(DRAWN) >= 16


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en-gb", "cy"])
def test_every_field_of_every_site_form_is_drawn_as_the_templates_draw_it(language):
    compared = 0
    with translation.override(language):
        for form_class in _site_form_classes():
            try:
                form = form_class()
            except TypeError:
                continue  # needs arguments of its own; its widgets are the kinds above
            for bound in form:
                widget = bound.field.widget
                # A choice widget is drawn with its own value: a made-up one would not resolve.
                values = [bound.value()] + ([] if hasattr(widget, "choices") else [TRICKY])
                for value in values:
                    attrs = bound.build_widget_attrs({"id": bound.auto_id or "x"})
                    site = widget.render(bound.html_name, value, attrs, SiteFormRenderer())
                    django = widget.render(bound.html_name, value, attrs, TemplatesSetting())
                    assert site == django, (form_class, bound.name, value)
                    compared += 1
    assert compared > 100


def test_a_widget_template_overridden_by_the_site_is_honoured(monkeypatch):
    renderer = SiteFormRenderer()
    monkeypatch.setattr(
        SiteFormRenderer, "_is_djangos", lambda self, name: not name.endswith("textarea.html")
    )
    drawn = renderer._directly_drawn()
    assert "django/forms/widgets/textarea.html" not in drawn
    assert "django/forms/widgets/text.html" in drawn
