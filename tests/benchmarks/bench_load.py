"""Load benchmark: the busiest pages under gunicorn on PostgreSQL and Redis, driven by wrk.

    python tests/benchmarks/bench_load.py [--members 20000] [--seconds 10] [--keep-db]

Drops and re-creates BENCH_LOAD_DATABASE_URL (default mentoring_bench_load), seeds it with
`seed_demo --members N`, empties the Redis database BENCH_REDIS_URL (default DB 3), collects
static files, then starts gunicorn on a free loopback port with the production settings (DEBUG
off; HTTPS redirects and secure cookies off because this is plain HTTP on loopback) plus two
reference views (tests/benchmarks/load_settings.py). Members are signed in by creating their
Django sessions directly; the coordinator's session records a TOTP step, as allauth's MFA would.

wrk (`apt-get install wrk`) then drives each page from its own process for a bounded time
(-t2 -c16 by default) after a short warm-up, and the script prints requests per second, p50
and p95 latency, and each page's throughput as a share of the trivial view's, as text and as
a markdown table. Targets: every page at >= 20% of the trivial view and p95 < 50 ms. A second
reference, the site's frame around an empty page for a signed-in member, shows what the session,
the user and base.html cost every page before it does anything.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.benchmarks.databases import database_analyze, database_create  # noqa: E402

HERE = Path(__file__).resolve().parent
LUA = HERE / "load_wrk.lua"
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/mentoring_bench_load"
DEFAULT_REDIS = "redis://127.0.0.1:6379/3"
SHARE_TARGET = 0.20
# Not pages of the site: the ceiling, and the floor every signed-in page stands on.
REFERENCES = ("trivial", "empty")
PAGE_KEYS = "trivial,empty,dashboard,mentorship,log-get,log-post,programme,admin"
P95_TARGET_MS = 50.0


@dataclass
class Page:
    key: str
    name: str
    path: str
    cookie: str = ""
    post_body: str = ""
    expect: int = 200


@dataclass
class Result:
    page: Page
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    bad: int  # non-2xx/3xx responses and socket errors
    worker_cpu: list[float]  # CPU seconds each gunicorn worker used during the measured run
    requests: int

    @property
    def cpu_ms_per_request(self) -> float:
        """The workers' CPU per answered request: what one page costs the server in Python."""
        return 1000 * sum(self.worker_cpu) / max(self.requests, 1)

    @property
    def worker_shares(self) -> list[float]:
        """Each worker's CPU as a share of the measured run: an idle worker wastes a core."""
        seconds = self.requests / self.rps if self.rps else 0.0
        return [used / seconds if seconds else 0.0 for used in self.worker_cpu]


# -- database, Redis, static files -------------------------------------------------------------


