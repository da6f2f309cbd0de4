"""Where a page's time goes: the load benchmark's pages, in-process, timed and profiled.

    python tests/benchmarks/profile_pages.py [--pages dashboard,log-get] [--requests 200] [--profile]
    python tests/benchmarks/profile_pages.py --mentors-of 1,2,3

Runs on the database `make bench-load` seeded (BENCH_LOAD_DATABASE_URL; run that first) with
the same production settings, and sends each page's request straight to Django's WSGI handler,
with no server or network in between. It prints the process CPU time per request (what a
gunicorn worker spends on the page, read from the process clock, the quietest of five rounds so
that other jobs on the machine move it little) and the page's queries, each page also as a multiple of the signed-in empty
page's CPU. With --profile it prints each page's busiest functions under cProfile (which
slows everything, so the times above are taken without it).

With --mentors-of it measures instead the dashboard of five mentors (the first by id) of each
number of pairs given, and prints the medians: the benchmark's own member is a seed's median
pair, whose mentor may have more or fewer pairs from one seed to the next, so this compares
dashboards like for like across commits (copy the script to an older checkout to run it there).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.benchmarks.bench_load import (  # noqa: E402
    DEFAULT_DB,
    DEFAULT_REDIS,
    Page,
    _environment,
    _sign_in,
    pages,
)


def _environ(page: Page) -> dict:
    body = page.post_body.encode()
    environ = {
        "REQUEST_METHOD": "POST" if body else "GET",
        "PATH_INFO": page.path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "REMOTE_ADDR": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "CONTENT_LENGTH": str(len(body)),
    }
    if body:
        environ["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
    if page.cookie:
        environ["HTTP_COOKIE"] = page.cookie
    return environ


def _request(handler, page: Page) -> None:
    statuses = []
    response = handler(_environ(page), lambda status, headers: statuses.append(status))
    for _ in response:
        pass
    response.close()
    if int(statuses[0].split()[0]) != page.expect:
        raise RuntimeError(f"{page.name}: {page.path} answered {statuses[0]}")


def _counter(queries: list[str]):
    def count(run, sql, *rest):
        queries.append(sql)
        return run(sql, *rest)

    return count


def _measure(handler, page: Page, requests: int) -> tuple[float, int, int]:
    """The page's CPU per request in ms (the quietest of five rounds), queries and function
    calls, after 20 requests to warm the caches (templates, translations, the taxonomy)."""
    from django.db import connection

    for _ in range(20):
        _request(handler, page)
    queries: list[str] = []
    # Counted by a wrapper: the handler empties connection.queries when a request starts.
    with connection.execute_wrapper(_counter(queries)):
        _request(handler, page)
    # The quietest of five rounds: other jobs on the machine only ever add to a round.
    rounds = []
    for _ in range(5):
        started = time.process_time()
        for _ in range(max(1, requests // 5)):
            _request(handler, page)
        rounds.append((time.process_time() - started) * 1000 / max(1, requests // 5))
    # Function calls per request: the same in every run, whatever else the machine does, so a
    # change's effect shows even when the timings are noisy.
    counter = cProfile.Profile()
    counter.enable()
    _request(handler, page)
    counter.disable()
    return min(rounds), len(queries), pstats.Stats(counter).total_calls


def mentors_of(handler, sizes: list[int], requests: int) -> None:
    """The dashboard of five mentors of each number of pairs (that members see), medians."""
    from django.db.models import Count, Q
    from django.urls import reverse

    from accounts.models import MemberProfile, User
    from mentorship.selectors.mentorships import VISIBLE_TO_MEMBERS

    shown = Q(mentorships_as_mentor__status__in=VISIBLE_TO_MEMBERS)
    mentors = (
        User.objects.filter(profile__role=MemberProfile.Role.MENTOR)
        .annotate(pairs=Count("mentorships_as_mentor", filter=shown))
        .order_by("pk")
    )
    url = reverse("mentorship:dashboard")
    for size in sizes:
        figures = [
            _measure(handler, Page("dashboard", "dashboard", url, _sign_in(mentor)), requests)
            for mentor in mentors.filter(pairs=size)[:5]
        ]
        if not figures:
            print(f"no mentor of {size} pairs")
            continue
        cpu, queries, calls = (statistics.median(column) for column in zip(*figures, strict=True))
        print(
            f"dashboard, a mentor of {size} pair(s), median of {len(figures)}: {cpu:6.2f} ms "
            f"CPU/request  {queries:3.0f} queries  {calls:7,.0f} function calls",
            flush=True,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", default="", help="page keys, e.g. empty,dashboard")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--mentors-of", default="", help="numbers of pairs, e.g. 1,2,3")
    args = parser.parse_args()

    env = _environment(
        os.environ.get("BENCH_LOAD_DATABASE_URL", DEFAULT_DB),
        os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS),
    )
    os.environ.update(env)  # all of it: plain HTTP, as gunicorn runs in the benchmark
    targets, about = pages(env)  # sets Django up on the benchmark's database
    from django.core.handlers.wsgi import WSGIHandler

    wanted = set(args.pages.split(",")) if args.pages else None
    targets = [p for p in targets if p.key != "trivial" and (not wanted or p.key in wanted)]
    if not any(p.key == "empty" for p in targets):
        targets.insert(0, next(p for p in pages(env)[0] if p.key == "empty"))
    handler = WSGIHandler()
    if args.mentors_of:
        mentors_of(handler, [int(n) for n in args.mentors_of.split(",")], args.requests)
        return 0
    print(about)
    frame_ms = None
    for page in targets:
        cpu_ms, queries, calls = _measure(handler, page, args.requests)
        frame_ms = cpu_ms if page.key == "empty" else frame_ms
        print(
            f"{page.name:<32} {cpu_ms:6.2f} ms CPU/request  {cpu_ms / frame_ms:4.1f} x frame  "
            f"{queries:3d} queries  {calls:7,d} function calls",
            flush=True,
        )
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(max(1, args.requests // 4)):
                _request(handler, page)
            profiler.disable()
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out).strip_dirs()
            stats.sort_stats("tottime").print_stats(args.top)
            stats.sort_stats("cumulative").print_stats(args.top)
            print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
