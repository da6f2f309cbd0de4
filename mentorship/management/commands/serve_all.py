import os
import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand, CommandParser

from accounts import demo


def site_url_for(addr: str) -> str:
    """The address to put in links for a server listening on `addr` (host:port): one that
    listens on every interface is reached on this machine as 127.0.0.1."""
    host, _, port = addr.rpartition(":")
    if host in {"0.0.0.0", "", "[::]"}:  # noqa: S104 (naming the wildcard, not binding to it)
        host = "127.0.0.1"
    return f"http://{host}:{port}"


class Command(BaseCommand):
    help = (
        "Run the web server, a Celery worker and Celery beat together, for trying the site on one "
        "machine (`make run` calls it). Ctrl-C stops all three."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--addr",
            default="127.0.0.1:8000",
            help="host:port (or port) for the web server; links in emails point there (SITE_URL)",
        )

    def handle(self, *args: object, addr: str, **options: object) -> None:
        python = sys.executable
        addr = addr if ":" in addr else f"127.0.0.1:{addr}"
        site_url = site_url_for(addr)
        # Web, worker and beat all write links into emails: each must know where the site is.
        env = {**os.environ, "SITE_URL": site_url}
        commands = {
            "web": [python, "manage.py", "runserver", addr, "--noreload"],
            "worker": [python, "-m", "celery", "-A", "mentorship", "worker", "--loglevel=INFO",
                       "--concurrency=2"],
            "beat": [python, "-m", "celery", "-A", "mentorship", "beat", "--loglevel=INFO"],
        }  # fmt: skip
        processes = {name: subprocess.Popen(cmd, env=env) for name, cmd in commands.items()}  # noqa: S603
        self.stdout.write(
            self.style.SUCCESS(
                f"\nThe site is at {site_url}/\n"
                f"Coordinator login: {demo.COORDINATOR_EMAIL} / {demo.COORDINATOR_PASSWORD}\n"
                f"Demo members: any *@{demo.DEMO_DOMAIN} address in the admin, password "
                f"{demo.DEMO_PASSWORD}\nMail is written to var/mail/. Press Ctrl-C to stop.\n"
            )
        )
        signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt))
        try:
            while all(p.poll() is None for p in processes.values()):
                time.sleep(0.5)
            stopped = [name for name, p in processes.items() if p.poll() is not None]
            self.stderr.write(f"{', '.join(stopped)} stopped; stopping the others.")
        except KeyboardInterrupt:
            self.stdout.write("Stopping web, worker and beat...")
        finally:
            for process in processes.values():
                if process.poll() is None:
                    process.send_signal(signal.SIGINT)
            for process in processes.values():
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
