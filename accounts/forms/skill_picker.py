"""The skill picker: skills as checkboxes grouped by category, with a filter box that also
matches synonyms. The profile form and the session log's topics use it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django import forms
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from accounts.forms.fields import RowsChoiceField
from accounts.models import Skill


class SkillPicker(forms.CheckboxSelectMultiple):
    """Skills as checkboxes grouped by category, with a filter box that also matches synonyms."""

    template_name = "accounts/widgets/skill_picker.html"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.search_terms: dict[str, str] = {}
        # Set by skill_picker_fill: reads the terms when the picker is drawn, not before.
        self.search_terms_source: Callable[[], dict[str, str]] | None = None

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        option["search_terms"] = self.search_terms.get(str(option["value"]), "")
        return option

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        """With nothing ticked, the picker's markup depends only on what the key below holds, so
        each process draws it once (a hundred-odd options cost several milliseconds) and keeps it.
        The key holds the skills themselves, so an edited taxonomy is simply a new key."""
        if self.search_terms_source is not None:
            self.search_terms = self.search_terms_source()
        if ticked := self.format_value(value):
            self.choices = _ticked_first(list(self.choices), set(ticked))
            return super().render(name, value, attrs, renderer)
        self.choices = list(self.choices)  # one query, shared by the key and a first render
        key = (
            type(self),
            get_language(),
            name,
            tuple(sorted((k, str(v)) for k, v in self.build_attrs(self.attrs, attrs).items())),
            _choices_key(self.choices),
            tuple(sorted(self.search_terms.items())),
        )
        html = _UNTICKED_PICKERS.get(key)
        if html is None:
            html = super().render(name, value, attrs, renderer)
            if len(_UNTICKED_PICKERS) >= _UNTICKED_PICKERS_MAX:
                _UNTICKED_PICKERS.clear()
            _UNTICKED_PICKERS[key] = html
        return html


# Rendered unticked pickers by everything they depend on; a few per language and form.
_UNTICKED_PICKERS: dict[tuple[Any, ...], SafeString] = {}
_UNTICKED_PICKERS_MAX = 64


def _ticked_first(choices: list[Any], ticked: set[str]) -> list[Any]:
    """The member's own skills before the rest: categories holding a ticked skill first, and
    in each category its ticked skills first; otherwise the taxonomy's order is kept."""

    def holds_ticked(choice: tuple[Any, Any]) -> bool:
        value, label = choice
        if isinstance(label, (list, tuple)):
            return any(holds_ticked(option) for option in label)
        return str(value) in ticked

    def ordered(choice: tuple[Any, Any]) -> tuple[Any, Any]:
        value, label = choice
        if isinstance(label, (list, tuple)):
            return value, sorted(label, key=lambda option: not holds_ticked(option))
        return choice

    return sorted((ordered(choice) for choice in choices), key=lambda c: not holds_ticked(c))


def _choices_key(choices: list[Any]) -> tuple[Any, ...]:
    """The choices as plain strings, groups included, so they can be part of a cache key."""
    return tuple(
        (str(value), tuple((str(v), str(lbl)) for v, lbl in label))
        if isinstance(label, (list, tuple))
        else (str(value), str(label))
        for value, label in choices
    )


@dataclass(frozen=True)
class _Taxonomy:
    """The skills grouped by category, in one language, and each skill's words to filter on."""

    choices: list[tuple[str, list[tuple[int, str]]]]
    search_terms: dict[str, str]


# Taxonomies by language and by the skills' own rows: a renamed or added skill is a new key.
_TAXONOMIES: dict[tuple[Any, ...], _Taxonomy] = {}
_TAXONOMIES_MAX = 16


def _taxonomy() -> _Taxonomy:
    """The taxonomy in the reader's language. The rows are read each time (one small query),
    but translating and grouping them, a few milliseconds, is done once per process for each
    language and version of the taxonomy."""
    rows = tuple(Skill.objects.values_list("pk", "name", "category", "synonyms"))
    key = (get_language(), rows)
    if (found := _TAXONOMIES.get(key)) is None:
        skills = [Skill(pk=pk, name=n, category=c, synonyms=syn) for pk, n, c, syn in rows]
        grouped: dict[str, list[tuple[int, str]]] = {}
        for skill in skills:
            grouped.setdefault(skill.category_label, []).append((skill.pk, skill.label))
        # Shown in the reader's language, found by the English names and synonyms too.
        terms = {
            str(s.pk): " ".join(
                dict.fromkeys([s.label, s.category_label, s.name, s.category, *s.synonym_list])
            ).lower()
            for s in skills
        }
        found = _Taxonomy(list(grouped.items()), terms)
        if len(_TAXONOMIES) >= _TAXONOMIES_MAX:
            _TAXONOMIES.clear()
        _TAXONOMIES[key] = found
    return found


def skill_picker_fill(*fields: forms.Field) -> None:
    """Give each SkillPicker field the taxonomy grouped by category, with each skill's name,
    category and synonyms to filter on. The skills are read once, when the first picker is
    drawn: a form that is only validated (against the field's queryset) never reads them."""

    @cache
    def taxonomy() -> _Taxonomy:
        return _taxonomy()

    for field in fields:
        field.choices = lambda: taxonomy().choices
        field.widget.search_terms_source = lambda: taxonomy().search_terms


def skills_field(label: str, help_text: str = "") -> RowsChoiceField:
    """An optional choice of skills from the taxonomy, drawn as a SkillPicker; call
    skill_picker_fill on it in the form's __init__."""
    return RowsChoiceField(
        queryset=Skill.objects.all(),
        required=False,
        widget=SkillPicker,
        label=label,
        help_text=help_text,
    )
