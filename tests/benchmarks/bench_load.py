"""Load benchmark: the busiest pages under gunicorn on PostgreSQL and Redis, driven by wrk.

    python tests/benchmarks/bench_load.py [--members 20000] [--seconds 10] [--connections 4,16]
                                          [--keep-db]

Drops and re-creates BENCH_LOAD_DATABASE_URL (default mentoring_bench_load), seeds it with
`seed_demo --members N`, empties the Redis database BENCH_REDIS_URL (default DB 3), collects
static files, then starts gunicorn on a free loopback port with the production settings (DEBUG
off; HTTPS redirects and secure cookies off because this is plain HTTP on loopback) plus two
reference views (tests/benchmarks/load_settings.py). Members are signed in by creating their
Django sessions directly; the coordinator's session records a TOTP step, as allauth's MFA would.

wrk (`apt-get install wrk`) then drives each page from its own process for a bounded time,
once for each number of connections (4 and 16 by default), each pass after a short warm-up.
The script prints, as text and as a markdown table, each page's CPU per request as a multiple
of the frame's in the same run (the frame being the site's base.html around an empty page for
a signed-in member: the floor every member page pays), and p50 and p95 latency and requests
per second at each number of connections. The targets (issue #17) are RATIO_TARGETS and
P95_TARGET_MS; ratios within one run, so that a slower or busier machine moves them less.
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
# Not pages of the site: the ceiling, and the frame every signed-in page stands on.
TRIVIAL, FRAME = "trivial", "empty"
PAGE_KEYS = "trivial,empty,dashboard,mentorship,log-get,log-post,programme,admin"
# CPU per request at most this many times the frame's in the same run; the frame's own target is
# a multiple of the trivial view's.
RATIO_TARGETS = {
    FRAME: 4.0,
    "dashboard": 2.5,
    "mentorship": 3.0,
    "log-get": 3.0,
    "log-post": 3.0,
    "programme": 2.5,
    "admin": 6.0,
}
# The pages a mentor or mentee opens (the programme page and the admin are the coordinator's):
# p95 under the target at P95_CONNECTIONS, a busy programme's real concurrency on one small server.
MEMBER_PAGES = ("dashboard", "mentorship", "log-get", "log-post")
P95_TARGET_MS = 25.0
P95_CONNECTIONS = 4
TIMES = "\N{MULTIPLICATION SIGN}"  # as the README writes a multiple


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
    connections: int = 16  # wrk's, during the measured run

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
        Page("empty", "signed-in empty page (frame)", reverse("bench_empty"), member),
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


def workers_settle(master: int, timeout: float = 30.0) -> None:
    """Wait until the workers are idle: until their CPU stands still for a quarter of a second.

    A sync worker answers requests still queued when wrk hangs up (up to one a connection). Left
    to run into the next pass, they would add their CPU and delay its first requests.
    """
    deadline = time.monotonic() + timeout
    used = sum(_workers_cpu(master).values())
    while time.monotonic() < deadline:
        time.sleep(0.25)
        before, used = used, sum(_workers_cpu(master).values())
        if used - before <= 0.01:  # one clock tick: what an idle worker's heartbeat may take
            return


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
        connections=connections,
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


@dataclass
class Line:
    """One page in the report: its passes by number of connections, judged against its targets."""

    page: Page
    passes: dict[int, Result]
    # CPU per request over the frame's (the trivial view's, for the frame itself), both from the
    # throughput pass; None for the trivial view, which has no target either.
    multiple: float | None
    target: float | None
    p95_ms: float | None  # p95 at P95_CONNECTIONS, for a member page measured at that many
    meets: bool | None  # None for the trivial view, which has no target

    @property
    def throughput(self) -> Result:
        """The pass with the most connections: CPU per request and requests/s are read from it."""
        return self.passes[max(self.passes)]

    @property
    def bad(self) -> int:
        return sum(result.bad for result in self.passes.values())


def lines(results: list[Result]) -> list[Line]:
    """Each page's passes, its CPU as a multiple of its reference's, and its verdict."""
    passes: dict[str, dict[int, Result]] = {}
    for result in results:
        passes.setdefault(result.page.key, {})[result.connections] = result
    cpu = {key: by[max(by)].cpu_ms_per_request for key, by in passes.items()}
    judged = []
    for key, by in passes.items():
        reference = TRIVIAL if key == FRAME else FRAME
        multiple = None
        if key != TRIVIAL and cpu.get(reference):
            multiple = cpu[key] / cpu[reference]
        at_p95 = by.get(P95_CONNECTIONS)
        p95 = at_p95.p95_ms if key in MEMBER_PAGES and at_p95 else None
        target = RATIO_TARGETS.get(key)
        meets = None
        if target is not None:
            meets = (
                multiple is not None
                and multiple <= target
                and (p95 is None or p95 < P95_TARGET_MS)
                and not any(result.bad for result in by.values())
            )
        judged.append(Line(by[max(by)].page, by, multiple, target, p95, meets))
    return judged


def _times(line: Line) -> str:
    """How a multiple is written: the frame's is of the trivial view, every other of the frame."""
    return f"{TIMES} trivial" if line.page.key == FRAME else TIMES


def _multiple(line: Line) -> str:
    return "—" if line.multiple is None else f"{line.multiple:.2f}{_times(line)}"


def _target(line: Line) -> str:
    if line.target is None:
        return "—"
    ratio = f"≤ {line.target:g}{_times(line)}"
    if line.page.key in MEMBER_PAGES:
        ratio += f", p95 < {P95_TARGET_MS:g} ms at {P95_CONNECTIONS}"
    return ratio


