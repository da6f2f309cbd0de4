"""The Account menu reaches every settings page (templates/accounts/_settings_links.html)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

SETTINGS_PAGES = [
    "account_email",
    "account_change_password",
    "mfa_index",
    "accounts:notifications",
    "accounts:language",
    "accounts:data_export",
    "accounts:account_delete",
]


class _MenuLinks(HTMLParser):
    """The hrefs inside the element with id="account-menu"'s following list (the dropdown)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self._depth = 0  # >0 while inside the dropdown's <ul>
        self._toggle_seen = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id") == "account-menu":
            self._toggle_seen = True
        elif tag == "ul" and self._toggle_seen and not self._depth:
            self._depth = 1
        elif tag == "ul" and self._depth:
            self._depth += 1
        elif tag == "a" and self._depth and attributes.get("href"):
            self.links.append(attributes["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "ul" and self._depth:
            self._depth -= 1
            if not self._depth:
                self._toggle_seen = False


def _menu_links(html: str) -> list[str]:
    parser = _MenuLinks()
    parser.feed(html)
    return parser.links


@pytest.mark.parametrize("start", ["mentorship:dashboard", "account_email", "accounts:profile"])
def test_the_account_menu_on_any_page_links_every_settings_page(alice_client, pair, start):
    page = alice_client.get(reverse(start))
    assert page.status_code == 200

    links = _menu_links(page.content.decode())

    assert links == [reverse(name) for name in SETTINGS_PAGES]


def test_each_page_of_the_account_menu_opens(alice_client, pair):
    links = _menu_links(alice_client.get(reverse("mentorship:dashboard")).content.decode())
    assert len(links) == len(SETTINGS_PAGES)

    for link in links:
        assert alice_client.get(link).status_code == 200, link


def test_allauth_settings_pages_show_the_settings_list_too(alice_client, pair):
    page = alice_client.get(reverse("account_change_password")).content.decode()

    assert 'aria-label="Account settings"' in page
    assert reverse("accounts:notifications") in page.split('aria-label="Account settings"')[1]


def test_the_language_page_switches_the_language(alice, alice_client):
    page = alice_client.get(reverse("accounts:language"))
    assert page.status_code == 200 and 'value="cy"' in page.content.decode()

    alice_client.post(reverse("accounts:language"), {"language": "cy", "next": "/"})

    alice.refresh_from_db()
    assert alice.language == "cy"
