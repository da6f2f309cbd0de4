"""`|as_crispy_field` and `|crispy` with crispy-forms' output at a fraction of its cost.

Load this instead of `crispy_forms_tags` where a template only uses the two filters: the same
names, the same HTML. Fields and forms that `mentorship.project.crispy_fields` does not build, and
any call with crispy's optional arguments, go to crispy's own filters.
"""

from __future__ import annotations

from crispy_forms.templatetags import crispy_forms_filters
from crispy_forms.utils import TEMPLATE_PACK
from django import forms, template
from django.utils.safestring import SafeString

from mentorship.project import crispy_fields

register = template.Library()


@register.filter
def as_crispy_field(field: forms.BoundField, template_pack: str = TEMPLATE_PACK) -> SafeString:
    """A field in crispy's bootstrap5 wrapper: label, control, errors and help text."""
    if template_pack == "bootstrap5" and crispy_fields.handles(field):
        return crispy_fields.render_field(field)
    return crispy_forms_filters.as_crispy_field(field, template_pack)


@register.filter
def crispy(form: forms.BaseForm, template_pack: str = TEMPLATE_PACK) -> SafeString:
    """A whole form, as crispy's `|crispy` filter gives it (without a FormHelper's layout)."""
    if template_pack == "bootstrap5" and isinstance(form, forms.BaseForm):
        return crispy_fields.render_form(form)
    return crispy_forms_filters.as_crispy_form(form, template_pack)
