"""The words members describe themselves with: the languages they meet in, the skills they
offer or want (the taxonomy coordinators manage; seeded from accounts.skill_taxonomy)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Language(models.Model):
    """A language members can meet in, by its ISO 639 code."""

    code = models.CharField(max_length=12, primary_key=True)
    name = models.CharField(max_length=60)
    native_name = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        if self.native_name and self.native_name != self.name:
            return f"{self.name} ({self.native_name})"
        return self.name


class Skill(models.Model):
    """One entry of the skills taxonomy that coordinators manage."""

    name = models.CharField(max_length=80, unique=True)
    category = models.CharField(max_length=60, db_index=True)
    synonyms = models.CharField(
        max_length=400, blank=True, help_text=_("Other names for this skill, separated by commas.")
    )

    class Meta:
        ordering = ["category", "name"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the reader's language. The seeded taxonomy's names are in the Welsh
        catalogue; a skill a coordinator adds shows as they typed it."""
        return gettext(self.name)

    @property
    def category_label(self) -> str:
        return gettext(self.category)

    @property
    def synonym_list(self) -> list[str]:
        return [s.strip() for s in self.synonyms.split(",") if s.strip()]
