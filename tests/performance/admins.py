"""The project's own admins, as the admin checks in this folder read them."""

from __future__ import annotations

from collections.abc import Iterator

from django.contrib import admin
from django.db import models

# The tables of allauth's MFA and Celery beat hold a row per coordinator or per scheduled job;
# only these apps' lists and forms grow with the programme.
OWN_APPS = {"accounts", "matching", "mentorship"}


def own_model_admins() -> Iterator[tuple[type[models.Model], admin.ModelAdmin]]:
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label in OWN_APPS:
            yield model, model_admin