def _redis_empty(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


def _environment(database_url: str, redis_url: str) -> dict[str, str]:
    """What gunicorn and the set-up commands run with: production, but plain HTTP."""
    env = dict(os.environ)
    env.pop("MFA_TOTP_INSECURE_BYPASS_CODE", None)  # a demo setting, refused without DEBUG
    env.update(
        DJANGO_SETTINGS_MODULE="tests.benchmarks.load_settings",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        DEBUG="0",
        SECRET_KEY="bench-load-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        VAR_DIR=str(ROOT / "var" / "bench"),
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    return env


def _manage(env: dict[str, str], *args: str) -> None:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    print(f"  manage.py {' '.join(args)}: {time.perf_counter() - started:.1f} s", flush=True)


def prepare(env: dict[str, str], members: int, keep_db: bool) -> None:
    if not keep_db:
        database_create(env["DATABASE_URL"], recreate=True)
    _redis_empty(env["REDIS_URL"])
    _manage(env, "migrate", "--no-input", "--verbosity", "0")
    _manage(env, "seed_demo", "--members", str(members), "--allow-without-debug")
    database_analyze(env["DATABASE_URL"])
    _manage(env, "collectstatic", "--no-input", "--verbosity", "0")


# -- who signs in, and which pages ----------------------------------------------------------------


def _pair_ensure(skip_mentor: int | None = None):
    """A typical active pair: the median by logged sessions (one is made on a seed with none)."""
    from django.db.models import Count, Q

    from mentorship.models import Mentorship, Session

    done = (Session.Status.LOGGED, Session.Status.CONFIRMED)
    pairs = (
        Mentorship.objects.filter(status=Mentorship.Status.ACTIVE, mentor__email__contains="demo")
        .exclude(mentor_id=skip_mentor)
        .annotate(logged=Count("sessions", filter=Q(sessions__status__in=done)))
        .filter(logged__gt=0)
        .order_by("logged", "pk")
    )
    count = pairs.count()
    return pairs[count // 2] if count else _pair_create(skip_mentor)


def _pair_create(skip_mentor: int | None):
    """Pair a demo mentor and mentee through the services, with goals and a season of sessions."""
    from django.utils import timezone

    from accounts.models import MemberProfile
    from mentorship.models import Mentorship
    from mentorship.services import goals as goals_services
    from mentorship.services import relationship, sessions

    busy = Mentorship.objects.filter(status__in=Mentorship.OPEN_STATUSES)
    mentor = (
        MemberProfile.objects.filter(role=MemberProfile.Role.MENTOR, user__email__contains="demo")
        .exclude(user_id__in=busy.values("mentor_id"))
        .exclude(user_id=skip_mentor)
        .order_by("pk")
        .first()
        .user
    )
    mentee = (
        MemberProfile.objects.filter(role=MemberProfile.Role.MENTEE, mentee_profile__isnull=False)
        .exclude(mentee_profile_id__in=busy.values("mentee_id"))
        .order_by("pk")
        .first()
        .user
    )
    from accounts.demo import coordinator_ensure

    pair = relationship.mentorship_propose(
        mentor=mentor, mentee=mentee.profile.mentee_profile, origin="manual", by=None
    )
    relationship.mentorship_approve(mentorship_id=pair.pk, by=coordinator_ensure())
    relationship.agreement_accept(mentorship_id=pair.pk, by=mentor)
    pair = relationship.agreement_accept(mentorship_id=pair.pk, by=mentee)
    for title in ("Produce our first annual accounts", "Hold our first AGM"):
        goals_services.goal_create(mentorship=pair, by=mentee, title=title, why="", measure="")
    now = timezone.now()
    for weeks_ago in range(24, 0, -2):
        log = sessions.SessionLog(
            starts_at=now - timedelta(weeks=weeks_ago),
            duration_minutes=60,
            format="remote",
            summary="Went through the accounts and the agenda for the next meeting.",
        )
        logged = sessions.session_log(mentorship=pair, by=mentor, log=log)
        if weeks_ago > 2:
            sessions.session_confirm(session=logged, by=mentee)
    pair.refresh_from_db()
    return pair


def _sign_in(user, *, mfa: bool = False) -> str:
    """A session cookie for `user`, made as a password sign-in (and a TOTP step) would make it."""
    from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    records = [{"method": "password", "at": time.time(), "email": user.email}]
    if mfa:
        records.append({"method": "mfa", "at": time.time(), "id": _totp_for(user), "type": "totp"})
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session["account_authentication_methods_user"] = str(user.pk)
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def _totp_for(user) -> int:
    """The coordinator's TOTP authenticator (coordinators must have one)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    found = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return (found or TOTP.activate(user, generate_totp_secret()).instance).pk


def _log_body(pair, csrf: str) -> str:
    """A full session log: topics, a goal's progress, a next step and a private note."""
    from django.utils import timezone

    from accounts.models import Skill
    from mentorship.models import Goal

    started = timezone.localtime(timezone.now() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    fields: list[tuple[str, object]] = [
        ("csrfmiddlewaretoken", csrf),
        ("starts_at", started),
        ("duration_minutes", 60),
        ("format", "remote"),
        ("summary", "We went through the cash-flow forecast and the share offer timetable."),
        ("private_note", "Follow up on the board's appetite for risk."),
        ("items-TOTAL_FORMS", 1),
        ("items-INITIAL_FORMS", 0),
        ("items-MIN_NUM_FORMS", 0),
        ("items-MAX_NUM_FORMS", 10),
        ("items-0-description", "Send the draft forecast to the committee"),
        ("items-0-owner", "mentee"),
        ("items-0-due_on", ""),
    ]
    fields += [
        ("topics", pk) for pk in Skill.objects.order_by("pk").values_list("pk", flat=True)[:2]
    ]
    goal = pair.goals.order_by("pk").first()
    if goal is not None:
        fields.append((f"goal_{goal.pk}", Goal.Progress.UNDER_WAY))
    return urlencode(fields)


def pages(env: dict[str, str]) -> tuple[list[Page], str]:
    """The pages to drive, with their cookies; and a line saying whose pages they are."""
    django_needs = (
        "DJANGO_SETTINGS_MODULE DATABASE_URL REDIS_URL DEBUG SECRET_KEY VAR_DIR ALLOWED_HOSTS"
    )
    os.environ.update({k: env[k] for k in django_needs.split()})
    import django

    django.setup()
    from django.conf import settings
    from django.urls import reverse

    from accounts.demo import coordinator_ensure
    from mentorship.models import Session

    pair = _pair_ensure()
    # Logs are posted to a second pair, so thousands of new sessions do not swell the first
    # pair's pages while they are measured.
    posted = _pair_ensure(skip_mentor=pair.mentor_id)
    member = _sign_in(pair.mentor)
    poster = _sign_in(posted.mentor)
    coordinator = _sign_in(coordinator_ensure(), mfa=True)
    csrf = secrets.token_hex(16)  # an unmasked secret: accepted as cookie and as form token
    csrf_cookie = f"{settings.CSRF_COOKIE_NAME}={csrf}"
    sessions = Session.objects.filter(mentorship=pair).count()
    about = (
        f"the member mentors pair {pair.pk}, the median active pair by sessions logged "
        f"(sessions: {sessions}, goals: {pair.goals.count()}, pairs they mentor: "
        f"{pair.mentor.mentorships_as_mentor.count()})"
    )
    return [
        Page("trivial", "trivial view (ceiling)", reverse("bench_trivial")),
        Page("empty", "signed-in empty page (floor)", reverse("bench_empty"), member),
        Page("dashboard", "dashboard", reverse("mentorship:dashboard"), member),
        Page("mentorship", "mentorship page", reverse("mentorship:detail", args=[pair.pk]), member),
        Page(
            "log-get",
            "session log form (GET)",
            reverse("mentorship:session_log_new", args=[pair.pk]),
            f"{member}; {csrf_cookie}",
        ),
        Page(
            "log-post",
            "session log form (POST)",
            reverse("mentorship:session_log_new", args=[posted.pk]),
            f"{poster}; {csrf_cookie}",
            post_body=_log_body(posted, csrf),
            expect=302,
        ),
        Page(
            "programme",
            "programme page (coordinator)",
            reverse("mentorship:programme"),
            coordinator,
        ),
        Page(
            "admin",
            "admin: members changelist",
            reverse("admin:accounts_user_changelist"),
            coordinator,
        ),
    ], about


# -- gunicorn and wrk ---------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def gunicorn_start(env: dict[str, str], port: int, args: argparse.Namespace, log: Path):
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "mentorship.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(args.workers),
        "--worker-class",
        args.worker_class,
        "--chdir",
        str(ROOT),
        "--no-control-socket",
    ]
    if args.worker_class == "gthread":
        # Only then: gunicorn turns sync workers into gthread ones when given threads.
        command += ["--threads", str(args.threads)]
    handle = log.open("w")
    server = subprocess.Popen(command, env=env, stdout=handle, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited; see {log}")
        try:
            if _fetch(port, Page("up", "up", "/bench/trivial/"))[0] == 200:
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise RuntimeError(f"gunicorn did not answer within 60 s; see {log}")


def _fetch(port: int, page: Page) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": page.cookie} if page.cookie else {}
    if page.post_body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(
        "POST" if page.post_body else "GET", page.path, page.post_body or None, headers
    )
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status, response.getheader("Location", "")


def preflight(port: int, page: Page) -> None:
    """One request first: a page that redirects to sign-in would otherwise look very fast."""
    status, location = _fetch(port, page)
    if status != page.expect or "login" in location or "authenticate" in location:
        raise RuntimeError(
            f"{page.name}: {page.path} answered {status} {location}, expected {page.expect}"
        )


def _workers_cpu(master: int) -> dict[int, float]:
    """CPU seconds used so far by each gunicorn worker (the children of `master`)."""
    ticks = os.sysconf("SC_CLK_TCK")
    used = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # Fields after the command name, which may itself hold spaces and parentheses.
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # a process that ended while we looked
        if int(fields[1]) == master:
            used[int(stat.parent.name)] = (int(fields[11]) + int(fields[12])) / ticks
    return used


def wrk(port: int, page: Page, seconds: int, connections: int, threads: int, master: int) -> Result:
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
    ]
    if page.cookie:
        command += ["-H", f"Cookie: {page.cookie}"]
    command.append(f"http://127.0.0.1:{port}{page.path}")
    env = dict(os.environ, BENCH_POST_BODY=page.post_body)
    before = _workers_cpu(master)
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    after = _workers_cpu(master)
    line = next(row for row in done.stdout.splitlines() if row.startswith("BENCH "))
    figures = json.loads(line.removeprefix("BENCH "))
    bad = sum(figures[k] for k in ("connect", "read", "write", "status", "timeout"))
    return Result(
        page=page,
        rps=figures["requests"] / (figures["duration_us"] / 1e6),
        p50_ms=figures["p50_us"] / 1000,
        p95_ms=figures["p95_us"] / 1000,
        p99_ms=figures["p99_us"] / 1000,
        bad=bad,
        worker_cpu=[after[pid] - before.get(pid, 0.0) for pid in sorted(after)],
        requests=figures["requests"],
    )


# -- the report ---------------------------------------------------------------------------------


def _proc_value(path: str, name: str) -> str:
    """What follows "name:" on the first such line of a /proc file ("" when there is none)."""
    lines = Path(path).read_text().splitlines()
    return next((line.split(":", 1)[1].strip() for line in lines if line.startswith(name)), "")


def machine(env: dict[str, str], load: str) -> str:
    import psycopg2
    import redis

    model = _proc_value("/proc/cpuinfo", "model name") or platform.processor()
    mem_kib = int(_proc_value("/proc/meminfo", "MemTotal").split()[0])
    connection = psycopg2.connect(env["DATABASE_URL"])
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0].split()[0]
    connection.close()
    redis_version = redis.Redis.from_url(env["REDIS_URL"]).info("server")["redis_version"]
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split()[1]
    return (
        f"{os.cpu_count()} cores ({model}), {mem_kib / 2**20:.0f} GiB RAM, PostgreSQL {postgres}, "
        f"Redis {redis_version}, Python {platform.python_version()}, wrk {wrk_version}, "
        f"load average {load} when the run started"
    )


def report(results: list[Result], args: argparse.Namespace, about: str, where: str) -> bool:
    ceiling = results[0].rps
    ok = True
    print(f"\n{where}")
    threads = f" x {args.threads} threads" if args.worker_class == "gthread" else ""
    print(
        f"gunicorn: {args.workers} {args.worker_class} workers{threads}; wrk -t{args.wrk_threads} "
        f"-c{args.connections} -d{args.seconds}s after {args.warmup} s warm-up; {about}"
    )
    print(f"targets: >= {SHARE_TARGET:.0%} of the trivial view, p95 < {P95_TARGET_MS:.0f} ms\n")
    rows = [
        "| page | requests/s | p50 | p95 | share of trivial view | CPU per request | meets targets |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for result in results:
        share = result.rps / ceiling
        meets = share >= SHARE_TARGET and result.p95_ms < P95_TARGET_MS and not result.bad
        ok = ok and not result.bad
        verdict = "—" if result.page.key in REFERENCES else ("yes" if meets else "**no**")
        errors = f" ({result.bad} errors)" if result.bad else ""
        cpu = "/".join(f"{share:.0%}" for share in result.worker_shares)
        print(
            f"{result.page.name:<30} {result.rps:8.0f} req/s  p50 {result.p50_ms:6.1f} ms  "
            f"p95 {result.p95_ms:6.1f} ms  p99 {result.p99_ms:6.1f} ms  {share:6.1%}  "
            f"CPU {result.cpu_ms_per_request:5.2f} ms/request, workers' CPU {cpu}{errors}"
        )
        rows.append(
            f"| {result.page.name} | {result.rps:,.0f} | {result.p50_ms:.1f} ms | "
            f"{result.p95_ms:.1f} ms | {share:.0%} | {result.cpu_ms_per_request:.2f} ms | "
            f"{verdict}{errors} |"
        )
    print("\nMarkdown:\n")
    print("\n".join(rows))
    return ok


def main() -> int:
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--seconds", type=int, default=10, help="measured time per page")
    parser.add_argument("--warmup", type=int, default=2, help="unmeasured time per page first")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--wrk-threads", type=int, default=2)
    # Sync workers, as the Dockerfile runs: each answers one request, then closes the connection,
    # so wrk's reconnects are shared out between the workers. gthread workers keep connections
    # open, and the first worker to wake takes all 16 of them: one core then sits idle.
    parser.add_argument("--workers", type=int, default=cores)
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--threads", type=int, default=4, help="for --worker-class gthread")
    parser.add_argument(
        "--pages", default="", help=f"only these, e.g. trivial,dashboard ({PAGE_KEYS})"
    )
    parser.add_argument("--keep-db", action="store_true", help="reuse the seeded database")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is needed: apt-get install wrk", file=sys.stderr)
        return 2

    env = _environment(
        os.environ.get("BENCH_LOAD_DATABASE_URL", DEFAULT_DB),
        os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS),
    )
    started, load = time.perf_counter(), Path("/proc/loadavg").read_text().split()[0]
    print(f"preparing {args.members} members (database and Redis emptied first):", flush=True)
    prepare(env, args.members, args.keep_db)
    where = machine(env, load)
    targets, about = pages(env)
    if args.pages:
        # The trivial view always runs first: the other figures are read against it.
        targets = [p for p in targets if p.key == "trivial" or p.key in args.pages.split(",")]
    port = _free_port()
    log = Path(env["VAR_DIR"]) / "gunicorn.log"
    server = gunicorn_start(env, port, args, log)
    results = []
    try:
        for page in targets:
            preflight(port, page)
            if args.warmup:
                wrk(port, page, args.warmup, args.connections, args.wrk_threads, server.pid)
            results.append(
                wrk(port, page, args.seconds, args.connections, args.wrk_threads, server.pid)
            )
            print(f"  {page.name}: {results[-1].rps:.0f} req/s", flush=True)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    ok = report(results, args, about, where)
    print(f"\ntotal wall time {time.perf_counter() - started:.0f} s; gunicorn's log: {log}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
