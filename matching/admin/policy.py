"""Matching policies in the admin: the weights and minimum score a run uses.

A policy is the site's (leads keep those) or one programme's own, which that programme's
coordinators may tune; `scopes` narrows the list as for every programme-owned row.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import ForeignKey
from django.forms import ModelChoiceField
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from matching.models import MatchPolicy
from mentorship.admin.scoped import ProgrammeScopedAdmin
from mentorship.selectors import scopes


@admin.register(MatchPolicy)
class MatchPolicyAdmin(ProgrammeScopedAdmin):
    programme_path = "programme"
    list_display = [
        "name",
        "programme",
        "is_default",
        "min_score",
        "weight_skills",
        "weight_goals",
        "updated_at",
    ]
    list_select_related = ["programme"]
    fieldsets = [
        (None, {"fields": ["name", "programme", "is_default", "min_score"]}),
        (
            _("Weights (relative; they need not add up to 1)"),
            {
                "fields": [
                    "weight_skills",
                    "weight_goals",
                    "weight_experience",
                    "weight_region",
                    "weight_availability",
                    "weight_sector",
                    "same_category_credit",
                ]
            },
        ),
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # Only a lead chooses the site's default, which every other programme's runs use.
        return [] if scopes.is_lead(request.user) else ["is_default"]

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and db_field.name == "programme":
            # A programme coordinator's policy is always one of their programmes' own.
            field.required = not scopes.is_lead(request.user)
        return field
