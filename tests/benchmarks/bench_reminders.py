"""Benchmark: the reminder sweeps over a large programme, on PostgreSQL.

    python tests/benchmarks/bench_reminders.py [--mentorships 100000] [--sessions-each 10]

Builds (once) a database of MENTORSHIPS active pairs with SESSIONS_EACH sessions each, with
SQL generate_series, then runs every sweep and prints its time, peak memory, the number of
queries, the queries per batch, the emails it queued and the milliseconds per email (memory from
a traced run that is rolled back, time and queries from the real run after it). A second run
of the sweeps must queue nothing. Needs PostgreSQL; BENCH_DATABASE_URL picks the database.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.benchmarks.databases import django_on_own_database  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/mentoring_bench"


SEED_SQL = """
INSERT INTO accounts_user (password, is_superuser, email, name, is_staff, is_active, date_joined, muted_notifications,
    language)
SELECT '!', false, 'bench-' || g || '@example.org', 'Bench Member ' || g, false, true, now(), '[]'::jsonb, ''
FROM generate_series(1, %(mentors)s + %(n)s) g;

INSERT INTO accounts_menteeprofile (group_name, display_name, goals, created_at, updated_at)
SELECT '', 'Bench Mentee ' || g, 'Grow the co-op', now(), now() FROM generate_series(1, %(n)s) g;

INSERT INTO accounts_memberprofile (user_id, role, sector, region, meets_in_person, meets_remotely, time_zone,
    hours_per_month, bio, sectors_known, capacity, mentee_profile_id, created_at, updated_at, phone, show_email,
    show_phone)
SELECT u.id, CASE WHEN u.rn <= %(mentors)s THEN 'mentor' ELSE 'mentee' END, '', '', false, true,
    'Europe/London', 2, '', '', 5,
    CASE WHEN u.rn > %(mentors)s THEN (SELECT min(id) FROM accounts_menteeprofile) + u.rn - %(mentors)s - 1 END,
    now(), now(), '', false, false
FROM (SELECT id, row_number() OVER (ORDER BY id) rn FROM accounts_user WHERE email LIKE 'bench-%%') u;

-- Every pair in the site's first cohort (migrate makes it).
INSERT INTO mentorship_mentorship (mentor_id, mentee_id, status, origin, created_at, updated_at, approved_at,
    ends_on, meeting_frequency, meeting_format, cohort_id)
SELECT (SELECT min(id) FROM accounts_user WHERE email LIKE 'bench-%%') + (g %% %(mentors)s),
       (SELECT min(id) FROM accounts_menteeprofile) + g - 1, 'active', 'engine', now(), now(),
       now() - interval '200 days', current_date + ((g %% 180) || ' days')::interval, 'monthly', 'remote',
       (SELECT min(id) FROM mentorship_cohort)
FROM generate_series(1, %(n)s) g;

-- Per pair: past confirmed sessions, one from 1 to 10 days ago (in one pair of ten still waiting for
-- the mentee to confirm it), and one scheduled in the next 30 days.
-- One pair in fifty has met only long ago (for the inactivity sweep).
INSERT INTO mentorship_session (mentorship_id, status, starts_at, duration_minutes, format, place, link, agenda,
    created_at, summary, logged_at, dispute_note, mentee_reflection, sequence)
SELECT m.id,
       CASE WHEN s.k = %(each)s THEN 'scheduled' WHEN s.k = %(each)s - 1 AND m.id %% 10 = 0 THEN 'logged'
            ELSE 'confirmed' END,
       CASE WHEN s.k = %(each)s AND m.id %% 50 <> 0 THEN now() + ((m.id %% 720) || ' hours')::interval
            WHEN s.k = %(each)s - 1 AND m.id %% 50 <> 0 THEN now() - ((24 + m.id %% 216) || ' hours')::interval
            ELSE now() - ((40 + s.k * 15) || ' days')::interval END,
       60, 'remote', '', '', '', now(), 'Summary',
       CASE WHEN s.k < %(each)s THEN now() - ((24 + m.id %% 216) || ' hours')::interval END, '', '', 0
FROM mentorship_mentorship m CROSS JOIN generate_series(1, %(each)s) s(k)
WHERE m.mentor_id IN (SELECT id FROM accounts_user WHERE email LIKE 'bench-%%');
"""


def seed(mentorships: int, sessions_each: int) -> None:
    from django.db import connection

    from mentorship.models import Mentorship

    if Mentorship.objects.filter(status="active").count() >= mentorships:
        return
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            SEED_SQL, {"n": mentorships, "mentors": max(1, mentorships // 5), "each": sessions_each}
        )
        cursor.execute("ANALYZE")
    print(
        f"seeded {mentorships} mentorships x {sessions_each} sessions in {time.perf_counter() - started:.1f} s"
    )


def measure(name: str, sweep) -> None:
    """Run the sweep twice: traced and rolled back, for its peak memory; then for real, timed,
    counting its queries. Tracing every allocation slows rendering several times over, so the time of a
    traced run says more about tracemalloc than about the sweep."""
    from django.db import connection, reset_queries, transaction
    from django.test.utils import CaptureQueriesContext

    from accounts.models import OutboundEmail
    from mentorship.services import reminders

    with transaction.atomic():
        tracemalloc.start()
        sweep()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        transaction.set_rollback(True)
    before = OutboundEmail.objects.count()
    reset_queries()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        sweep()
    seconds = time.perf_counter() - started
    queued = OutboundEmail.objects.count() - before
    per_email = len(queries) / queued if queued else float("nan")
    ms_per_email = 1000 * seconds / queued if queued else float("nan")
    print(f"{name:<20} {seconds:7.2f} s  peak {peak / 2**20:6.1f} MiB  {len(queries):6d} queries  "
          f"{queued:6d} emails queued  {ms_per_email:6.2f} ms per email  "
          f"({per_email:.2f} queries per email, batches of {reminders.BATCH})")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentorships", type=int, default=100_000)
    parser.add_argument("--sessions-each", type=int, default=10)
    args = parser.parse_args()

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    django_on_own_database(url)
    from django.utils import timezone

    from accounts.models import OutboundEmail
    from mentorship.services import reminders

    seed(args.mentorships, args.sessions_each)
    OutboundEmail.objects.all().delete()
    now = timezone.now()
    print(f"machine: {os.cpu_count()} cores; {args.mentorships} active mentorships, "
          f"{args.mentorships * args.sessions_each} sessions")  # fmt: skip
    for round_name in ("first run", "second run (must queue nothing)"):
        print(f"-- {round_name}")
        measure("session reminders", lambda: reminders.session_reminders(now))
        measure("log reminders", lambda: reminders.log_reminders(now))
        measure("confirm reminders", lambda: reminders.confirm_reminders(now))
        measure("inactivity", lambda: reminders.inactivity(now))
    print(f"process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
