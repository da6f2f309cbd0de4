"""A privacy notice and the programme's contact address, in reach from every page."""

import os
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def test_anyone_reads_the_privacy_notice_with_links_to_download_or_delete_their_data(client, db):
    response = client.get(reverse("accounts:privacy_notice"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "What we keep" in page and "Who sees it" in page
    assert f'href="{reverse("accounts:data_export")}"' in page
    assert f'href="{reverse("accounts:account_delete")}"' in page


def test_every_page_footer_links_the_privacy_notice_and_the_programmes_address(
    client, alice_client, settings, db
):
    settings.PROGRAMME_CONTACT_EMAIL = "hello@coop-mentoring.example"
    for c, name in [
        (client, "home"),
        (client, "account_login"),
        (alice_client, "accounts:profile"),
    ]:
        footer = c.get(reverse(name)).content.decode().split("<footer", 1)[1]
        assert f'href="{reverse("accounts:privacy_notice")}"' in footer, name
        assert 'href="mailto:hello@coop-mentoring.example"' in footer, name


def _setting(**environ: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PROGRAMME_CONTACT_EMAIL"}
    env.update(DJANGO_SETTINGS_MODULE="mentorship.settings", DEBUG="1", **environ)
    code = "import django; django.setup(); from django.conf import settings as s; print(s.PROGRAMME_CONTACT_EMAIL)"
    return subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True
    )


def test_the_contact_address_comes_from_the_environment_or_else_the_senders_address():
    assert _setting(PROGRAMME_CONTACT_EMAIL="team@example.org").stdout.strip() == "team@example.org"
    fallback = _setting(DEFAULT_FROM_EMAIL="Co-op Mentoring <send@example.org>")
    assert fallback.stdout.strip() == "send@example.org"


def test_a_malformed_contact_address_stops_the_site_from_starting():
    result = _setting(PROGRAMME_CONTACT_EMAIL="not an address")
    assert result.returncode != 0
    assert "PROGRAMME_CONTACT_EMAIL must be an email address" in result.stderr
