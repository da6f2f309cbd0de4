"""Template helpers shared by the site's forms."""

from django import forms, template

register = template.Library()


@register.filter
def has_required_field(form: forms.BaseForm | None) -> bool:
    """Whether any field the member sees must be filled in (and so carries the * marker)."""
    # Anything else (a template without a form gives None or "") has no fields to explain.
    if not isinstance(form, forms.BaseForm):
        return False
    return any(field.field.required for field in form.visible_fields())
