"""No admin form draws a drop-down of a table that grows with the programme.

A plain <select> of members costs one query whatever the size, so the query budgets do not
see it, but at 20,000 members it is a megabyte of options on every change form. Such fields
must search as you type (autocomplete_fields), take an id (raw_id_fields) or be read-only.
"""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.admin.widgets import (
    AutocompleteSelect,
    AutocompleteSelectMultiple,
    ForeignKeyRawIdWidget,
    ManyToManyRawIdWidget,
)
from django.contrib.auth.models import Group, Permission
from django.test import RequestFactory

from accounts.models import Language, Skill
from matching.models import MatchPolicy
from mentorship.models import Programme
from tests.performance.admins import own_model_admins

# Lists that stay short however many members join: a drop-down of them is the right widget.
BOUNDED = {Skill, Language, Group, Permission, Programme, MatchPolicy}
SEARCHING = (AutocompleteSelect, AutocompleteSelectMultiple, ForeignKeyRawIdWidget,
             ManyToManyRawIdWidget)  # fmt: skip


def _forms(superuser):
    request = RequestFactory().get("/")
    request.user = superuser
    for model, model_admin in own_model_admins():
        # The change form, which coordinators open far more often than the add form; an unsaved
        # instance stands in for the object.
        obj = model()
        yield model.__name__, model_admin.get_form(request, obj, change=True), None
        if model_admin.has_add_permission(request):
            yield f"{model.__name__} (add)", model_admin.get_form(request), None
        for inline in model_admin.get_inline_instances(request, obj):
            formset = inline.get_formset(request, obj)
            # The link to the parent is replaced by a hidden field when the formset is built.
            yield f"{model.__name__} > {inline.model.__name__}", formset.form, formset.fk.name


def _drop_downs(
    form_class: type[forms.BaseForm], parent_link: str | None
) -> list[tuple[str, type]]:
    found = []
    for name, field in form_class.base_fields.items():
        if name == parent_link or not isinstance(field, forms.ModelChoiceField):
            continue
        widget = getattr(field.widget, "widget", field.widget)  # inside the add/change wrapper
        if not isinstance(widget, SEARCHING):
            found.append((name, field.queryset.model))
    return found


@pytest.mark.django_db
def test_no_admin_form_lists_a_growing_table_in_a_drop_down(django_user_model):
    superuser = django_user_model.objects.create_superuser("root@example.org", "pw-Xy7-long")
    offending = [
        f"{where}.{name} lists every {related.__name__}"
        for where, form_class, parent_link in _forms(superuser)
        for name, related in _drop_downs(form_class, parent_link)
        if related not in BOUNDED
    ]
    assert not offending, "\n".join(offending)


@pytest.mark.django_db
def test_the_check_sees_drop_downs_of_bounded_tables(django_user_model):
    # Drop-downs of short lists (a user's groups and permissions) are allowed, not unseen.
    superuser = django_user_model.objects.create_superuser("root@example.org", "pw-Xy7-long")
    seen = {
        related
        for _, form_class, parent_link in _forms(superuser)
        for _, related in _drop_downs(form_class, parent_link)
    }
    assert seen & BOUNDED
