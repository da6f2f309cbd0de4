"""Browser journeys: Debian's Chromium driven by Playwright against pytest-django's live server.

One browser for the session, a fresh context and page for every test. Each test leaves a
screenshot of its last page (the failing page when it fails) under ARTIFACTS, printed at the end.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.db import connections
from django.urls import reverse
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

from tests.conftest import _service_missing

# Playwright's sync API keeps an event loop running in the test thread, so Django believes every
# ORM call from a test is made from async code. Tests here are synchronous: let them through.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts" / "e2e"
# Pages come from a server in this process: anything slower than this is a failure, not a wait.
TIMEOUT_MS = 10_000

_screenshots: list[Path] = []


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator:
    """Keep each phase's report on the test item, so fixtures can tell whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _screenshots:
        terminalreporter.write_sep("-", "browser screenshots")
        terminalreporter.write_line(f"{len(_screenshots)} screenshots in {ARTIFACTS}")
        for shot in _screenshots:
            if shot.stem.endswith("FAILED"):
                terminalreporter.write_line(f"failing page: {shot}")


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    if not CHROMIUM.exists():
        _service_missing(f"Chromium ({CHROMIUM})")
    # Django keeps database connections in thread-local storage, but in a thread where an event
    # loop runs (as Playwright's now does) it switches to per-context storage and opens new ones.
    # Tests would then write through one connection while the live server reads through
    # another: with SQLite in memory they see different data. Keep this thread's connections.
    thread_connections = {alias: connections[alias] for alias in connections}
    with sync_playwright() as driver:
        for alias, connection in thread_connections.items():
            connections[alias] = connection
        expect.set_options(timeout=TIMEOUT_MS)
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext, request: pytest.FixtureRequest) -> Iterator[Page]:
    page = context.new_page()
    yield page
    reports = [getattr(request.node, f"report_{when}", None) for when in ("setup", "call")]
    failed = any(report is not None and report.failed for report in reports)
    _save_screenshot(page, request.node.name, failed=failed)


def _save_screenshot(page: Page, test_name: str, *, failed: bool) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^\w.-]+", "-", test_name).strip("-")
    path = ARTIFACTS / f"{stem}{'-FAILED' if failed else ''}.png"
    stale = ARTIFACTS / f"{stem}{'' if failed else '-FAILED'}.png"
    stale.unlink(missing_ok=True)
    if page.is_closed():
        return
    page.screenshot(path=path, full_page=True)
    _screenshots.append(path)


@pytest.fixture
def url(live_server) -> Callable[..., str]:
    """The live server's address of a named URL: url("mentorship:dashboard")."""

    def absolute(name: str, *args: object) -> str:
        return live_server.url + reverse(name, args=args)

    return absolute
