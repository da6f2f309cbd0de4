"""Matching policies in the admin: the weights and minimum score a run uses."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from matching.models import MatchPolicy


@admin.register(MatchPolicy)
class MatchPolicyAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "is_default",
        "min_score",
        "weight_skills",
        "weight_goals",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["name", "is_default", "min_score"]}),
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
