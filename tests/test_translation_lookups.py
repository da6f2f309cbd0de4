"""The compacted translations answer every message exactly as Django's own objects do."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import trans_real

from mentorship.project.translations import (
    catalogues_fold,
    fallbacks_prune,
    site_translations_compact,
)

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def _chain(found: trans_real.DjangoTranslation) -> list:
    chain, current = [], found
    while current is not None:
        chain.append(current)
        current = current._fallback
    return chain


def _messages(found: trans_real.DjangoTranslation) -> tuple[set[str], set[str]]:
    """Every msgid anywhere in the translation's chain: singular ones and plural ones."""
    singular, plural = set(), set()
    for catalogue in _chain(found):
        for key in catalogue._catalog.keys():  # noqa: SIM118 (Django's catalogue has no __iter__)
            if isinstance(key, tuple):
                plural.add(key[0])
            elif key:
                singular.add(key)
    return singular, plural


def _answers(found: trans_real.DjangoTranslation, singular, plural) -> dict:
    answers = {message: found.gettext(message) for message in singular}
    answers["a message no catalogue holds"] = found.gettext("a message no catalogue holds")
    for message in plural:
        for n in (0, 1, 2, 3, 6, 11):
            answers[(message, n)] = found.ngettext(message, message + " (plural)", n)
    for n in (1, 2):
        answers[("no catalogue holds %d", n)] = found.ngettext(
            "no catalogue holds %d", "none hold %d", n
        )
    return answers


@pytest.mark.parametrize("code", LANGUAGES)
def test_compacting_changes_no_answer(code: str) -> None:
    found = trans_real.DjangoTranslation(code)  # a fresh one, not the process's compacted one
    singular, plural = _messages(found)
    assert len(singular) > 100 and plural
    before = _answers(found, singular, plural)

    fallbacks_prune(found)
    catalogues_fold(found)

    assert _answers(found, singular, plural) == before


def test_british_english_walks_no_empty_catalogue() -> None:
    found = trans_real.DjangoTranslation(settings.LANGUAGE_CODE)
    chained = len(_chain(found))
    assert chained > 1  # Django's en_GB catalogues bring their empty en ones along

    assert fallbacks_prune(found) == chained - 1
    assert len(_chain(found)) == 1
    assert catalogues_fold(found) == 1


def test_welsh_still_falls_back_to_english() -> None:
    found = trans_real.DjangoTranslation("cy")
    fallbacks_prune(found)
    assert isinstance(found._fallback, trans_real.DjangoTranslation)


def test_each_language_of_the_site_is_compacted(monkeypatch: pytest.MonkeyPatch) -> None:
    """What the mentorship app's ready() does for each process."""
    monkeypatch.setattr(trans_real, "_translations", {})
    site_translations_compact()
    for code in LANGUAGES:
        active = trans_real.translation(code)
        assert len(active._catalog._catalogs) == 1
        with translation.override(code):
            assert translation.gettext("Save") == active.gettext("Save")
    assert len(_chain(trans_real.translation(settings.LANGUAGE_CODE))) == 1
