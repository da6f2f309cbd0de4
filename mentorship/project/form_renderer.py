"""The site's form renderer: Django's widget templates, with the commonest drawn in Python.

Every input, text area and drop-down of a form goes through three or four small templates
(the widget's, input.html, attrs.html and one per option), and the template engine's cost per
tag makes them a large share of a form page: a quarter of the session log form. For the widgets
whose templates are Django's own and unchanged, this renderer writes the same markup directly,
character for character (tests/test_form_renderer.py compares the two for every widget kind it
draws); anything else, or any template the site overrides, goes to the templates as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.forms.renderers import TemplatesSetting
from django.http import HttpRequest
from django.template import Context
from django.template.base import render_value_in_context
from django.template.defaultfilters import stringformat
from django.utils.safestring import SafeData, SafeString, mark_safe

WIDGETS = "django/forms/widgets/"
INPUT_TEMPLATES = frozenset(
    WIDGETS + name + ".html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "checkbox",
        "search",
        "tel",
        "color",
    )
)
OPTION_TEMPLATE = WIDGETS + "select_option.html"

# What {{ value }} does in a template: local time, localisation and escaping, as Django's own.
_AS_TEMPLATE = Context(autoescape=True)


def printed(value: Any) -> str:
    """`{{ value }}` in a template: local time, localised, escaped unless already safe."""
    return render_value_in_context(value, _AS_TEMPLATE)


def printed_as_string(value: Any) -> str:
    """`{{ value|stringformat:'s' }}`: the filter keeps a safe value safe, as the engine does."""
    formatted = stringformat(value, "s")
    safe = isinstance(value, SafeData)
    return printed(mark_safe(formatted) if safe else formatted)  # noqa: S308 (safe already)


def attributes(attrs: dict[str, Any]) -> str:
    """django/forms/widgets/attrs.html."""
    return "".join(
        f" {printed(name)}" if value is True else f' {printed(name)}="{printed_as_string(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict[str, Any]) -> str:
    """input.html, which every plain input's template includes."""
    value = "" if widget["value"] is None else f' value="{printed_as_string(widget["value"])}"'
    return (
        f'<input type="{printed(widget["type"])}" name="{printed(widget["name"])}"{value}'
        f"{attributes(widget['attrs'])}>"
    )


def _textarea(widget: dict[str, Any]) -> str:
    value = printed(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{printed(widget["name"])}"{attributes(widget["attrs"])}>\n{value}</textarea>'


def _select(widget: dict[str, Any]) -> str | None:
    """select.html with select_option.html for each option; None if an option has a template
    of its own, for the templates to draw."""
    parts = [f'<select name="{printed(widget["name"])}"{attributes(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{printed(group_name)}">')
        for option in options:
            if option["template_name"] != OPTION_TEMPLATE:
                return None
            parts.append(
                f'\n  <option value="{printed_as_string(option["value"])}"'
                f"{attributes(option['attrs'])}>{printed(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


DRAWN: dict[str, Callable[[dict[str, Any]], str | None]] = {
    **dict.fromkeys(INPUT_TEMPLATES, _input),
    WIDGETS + "textarea.html": _textarea,
    WIDGETS + "select.html": _select,
}


class SiteFormRenderer(TemplatesSetting):
    """TemplatesSetting (widget templates may be overridden from templates/), drawing Django's
    own input, text area and drop-down templates directly when nobody has overridden them."""

    def __init__(self) -> None:
        super().__init__()
        self._drawn: dict[str, Callable[[dict[str, Any]], str | None]] | None = None

    def _directly_drawn(self) -> dict[str, Callable[[dict[str, Any]], str | None]]:
        """The widget templates this renderer may draw itself: those that resolve to Django's
        own files (so an override in templates/ is always honoured), looked up once."""
        if self._drawn is None:
            own = {"attrs.html", "input.html", "select_option.html"}
            needed = set(DRAWN) | {WIDGETS + name for name in own}
            overridden = {name for name in needed if not self._is_djangos(name)}
            self._drawn = (
                {}
                if overridden & {WIDGETS + name for name in own}
                else {name: draw for name, draw in DRAWN.items() if name not in overridden}
            )
        return self._drawn

    def _is_djangos(self, template_name: str) -> bool:
        origin = self.get_template(template_name).origin
        return "/django/forms/templates/" in str(origin.name).replace("\\", "/")

    def render(
        self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None
    ) -> str:
        draw = self._directly_drawn().get(template_name)
        if draw is not None and request is None and set(context) == {"widget"}:
            drawn = draw(context["widget"])
            if drawn is not None:
                return SafeString(drawn.strip())
        return super().render(template_name, context, request)
