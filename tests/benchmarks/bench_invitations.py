"""Benchmark: a coordinator's bulk invitation upload to one cohort, on PostgreSQL.

    python tests/benchmarks/bench_invitations.py [--rows 5000] [--members 500]

Builds (once) a database with MEMBERS mentors who already have an account, then imports ROWS
rows into a fresh cohort: the MEMBERS are enrolled, everyone else is invited and emailed. It
prints the rows, the seconds, the queries and what was made; then imports the same text again,
which must make nothing. Needs PostgreSQL; BENCH_DATABASE_URL picks the database (it is
created). The target is under 30 s for 5,000 rows.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.benchmarks.databases import database_analyze, django_on_own_database  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/mentoring_bench_invitations"

SEED_SQL = """
INSERT INTO accounts_user (password, is_superuser, email, name, is_staff, is_active, date_joined,
    muted_notifications, language)
SELECT '!', false, 'Bench-Member-' || g || '@example.org', 'Bench Member ' || g, false, true, now(),
    '[]'::jsonb, ''
FROM generate_series(1, %(members)s) g;

INSERT INTO accounts_memberprofile (user_id, role, sector, region, meets_in_person, meets_remotely, time_zone,
    hours_per_month, bio, sectors_known, capacity, created_at, updated_at, phone, show_email, show_phone)
SELECT id, 'mentor', '', '', false, true, 'Europe/London', 2, '', '', 2, now(), now(), '', false, false
FROM accounts_user WHERE email LIKE 'Bench-Member-%%';
"""


def seed(members: int) -> None:
    from django.db import connection

    from accounts.models import User

    if User.objects.filter(email__startswith="Bench-Member-").count() >= members:
        return
    with connection.cursor() as cursor:
        cursor.execute(SEED_SQL, {"members": members})


def rows_text(rows: int, members: int) -> str:
    """The upload: the first MEMBERS rows name existing members (in another letter case)."""
    lines = ["name,email,role,co_op"]
    for n in range(1, rows + 1):
        if n <= members:
            lines.append(f"Bench Member {n},bench-member-{n}@example.org,mentor,")
        else:
            lines.append(f"Invitee {n},invitee-{n}@example.org,mentee,Co-op number {n % 300}")
    return "\n".join(lines) + "\n"


def measure(name: str, cohort_id: int, text: str, by: object) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.models import OutboundEmail
    from mentorship.services import invitations

    emails_before = OutboundEmail.objects.count()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        result = invitations.cohort_invitations_import(cohort_id=cohort_id, text=text, by=by)
    seconds = time.perf_counter() - started
    assert not result.errors, result.errors[:5]
    rows = result.invited + result.enrolled + result.already
    emails = OutboundEmail.objects.count() - emails_before
    print(
        f"{name:<34} {rows:6d} rows {seconds:7.2f} s {len(queries):5d} queries  "
        f"invited {result.invited}, enrolled {result.enrolled}, already {result.already}, "
        f"emails {emails}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--members", type=int, default=500)
    args = parser.parse_args()

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    django_on_own_database(url)
    from django.utils.text import slugify

    from accounts.models import OutboundEmail, User
    from mentorship.models import Cohort, Programme

    seed(args.members)
    database_analyze(url)
    programme, _ = Programme.objects.get_or_create(
        slug=slugify("Bench programme"),
        defaults={"name": "Bench programme", "status": Programme.Status.OPEN},
    )
    # A fresh cohort each run, so the first import always starts from nothing.
    cohort = Cohort.objects.create(programme=programme, name=f"Bench {time.time():.0f}")
    lead = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        "bench-lead@example.org", None
    )
    OutboundEmail.objects.filter(kind="cohort-invitation").delete()
    text = rows_text(args.rows, args.members)
    print(
        f"machine: {os.cpu_count()} cores; {args.rows} rows, of which {args.members} "
        f"name members with an account; {len(text) / 1024:.0f} KiB of CSV"
    )
    measure("first import", cohort.pk, text, lead)
    measure("same rows again (must make nothing)", cohort.pk, text, lead)


if __name__ == "__main__":
    main()
