"""The Welsh catalogue: current with the source, compiled, complete and faithful to the English.

A Welsh page with English patches in it (or a sentence that lost its %(name)s) is what these
guard against. They need GNU gettext (`apt-get install gettext`), as `make messages` does.
"""

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import allauth
import django.contrib.auth
import pytest
from django.conf import settings
from django.utils import translation

from tests.conftest import _service_missing

ROOT = Path(settings.BASE_DIR)
OWN = ROOT / "locale" / "cy" / "LC_MESSAGES" / "django.po"
# Welsh for strings of packages that ship none: allauth's pages and Django's password rules.
PACKAGES = ROOT / "locale" / "packages" / "cy" / "LC_MESSAGES" / "django.po"
# Each package's English catalogue, and where the strings on this site's pages come from in it
# (msggrep's `*` stops at a `/`, hence a pattern per depth). allauth: accounts and two-factor,
# with their emails and messages; not the social, identity-provider or session apps, which are
# not installed.
ALLAUTH_PARTS = tuple(
    f"{base}{'/*' * depth}/*"
    for base in ("account", "templates/account", "mfa", "templates/mfa", "templates/allauth")
    for depth in range(4)
)
PACKAGE_STRINGS = {
    Path(allauth.__file__).parent: ALLAUTH_PARTS,
    Path(django.contrib.auth.__file__).parent: ("contrib/auth/password_validation.py",),
}
CATALOGUES = [pytest.param(OWN, id="site"), pytest.param(PACKAGES, id="packages")]
# Placeholders and markup that a translation must carry over unchanged.
KEPT = re.compile(r"%\(\w+\)[sdfr]|%[sd]|\{\w*\}|</?[a-z][^>]*>")


@pytest.fixture(scope="module")
def gettext_tools() -> None:
    tools = ("msgfmt", "msgcmp", "msggrep", "msgcat", "xgettext")
    if not all(shutil.which(tool) for tool in tools):
        _service_missing("GNU gettext (msgfmt, msgcmp, msggrep, msgcat, xgettext)")


def _run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "mentorship.settings", "DEBUG": "1"}
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env)


def _compiled(path: Path) -> dict:
    with path.open("rb") as file:
        return gettext.GNUTranslations(file)._catalog


def _same_strings(catalogue: Path, source: Path, fix: str) -> None:
    """The two catalogues hold the same strings, translated or not."""
    missing = _run("msgcmp", "--use-untranslated", "--use-fuzzy", str(catalogue), str(source))
    assert missing.returncode == 0, f"{fix}: new strings\n{missing.stderr}"
    stale = _run("msgcmp", "--use-untranslated", "--use-fuzzy", str(source), str(catalogue))
    assert stale.returncode == 0, f"{fix}: strings gone from the source\n{stale.stderr}"


def test_the_site_catalogue_lists_every_string_of_the_source_and_no_stale_ones(
    gettext_tools, tmp_path
):
    """`make messages` on a copy of the source must find nothing the catalogue lacks."""
    for part in ("accounts", "mentorship", "matching", "templates", "locale", "manage.py"):
        copy = shutil.copytree if (ROOT / part).is_dir() else shutil.copy
        copy(ROOT / part, tmp_path / part)
    made = _run(
        sys.executable, "manage.py", "makemessages", "--locale", "cy", "--no-obsolete",
        "--ignore", "var/*", cwd=tmp_path,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    _same_strings(
        OWN, tmp_path / "locale" / "cy" / "LC_MESSAGES" / "django.po", "run `make messages`"
    )


def test_the_package_catalogue_matches_the_installed_packages(gettext_tools, tmp_path):
    """After an upgrade this says which of a package's strings on our pages are new or gone."""
    picked = []
    for package, parts in PACKAGE_STRINGS.items():
        english = package / "locale" / "en" / "LC_MESSAGES" / "django.po"
        picked.append(tmp_path / f"{package.name}.po")
        found = _run("msggrep", *[arg for part in parts for arg in ("-N", part)], str(english),
                     "-o", str(picked[-1]))  # fmt: skip
        assert found.returncode == 0, found.stderr
    joined = _run("msgcat", *map(str, picked), "-o", str(tmp_path / "wanted.po"))
    assert joined.returncode == 0, joined.stderr
    _same_strings(PACKAGES, tmp_path / "wanted.po", "update locale/packages (README, Languages)")


@pytest.mark.parametrize("catalogue", CATALOGUES)
def test_every_string_has_its_welsh_and_keeps_its_format(gettext_tools, tmp_path, catalogue):
    checked = _run(
        "msgfmt", "--check", "--statistics", "-o", str(tmp_path / "django.mo"), str(catalogue)
    )
    assert checked.returncode == 0, checked.stderr
    # "N translated messages." and nothing untranslated or fuzzy, nor any warning.
    assert re.fullmatch(r"\d+ translated messages\.\n", checked.stderr), checked.stderr
    assert int(checked.stderr.split()[0]) > 200


@pytest.mark.parametrize("catalogue", CATALOGUES)
def test_the_committed_compiled_catalogue_is_the_current_one(gettext_tools, tmp_path, catalogue):
    fresh = tmp_path / "django.mo"
    assert _run("msgfmt", "-o", str(fresh), str(catalogue)).returncode == 0
    compiled = catalogue.with_suffix(".mo")
    assert _compiled(compiled) == _compiled(fresh), "run `make messages` to compile it"


@pytest.mark.parametrize("catalogue", CATALOGUES)
def test_each_translation_carries_over_placeholders_and_markup(catalogue):
    broken = []
    for key, welsh in _compiled(catalogue.with_suffix(".mo")).items():
        english = key[0] if isinstance(key, tuple) else key
        english = english.split("\x04")[-1]  # after a context, if there is one
        if not english:
            continue  # the header
        if isinstance(key, tuple):  # a plural form may leave out the number; the English plural
            # (not in the compiled catalogue) may name it where the singular does not
            ok = set(KEPT.findall(welsh)) <= set(KEPT.findall(english)) | {"%(n)s", "%(count)s"}
        else:
            ok = sorted(KEPT.findall(welsh)) == sorted(KEPT.findall(english))
        if not ok:
            broken.append(f"{english!r} -> {welsh!r}")
    assert not broken, "\n".join(broken)


def test_the_site_loads_both_catalogues(db):
    with translation.override("cy"):
        assert translation.gettext("Co-op Mentoring") == "Mentora Cydweithredol"
        assert translation.gettext("Dashboard") != "Dashboard"
        assert translation.pgettext("field label", "Login") != "Login"  # from allauth's pages
        assert translation.gettext("This password is too common.") != "This password is too common."
