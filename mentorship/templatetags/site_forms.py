"""Template helpers shared by the site's forms."""

import copy

from django import forms, template

register = template.Library()


@register.filter
def has_required_field(form: forms.BaseForm | None) -> bool:
    """Whether any field the member sees must be filled in (and so carries the * marker)."""
    # Anything else (a template without a form gives None or "") has no fields to explain.
    if not isinstance(form, forms.BaseForm):
        return False
    return any(field.field.required for field in form.visible_fields())


@register.filter
def ids_for(form: forms.BaseForm, key: object) -> forms.BaseForm:
    """The same unbound form with ids of its own (`id_<field>_<form>_<key>`, e.g.
    `id_note_confirm_7`), for a page that shows it once per row: each label then points at its
    own field, and two kinds of form on one page never share an id. Field names stay the same."""
    clone = copy.copy(form)
    kind = type(form).__name__.lower().removesuffix("form")
    clone.auto_id = f"id_%s_{kind}_{key}"
    clone._bound_fields_cache = {}
    return clone
