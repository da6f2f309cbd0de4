"""crispy-forms' bootstrap5 field wrapper, built in Python for the common fields.

`{{ field|as_crispy_field }}` renders `templates/bootstrap5/field.html` and three included
templates for every field, which together cost several times what the field's widget does. For
a plain input, textarea, select, checkbox, radio buttons or a hidden field on a form without a
FormHelper, this builds the same HTML byte for byte: every literal below is the whitespace those
templates leave between their tags, and every value is printed as `{{ }}` prints it. The widget
itself is rendered as always, through the site's form renderer (mentorship/project/
form_renderer.py, which writes Django's stock widget templates out directly).

`handles` says no to anything else (checkbox lists, files, multi-widgets, other fieldsets, a form
with a helper) and the caller renders crispy's template. tests/mentorship/test_crispy_fields.py
compares the two for every form the site renders through crispy, and tests/conftest.py for every
rendering in the suite, so an upgrade of crispy or Django, or a change to the field template,
that this does not follow fails there.
"""

from __future__ import annotations

from crispy_forms.templatetags import crispy_forms_filters
from crispy_forms.templatetags.crispy_forms_utils import remove_spaces
from django import forms
from django.conf import settings
from django.forms import widgets
from django.forms.boundfield import BoundField
from django.template.loader import get_template
from django.utils import formats
from django.utils.safestring import SafeString, mark_safe

from mentorship.project.form_renderer import attributes, printed

ASTERISK = '<span class="asteriskField" aria-hidden="true">*</span>'

# Each field's template text ends the same way.
_CONTROL_TAIL = "\n                    \n                \n            \n        \n        \n    </div>\n    \n\n"
_CHECKBOX_TAIL = (
    "\n            \n        \n        \n    </div>\n    \n        \n        </div>\n    \n\n"
)


def _assembled(html: str) -> SafeString:
    # Every value in it went through printed(), the widget's own rendering or crispy's templates, but
    # help text: crispy prints it with |safe, so the site's help texts must be safe to print.
    return mark_safe(html)  # noqa: S308


def handles(field: object) -> bool:
    """Whether `render_field` builds this field (otherwise crispy's template must)."""
    if not isinstance(field, BoundField) or getattr(field.form, "helper", None) is not None:
        return False
    widget = field.field.widget
    if widget.is_hidden:
        return True
    # Multi-widgets and wrappers get crispy's class on each inner widget; checkbox lists, files
    # and other fieldsets have templates of their own.
    if hasattr(widget, "widgets") or hasattr(widget, "widget"):
        return False
    if widget.use_fieldset and not isinstance(widget, forms.RadioSelect):
        return False
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.FileInput):
        return False
    return isinstance(
        widget,
        widgets.Input | forms.Textarea | forms.Select | forms.CheckboxInput | forms.RadioSelect,
    )


def _widget(field: BoundField, classes: str) -> str:
    """The widget with crispy's classes, as `{% crispy_field field 'class' classes %}` gives it.

    crispy writes the classes into the widget's own attrs (the form's copy of the widget), so a
    second rendering of the field finds them already there; this does the same, so that anything
    rendering the field afterwards sees what it would have seen after crispy.
    """
    widget = field.field.widget
    class_name = type(widget).__name__.lower()
    class_name = getattr(settings, "CRISPY_CLASS_CONVERTERS", {}).get(class_name, class_name)
    css_class = widget.attrs.get("class", "")
    if not css_class:
        css_class = class_name
    elif css_class.find(class_name) == -1:
        css_class += " " + class_name
    present = css_class.split()
    for name in classes.split():
        if name not in present:
            css_class += " " + name
            present.append(name)
    widget.attrs["class"] = css_class
    return str(field)  # the widget, through the site's form renderer


def _help_text_and_errors(field: BoundField, auto_id: str) -> str:
    """bootstrap5/layout/help_text_and_errors.html, errors as a block, help text after them."""
    return f"\n\n\n    {_errors(field, auto_id)}\n\n\n\n    {_help_text(field, auto_id)}\n\n"


def _errors(field: BoundField, auto_id: str) -> str:
    """bootstrap5/layout/field_errors_block.html."""
    errors = field.errors
    if not errors:
        return "\n"
    items = "".join(
        f'\n        <p id="error_{number}_{auto_id}"><strong>{printed(error)}</strong></p>\n    '
        for number, error in enumerate(errors, start=1)
    )
    field_id = printed(getattr(errors, "field_id", None))
    return (
        f'\n    <div id="{field_id}_error" class="invalid-feedback">\n    {items}\n    </div>\n\n'
    )


def _help_text(field: BoundField, auto_id: str) -> str:
    """bootstrap5/layout/help_text.html, not inline."""
    if not field.help_text:
        return "\n"
    id_attr = f'id="{auto_id}_helptext" ' if auto_id else ""
    return f'\n    \n        <div {id_attr}class="form-text">{field.help_text}</div>\n    \n\n'


