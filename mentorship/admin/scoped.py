"""An admin whose lists, forms and choosers show only the programmes the coordinator runs.

Every admin of programme-owned rows names `programme_path`, the lookup from its model to the
programme; `mentorship.selectors.scopes.scoped` does the narrowing, as it does for pages.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import ForeignKey, QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest

from mentorship.models import Cohort, Programme
from mentorship.selectors import scopes


class ProgrammeScopedAdmin(admin.ModelAdmin):
    programme_path: str = "cohort__programme"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return scopes.scoped(super().get_queryset(request), request.user, self.programme_path)

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        # A coordinator picks only among their own programmes' cohorts.
        if db_field.related_model is Cohort:
            kwargs["queryset"] = scopes.scoped(Cohort.objects.all(), request.user, "programme")
        elif db_field.related_model is Programme:
            kwargs["queryset"] = scopes.programmes_for(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
