from django.core.management.base import BaseCommand, CommandParser

from accounts import demo


class Command(BaseCommand):
    help = (
        "Fill the database with a believable demo programme (run after migrate, on a demo or "
        "development site only). Running it again adds nothing that is already there."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--members", type=int, default=120, help="how many members (default 120)"
        )
        parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")

    def handle(self, *args: object, members: int, seed: int, **options: object) -> None:
        if members < 0:
            self.stderr.write("--members must be 0 or more")
            raise SystemExit(2)
        summary = demo.demo_programme_create(members=members, seed=seed)
        self.stdout.write(
            f"Demo programme: {summary.created} members created, {summary.existing} already there. "
            f"Coordinator login: {demo.COORDINATOR_EMAIL} / {demo.COORDINATOR_PASSWORD}"
        )