def _verdict(line: Line) -> str:
    errors = f" ({line.bad} errors)" if line.bad else ""
    if line.meets is None:
        return "—" + errors
    return ("yes" if line.meets else "**no**") + errors


def markdown(judged: list[Line], connections: list[int]) -> list[str]:
    """The table for the README: one row a page, p95 at each number of connections."""
    most = max(connections)
    p95s = " | ".join(f"p95 at {count} connections" for count in connections)
    rows = [
        f"| page | CPU per request | {TIMES} frame | target | {p95s} | requests/s ({most}) "
        "| meets targets |",
        "| --- | ---: | ---: | --- | " + "---: | " * len(connections) + "---: | --- |",
    ]
    for line in judged:
        latency = " | ".join(
            f"{line.passes[count].p95_ms:.1f} ms" if count in line.passes else "—"
            for count in connections
        )
        rows.append(
            f"| {line.page.name} | {line.throughput.cpu_ms_per_request:.2f} ms | "
            f"{_multiple(line)} | {_target(line)} | {latency} | {line.throughput.rps:,.0f} | "
            f"{_verdict(line)} |"
        )
    return rows


def _targets_said(judged: list[Line]) -> str:
    names = {line.page.key: line.page.name for line in judged}
    pages = [key for key in RATIO_TARGETS if key != FRAME]
    ratios = "; ".join(f"{names.get(key, key)} ≤ {RATIO_TARGETS[key]:g}{TIMES}" for key in pages)
    members = ", ".join(names.get(key, key) for key in MEMBER_PAGES)
    return (
        f"targets: CPU per request as a multiple of the frame's in this run: {ratios}; the frame "
        f"itself ≤ {RATIO_TARGETS[FRAME]:g}{TIMES} the trivial view's. Member pages "
        f"({members}): p95 < {P95_TARGET_MS:g} ms at {P95_CONNECTIONS} connections."
    )


def report(results: list[Result], args: argparse.Namespace, about: str, where: str) -> bool:
    """Print the figures as text and as a markdown table; False when any request failed."""
    judged = lines(results)
    most = max(args.connections)
    print(f"\n{where}")
    threads = f" x {args.threads} threads" if args.worker_class == "gthread" else ""
    passes = " then ".join(
        f"-t{min(args.wrk_threads, count)} -c{count}" for count in args.connections
    )
    print(
        f"gunicorn: {args.workers} {args.worker_class} workers{threads}; wrk {passes}, each "
        f"-d{args.seconds}s after {args.warmup} s warm-up; {about}"
    )
    print(f"CPU per request and requests/s from the {most}-connection pass")
    print(_targets_said(judged))
    if P95_CONNECTIONS not in args.connections:
        print(f"(p95 not judged: no pass at {P95_CONNECTIONS} connections)")
    print()
    for line in judged:
        judged_against = f": {_multiple(line)} (target {_target(line)})" if line.target else ""
        print(f"{line.page.name}{judged_against}: {_verdict(line)}")
        for count, result in line.passes.items():
            cpu = "/".join(f"{share:.0%}" for share in result.worker_shares)
            print(
                f"  -c{count:<3} {result.rps:8.0f} req/s  p50 {result.p50_ms:6.1f} ms  "
                f"p95 {result.p95_ms:6.1f} ms  p99 {result.p99_ms:6.1f} ms  "
                f"CPU {result.cpu_ms_per_request:5.2f} ms/request, workers' CPU {cpu}"
            )
    print("\nMarkdown:\n")
    print("\n".join(markdown(judged, args.connections)))
    return not any(line.bad for line in judged)


def _counts(text: str) -> list[int]:
    """--connections: "4,16" as [4, 16]."""
    counts = [int(count) for count in text.split(",") if count.strip()]
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError("one or more positive numbers, e.g. 4,16")
    return counts


def _drive(port: int, page: Page, args: argparse.Namespace, connections: int, master: int):
    """One measured pass at `connections`, after its warm-up; wrk wants a connection a thread."""
    threads = min(args.wrk_threads, connections)
    if args.warmup:
        wrk(port, page, args.warmup, connections, threads, master)
    workers_settle(master)
    return wrk(port, page, args.seconds, connections, threads, master)


def main() -> int:
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--seconds", type=int, default=10, help="measured time per pass")
    parser.add_argument("--warmup", type=int, default=2, help="unmeasured time before each pass")
    parser.add_argument(
        "--connections",
        type=_counts,
        default=[P95_CONNECTIONS, 16],
        help="wrk's connections, one pass each (default 4,16); the most give CPU and requests/s",
    )
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
        # The references always run first: the other figures are read against them.
        chosen = (TRIVIAL, FRAME, *args.pages.split(","))
        targets = [page for page in targets if page.key in chosen]
    port = _free_port()
    log = Path(env["VAR_DIR"]) / "gunicorn.log"
    server = gunicorn_start(env, port, args, log)
    results = []
    try:
        for page in targets:
            preflight(port, page)
            for connections in args.connections:
                results.append(_drive(port, page, args, connections, server.pid))
                print(
                    f"  {page.name}, {connections} connections: {results[-1].rps:.0f} req/s",
                    flush=True,
                )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    ok = report(results, args, about, where)
    print(f"\ntotal wall time {time.perf_counter() - started:.0f} s; gunicorn's log: {log}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
