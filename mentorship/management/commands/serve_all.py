import os
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from accounts import demo
from mentorship.demo.programmes import COORDINATORS

PROCFILE = Path(settings.BASE_DIR) / "Procfile"


def site_url_for(addr: str) -> str:
    """The address to put in links for a server listening on `addr` (host:port): one that
    listens on every interface is reached on this machine as 127.0.0.1."""
    host, _, port = addr.rpartition(":")
    if host in {"0.0.0.0", "", "[::]"}:  # noqa: S104 (naming the wildcard, not binding to it)
        host = "127.0.0.1"
    return f"http://{host}:{port}"


def honcho_command() -> list[str]:
    """honcho, from the same environment as this Python, running the Procfile's processes."""
    return [sys.executable, "-m", "honcho", "--procfile", str(PROCFILE), "start"]


class Command(BaseCommand):
    help = (
        "Run the web server, a Celery worker and Celery beat together (the Procfile, through "
        "honcho), for trying the site on one machine (`make run` calls it). Ctrl-C stops all three."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--addr",
            default="127.0.0.1:8000",
            help="host:port (or port) for the web server; links in emails point there (SITE_URL)",
        )

    def handle(self, *args: object, addr: str, **options: object) -> None:
        addr = addr if ":" in addr else f"127.0.0.1:{addr}"
        site_url = site_url_for(addr)
        # Web, worker and beat all write links into emails: each must know where the site is.
        env = {**os.environ, "SITE_URL": site_url, "ADDR": addr, "PYTHON": sys.executable}
        programme_coordinators = ", ".join(who.email for who in COORDINATORS.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"\nThe site is at {site_url}/\n"
                f"Coordinator login: {demo.COORDINATOR_EMAIL} / {demo.COORDINATOR_PASSWORD}"
                " (lead: every programme)\n"
                f"One programme each, same password: {programme_coordinators}\n"
                f"Demo members: any *@{demo.DEMO_DOMAIN} address in the admin, password "
                f"{demo.DEMO_PASSWORD}\nMail is written to var/mail/. Press Ctrl-C to stop.\n"
            )
        )
        self.stdout.flush()
        # honcho takes over this process: Ctrl-C reaches it, and it stops all three.
        command = honcho_command()
        os.execve(command[0], command, env)  # noqa: S606 (our own Python, no shell)
