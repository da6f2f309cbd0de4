import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand, CommandParser

from accounts import demo


class Command(BaseCommand):
    help = (
        "Run the web server, a Celery worker and Celery beat together, for trying the site on one "
        "machine (`make run` calls it). Ctrl-C stops all three."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--addr", default="127.0.0.1:8000", help="host:port for the web server")

    def handle(self, *args: object, addr: str, **options: object) -> None:
        python = sys.executable
        commands = {
            "web": [python, "manage.py", "runserver", addr, "--noreload"],
            "worker": [python, "-m", "celery", "-A", "mentorship", "worker", "--loglevel=INFO",
                       "--concurrency=2"],
            "beat": [python, "-m", "celery", "-A", "mentorship", "beat", "--loglevel=INFO"],
        }  # fmt: skip
        processes = {name: subprocess.Popen(cmd) for name, cmd in commands.items()}  # noqa: S603
        self.stdout.write(
            self.style.SUCCESS(
                f"\nThe site is at http://{addr}/\n"
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
