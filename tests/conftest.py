"""The fixed cast of the test suite, and checks that real services are there when needed.

alice is a mentee, bob a mentor, carol a co-founder of alice's enterprise group, dave a member of
another pair, and coordinator a staff member in the Coordinators group.
"""

from __future__ import annotations

import os
import socket
from urllib.parse import urlparse

import hypothesis
import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from mentorship.project import crispy_fields
from tests import crispy_check, factories

# Hypothesis: in CI the same examples every run (seeded from each test), so a failure is
# reproducible and a green run means the same thing twice; elsewhere new examples every run, to
# find what CI does not. No deadline in either: database tests' timings vary with the machine.
# A failure found either way is kept in its test as an @example. HYPOTHESIS_PROFILE overrides.
# Both from Hypothesis's defaults: with CI in the environment at all, it loads its own "ci" first.
_DEFAULTS = hypothesis.settings.get_profile("default")
hypothesis.settings.register_profile(
    "ci", _DEFAULTS, derandomize=True, max_examples=40, deadline=None, print_blob=True
)
hypothesis.settings.register_profile(
    "dev", _DEFAULTS, derandomize=False, max_examples=40, deadline=None, print_blob=True
)
IN_CI = os.environ.get("CI", "").lower() not in {"", "0", "false", "no"}
hypothesis.settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if IN_CI else "dev"))

# In CI a test that needs PostgreSQL or Redis fails when the service is missing; locally it skips.
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES", "").lower() in {"1", "true", "yes"}


def _service_missing(what: str) -> None:
    if REQUIRE_SERVICES:
        pytest.fail(f"{what} is required (REQUIRE_SERVICES is set) but is not available")
    pytest.skip(f"{what} is not available")


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """allauth's rate limits live in the cache: each test starts with none used."""
    cache.clear()


@pytest.fixture(autouse=True)
def _site_language() -> None:
    """Each test starts in the site's language: a request in Welsh leaves Welsh active."""
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fast_crispy_renders_as_crispy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every field and form a test renders through the fast crispy filters is rendered by crispy
    too, and the two must be the same: the pages' tests check the fast path in every state they
    reach (errors, Welsh, prefixes), beyond the forms test_crispy_fields.py builds."""
    render_field, render_form = crispy_fields.render_field, crispy_fields.render_form

    def checked_field(field):
        fast, slow = crispy_check.field_both_ways(field, render_field)
        assert fast == slow, f"the fast crispy field differs from crispy's for {field.name}"
        return fast

    def checked_form(form):
        fast, slow = crispy_check.form_both_ways(form, render_form)
        assert fast == slow, f"the fast |crispy differs from crispy's for {type(form).__name__}"
        return fast

    monkeypatch.setattr(crispy_fields, "render_field", checked_field)
    monkeypatch.setattr(crispy_fields, "render_form", checked_form)


@pytest.fixture
def postgres() -> None:
    """Use in tests whose behaviour depends on PostgreSQL (row locks, constraints under load)."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        _service_missing("PostgreSQL (set DATABASE_URL)")


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        _service_missing("Redis (set REDIS_URL)")
    parsed = urlparse(url)
    try:
        socket.create_connection((parsed.hostname, parsed.port or 6379), timeout=2).close()
    except OSError:
        _service_missing(f"Redis at {url}")
    return url


@pytest.fixture
def alice(db):
    return factories.mentee(
        email="alice@example.org", name="Alice Ahmed", group_name="Riverside founders"
    )


@pytest.fixture
def bob(db):
    return factories.mentor(email="bob@example.org", name="Bob Bevan")


@pytest.fixture
def carol(alice):
    return factories.cofounder(of=alice, email="carol@example.org", name="Carol Cole")


@pytest.fixture
def dave(db):
    return factories.mentee(email="dave@example.org", name="Dave Dunn")


@pytest.fixture
def coordinator(db):
    return factories.coordinator(email="coordinator@example.org")


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def alice_client(alice) -> Client:
    return _client_for(alice)


@pytest.fixture
def bob_client(bob) -> Client:
    return _client_for(bob)


@pytest.fixture
def dave_client(dave) -> Client:
    return _client_for(dave)


@pytest.fixture
def coordinator_client(coordinator) -> Client:
    """Signed in with password and authenticator code, as coordinators must be."""
    return factories.mfa_login(Client(), coordinator)


@pytest.fixture
def carol_client(carol) -> Client:
    return _client_for(carol)


@pytest.fixture
def pair(alice, bob, carol, coordinator):
    """bob mentors alice's enterprise group (alice and carol); the mentorship is active."""
    return factories.mentorship(mentor=bob, mentee=alice, by=coordinator)


@pytest.fixture
def other_pair(dave, coordinator):
    """erin mentors dave: a pair that alice, bob and carol must never see into."""
    erin = factories.mentor(email="erin@example.org", name="Erin Evans")
    return factories.mentorship(mentor=erin, mentee=dave, by=coordinator)


@pytest.fixture
def deliver(mailoutbox):
    """Send every pending outbox email now, through the real sending code, into mailoutbox.

    Unit tests call this instead of running a worker; tests/notifications use a real worker."""
    from accounts import outbox

    def run() -> list:
        for email_id in outbox.outbox_due_ids():
            outbox.email_send(email_id)
        return mailoutbox

    return run
