"""The Content Security Policy: on every page, and no page needs what it forbids.

Scripts and styles come only from our own files (mentorship/project/csp.py), so no page may
carry an inline <script>, an on*= handler, a javascript: link or a style attribute. The pages are
the ones the axe test walks (every URL the resolver knows, as the member who sees it); a browser
test (tests/e2e/test_e2e_csp.py) checks that Chromium reports no violation.
"""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
from allauth.mfa.models import Authenticator
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse

from tests import factories
from tests.e2e.test_e2e_axe_pages import ADMIN_PAGES, PAGES, build_world

EXPECTED_DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'self'",
    "object-src": "'none'",
}


def directives(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    parts = [part.strip().split(" ", 1) for part in header.split(";") if part.strip()]
    return {name: value for name, value in parts}


class InlineCode(HTMLParser):
    """Everything in a page that a policy without 'unsafe-inline' would refuse."""

    # Data for a script to read, never run: allauth's pages pass their settings this way.
    DATA_TYPES = {"application/json"}

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and "src" not in values and values.get("type") not in self.DATA_TYPES:
            self.found.append(f"inline <script> at line {self.getpos()[0]}")
        if tag == "style":
            self.found.append(f"inline <style> at line {self.getpos()[0]}")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f'<{tag} {name}="{value}">')
            elif name == "style":
                self.found.append(f'<{tag} style="{value}">')
            elif name in {"href", "src", "action"} and (value or "").lower().startswith(
                "javascript:"
            ):
                self.found.append(f'<{tag} {name}="{value}">')


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def test_the_policy_is_on_member_pages(alice_client):
    response = alice_client.get(reverse("mentorship:dashboard"))
    assert directives(response) == EXPECTED_DIRECTIVES


def test_the_policy_is_on_allauth_pages(client, db):
    for name in ("account_login", "account_signup", "account_reset_password"):
        assert directives(client.get(reverse(name))) == EXPECTED_DIRECTIVES, name


def test_the_policy_is_on_admin_pages(coordinator_client):
    for name in ("admin:index", "admin:accounts_user_changelist", "admin:jsi18n"):
        assert directives(coordinator_client.get(reverse(name))) == EXPECTED_DIRECTIVES, name


def test_the_policy_is_on_error_pages(alice_client):
    response = alice_client.get("/no-such-page/")
    assert response.status_code == 404
    assert directives(response) == EXPECTED_DIRECTIVES


def test_the_parser_finds_each_kind_of_inline_code():
    html = (
        '<script>alert(1)</script><script src="/static/a.js"></script>'
        '<script type="application/json">{}</script><b onmouseover="x">'
        '<div style="width: 5%"></div><a href="javascript:go()">go</a><style>p{}</style>'
    )
    assert len(inline_code(html)) == 5


def client_for(world, who: str) -> Client:
    client = Client()
    user = world.people.get(who)
    if user is None:
        return client
    if Authenticator.objects.filter(user=user).exists():
        return factories.mfa_login(client, user)
    client.force_login(user)
    return client


def pages_as_their_visitors(world) -> Iterator[tuple[str, str, HttpResponse]]:
    """(URL name, path, final response) for every page the axe test checks, opened the same way."""
    clients: dict[str, Client] = {}
    for name, visit in PAGES.items():
        path = reverse(name, args=visit.args(world))
        if visit.who not in clients:
            clients[visit.who] = client_for(world, visit.who)
        client = clients[visit.who]
        if visit.at_sign_in:  # the code step of signing in: reached through the password step
            client = Client()
            client.post(
                reverse("account_login"),
                {"login": world.people[visit.who].email, "password": factories.PASSWORD},
            )
        response = client.get(path, follow=True)
        if visit.reauthenticate:  # allauth asks for the password first: a page too
            yield name, path, response
            response = client.post(
                response.wsgi_request.get_full_path(), {"password": factories.PASSWORD}, follow=True
            )
        assert visit.redirects or response.wsgi_request.path == path, f"{name} ({path}) moved"
        yield name, path, response
    admin = clients.get("coordinator_2fa") or client_for(world, "coordinator_2fa")
    for name, args in ADMIN_PAGES.items():
        path = reverse(name, args=args(world))
        yield name, path, admin.get(path)
    yield "404", "/no-such-page/", clients["mentee"].get("/no-such-page/")


@pytest.mark.django_db
def test_no_page_has_inline_scripts_handlers_or_style_attributes():
    problems, seen = {}, set()
    for name, path, response in pages_as_their_visitors(build_world()):
        assert response.status_code in (200, 404), f"{name} ({path}): {response.status_code}"
        seen.add(name)
        found = inline_code(response.content.decode())
        if found:
            problems[name] = found
    assert not problems, problems
    assert seen == PAGES.keys() | ADMIN_PAGES.keys() | {"404"}


def test_the_error_templates_have_no_inline_code(db):
    request = RequestFactory().get("/")
    for template in ("403.html", "404.html", "500.html"):
        assert inline_code(render_to_string(template, request=request)) == [], template
