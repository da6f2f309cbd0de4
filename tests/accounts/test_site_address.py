"""allauth's emails name the programme and the address it is served on, not "example.com";
`serve_all --addr` and `make run PORT=` give that address to the web, worker and beat."""

from __future__ import annotations

import subprocess

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from mentorship.management.commands import serve_all
from tests import factories
from tests.test_deployment import ROOT


def test_allauth_emails_name_the_programme_and_its_address(client, db, settings):
    settings.SITE_URL = "https://mentoring.example.coop"
    member = factories.user(email="nia@example.org")

    client.post(reverse("account_reset_password"), {"email": member.email})

    body = mail.outbox[-1].body
    assert "example.com" not in body
    assert "Co-op Mentoring" in body and "mentoring.example.coop" in body


@pytest.mark.parametrize(
    ("addr", "listens_on", "site_url"),
    [
        ("127.0.0.1:8123", "127.0.0.1:8123", "http://127.0.0.1:8123"),
        ("0.0.0.0:9000", "0.0.0.0:9000", "http://127.0.0.1:9000"),
        ("8200", "127.0.0.1:8200", "http://127.0.0.1:8200"),
    ],
)
def test_serve_all_gives_web_worker_and_beat_the_address_it_serves_on(
    monkeypatch, addr, listens_on, site_url
):
    started: list[tuple[list[str], dict[str, str]]] = []
    monkeypatch.setattr(
        serve_all.os, "execve", lambda _path, argv, env: started.append((argv, env))
    )

    call_command("serve_all", "--addr", addr)

    [(argv, env)] = started
    assert argv[-3:] == ["--procfile", str(ROOT / "Procfile"), "start"]
    assert (env["SITE_URL"], env["ADDR"]) == (site_url, listens_on)


def test_make_run_serves_on_the_port_it_is_given():
    dry_run = subprocess.run(
        ["make", "-n", "run", "PORT=8123"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "serve_all --addr 127.0.0.1:8123" in dry_run.stdout