def render_field(field: BoundField) -> SafeString:
    """templates/bootstrap5/field.html for a field `handles` accepts, as |as_crispy_field gives it."""
    if field.field.widget.is_hidden:
        return _assembled(f"\n\n\n\n    {field}\n\n")
    auto_id = printed(field.auto_id)
    required = field.field.required
    css = field.css_classes()
    wrapper_css = f" {printed(css)}" if css else ""
    label = field.label
    if isinstance(field.field.widget, forms.CheckboxInput):
        return _assembled(_checkbox(field, auto_id, required, wrapper_css))
    if isinstance(field.field.widget, forms.RadioSelect):
        return _assembled(_radios(field, auto_id, required, wrapper_css))
    parts = [f'\n\n\n\n    \n    <div id="div_{auto_id}" class="mb-3{wrapper_css}">\n        ']
    if label:
        id_for_label = field.id_for_label
        for_attr = f'for="{printed(id_for_label)}"' if id_for_label else ""
        parts.append(
            f"\n            \n            <label\n                {for_attr}"
            f' class="form-label{" requiredField" if required else ""}">\n'
            f"                {printed(label)}{ASTERISK if required else ''}\n            </label>\n        "
        )
    invalid = " is-invalid" if field.errors else ""
    if isinstance(field.field.widget, forms.Select):
        control = (
            "\n                        \n                            "
            f"{_widget(field, 'form-select' + invalid)}\n                        \n                    "
        )
    else:
        control = f"\n                        {_widget(field, 'form-control' + invalid)}\n                    "
    parts.append(
        "\n\n        \n\n        \n            \n                \n                    "
        f"{control}\n                    \n                        "
        f"{_help_text_and_errors(field, auto_id)}{_CONTROL_TAIL}"
    )
    return _assembled("".join(parts))


def _checkbox(field: BoundField, auto_id: str, required: bool, wrapper_css: str) -> str:
    invalid = " is-invalid" if field.errors else ""
    control = _widget(field, "form-check-input" + invalid)
    return (
        '\n\n\n\n    \n        <div class="mb-3">\n        \n    \n'
        f'    <div id="div_{auto_id}" class="form-check{wrapper_css}">\n        \n\n        \n\n'
        "        \n            \n                    \n                        "
        f"{control}\n                    \n"
        f'                <label for="{printed(field.id_for_label)}" class="form-check-label'
        f'{" requiredField" if required else ""}">\n'
        f"                    {printed(field.label)}{ASTERISK if required else ''}\n"
        f"                </label>\n                {_help_text_and_errors(field, auto_id)}"
        f"{_CHECKBOX_TAIL}"
    )


def render_form(form: forms.BaseForm) -> SafeString:
    """bootstrap5/uni_form.html, as `{{ form|crispy }}` gives it: each field through
    `render_field` where it can, crispy's field template where not."""
    context = {
        "field_class": "",
        "field_template": "bootstrap5/field.html",
        "form_show_errors": True,
        "form_show_labels": True,
        "label_class": "",
        "form": form,
    }
    errors = "\n"
    if form.non_field_errors():
        errors = get_template("bootstrap5/errors.html").render(context)
    fields = []
    for field in form:
        if handles(field):
            fields.append(f"\n        {render_field(field)}\n    ")
        else:
            html = get_template("bootstrap5/field.html").render({**context, "field": field})
            fields.append(f"\n        {html}\n    ")
    content = f"\n    \n    \n        {errors}\n    \n    {''.join(fields)}\n"
    return _assembled(f"\n\n{remove_spaces(content.strip())}\n")


def _radios(field: BoundField, auto_id: str, required: bool, wrapper_css: str) -> str:
    """field.html for radio buttons: a fieldset and legend around
    bootstrap5/layout/radio_checkbox_select.html. crispy writes the inputs itself, from the
    widget's options, and leaves the widget's attrs alone."""
    label = field.label
    html = [f'\n\n\n\n    \n    <div id="div_{auto_id}" class="mb-3{wrapper_css}">\n        ']
    if label:
        described = field.aria_describedby
        described_attr = f' aria-describedby="{printed(described)}"' if described else ""
        id_for_label = field.id_for_label
        for_attr = f'for="{printed(id_for_label)}"' if id_for_label else ""
        html.append(
            f"\n            <fieldset{described_attr}>\n            <legend\n                {for_attr}"
            f' class="form-label{" requiredField" if required else ""} fs-6">\n'
            f"                {printed(label)}{ASTERISK if required else ''}\n            </legend>\n        "
        )
    html.append(
        f"\n\n        \n            {_radio_options(field, auto_id)}\n        \n\n        \n        "
    )
    html.append("</fieldset>" if label else "")
    html.append("\n    </div>\n    \n\n")
    return "".join(html)


def _radio_options(field: BoundField, auto_id: str) -> str:
    """bootstrap5/layout/radio_checkbox_select.html, not inline, without a field class."""
    invalid = " is-invalid" if field.errors else ""
    name = printed(field.html_name)
    groups = crispy_forms_filters.optgroups(field)
    html = ["\n\n\n<div >\n\n    "]
    for group_number, (group, options, _index) in enumerate(groups, start=1):
        html.append(f"\n    {f'<strong>{printed(group)}</strong>' if group else ''}\n    ")
        for number, option in enumerate(options, start=1):
            last = number == len(options) and group_number == len(groups)
            errors = (
                f"\n            {_errors(field, auto_id)}\n        " if invalid and last else ""
            )
            html.append(
                '\n      <div class="form-check">\n'
                f'        <input type="{printed(option["type"])}" class="form-check-input{invalid}"'
                f'  name="{name}" value="{_unlocalized(option["value"])}" {attributes(option["attrs"])}>\n'
                f'        <label for="{printed(option["attrs"].get("id", ""))}" class="form-check-label">\n'
                f"            {_unlocalized(option['label'])}\n        </label>\n        {errors}\n"
                "     </div>\n    "
            )
        html.append("\n    ")
    html.append(f"\n\n</div>\n\n{_help_text(field, auto_id)}\n")
    return "".join(html)


def _unlocalized(value: object) -> str:
    """`{{ value|unlocalize }}` in a template."""
    return printed(str(formats.localize(value, use_l10n=False)))
