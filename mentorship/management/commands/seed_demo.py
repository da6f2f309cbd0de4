import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts import demo as members_demo
from mentorship import demo as mentoring_demo
from mentorship.demo import programmes as demo_programmes

NEEDS_DEBUG = (
    "seed_demo makes a staff coordinator whose password is in the README: it runs only with "
    "DEBUG on. On a site that must have it (a benchmark), pass --allow-without-debug."
)


class Command(BaseCommand):
    help = (
        "Fill the database with believable demo programmes: members; a start-up, a peer and a "
        "reverse-mentoring programme, each with its own coordinator; mentorships with their "
        "sessions, goals and feedback; applications (run after migrate, on a demo, development or "
        "benchmark site only: it refuses without DEBUG unless --allow-without-debug is given). "
        "Running it again adds nothing that is already there."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--members", type=int, default=120, help="how many members (default 120)"
        )
        parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="run even with DEBUG off (a benchmark's production-like site; never a real one)",
        )

    def handle(
        self,
        *args: object,
        members: int,
        seed: int,
        allow_without_debug: bool = False,
        **options: object,
    ) -> None:
        if not settings.DEBUG and not allow_without_debug:
            raise CommandError(NEEDS_DEBUG)
        if members < 0:
            self.stderr.write("--members must be 0 or more")
            raise SystemExit(2)
        started = time.monotonic()
        people = members_demo.demo_programme_create(members=members, seed=seed)
        mentoring = mentoring_demo.demo_mentoring_create(seed=seed)
        self.stdout.write(
            f"Demo programmes: {people.created} members created, {people.existing} already "
            f"there; {mentoring.mentorships} mentorships, {mentoring.sessions} sessions, "
            f"{mentoring.goals} goals, {mentoring.goal_updates} goal updates, "
            f"{mentoring.feedback} feedback, {mentoring.enrolments} enrolments created in "
            f"{time.monotonic() - started:.1f} s. "
            f"Coordinator login: {members_demo.COORDINATOR_EMAIL} / "
            f"{members_demo.COORDINATOR_PASSWORD}"
            + (
                f", then the authenticator code {settings.MFA_TOTP_INSECURE_BYPASS_CODE}"
                if settings.MFA_TOTP_INSECURE_BYPASS_CODE
                else ""
            )
            + " (lead coordinator: every programme)."
        )
        for name, email in demo_programmes.coordinator_logins():
            self.stdout.write(f"  {name}: {email} (same password, this programme only)")
