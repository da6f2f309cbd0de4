"""The load benchmark's own pieces still fit the site: sign-ins, the posted log, its URLs.

The benchmark itself needs gunicorn, wrk and a seeded database; these check, on the test
database, the parts that break silently when the site changes (a page that redirects to a
sign-in or a form that no longer validates would only look fast).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from urllib.parse import parse_qsl

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from mentorship.models import Session
from mentorship.services import goals
from tests.benchmarks import bench_load


def _client_with(cookie: str) -> Client:
    client = Client()
    name, _, value = cookie.partition("=")
    client.cookies[name] = value
    return client


def test_the_reference_views_are_only_in_the_benchmarks_urls():
    with pytest.raises(NoReverseMatch):
        reverse("bench_trivial")
    path = reverse("bench_trivial", urlconf="tests.benchmarks.load_urls")
    assert path == "/bench/trivial/"
    assert reverse("bench_empty", urlconf="tests.benchmarks.load_urls") == "/bench/empty/"


def test_a_member_signed_in_by_the_benchmark_sees_their_dashboard(pair, bob):
    member = _client_with(bench_load._sign_in(bob))

    response = member.get(reverse("mentorship:dashboard"))

    assert response.status_code == 200
    assert response.context["user"] == bob


def test_a_coordinator_signed_in_by_the_benchmark_passes_the_second_factor_check(coordinator):
    signed_in = _client_with(bench_load._sign_in(coordinator, mfa=True))
    password_only = _client_with(bench_load._sign_in(coordinator))

    assert signed_in.get(reverse("mentorship:programme")).status_code == 200
    assert signed_in.get(reverse("admin:accounts_user_changelist")).status_code == 200
    assert password_only.get(reverse("mentorship:programme")).status_code == 302


def test_the_posted_log_is_a_valid_log_with_topics_a_goal_and_a_next_step(pair, alice, bob_client):
    goals.goal_create(mentorship=pair, by=alice, title="Hold our first AGM")
    data: dict[str, list[str]] = {}
    for key, value in parse_qsl(bench_load._log_body(pair, "x" * 32), keep_blank_values=True):
        data.setdefault(key, []).append(value)

    response = bob_client.post(reverse("mentorship:session_log_new", args=[pair.pk]), data)

    assert response.status_code == 302
    assert response["Location"] == reverse("mentorship:detail", args=[pair.pk])
    logged = Session.objects.get(mentorship=pair, status=Session.Status.LOGGED)
    assert logged.topics.count() == 2 and logged.action_items.count() == 1
    assert pair.goals.get().updates.filter(session=logged).exists()


BUSY_THEN_WAIT = """
import sys, time
end = time.process_time() + 0.3
while time.process_time() < end:
    pass
sys.stdin.read()
"""


def test_worker_cpu_is_read_for_each_child_of_the_master():
    # The benchmark reports each gunicorn worker's CPU, to show whether both cores served pages.
    # Here this test is the "master" and its child, which burns 0.3 s of CPU, the worker.
    child = subprocess.Popen([sys.executable, "-c", BUSY_THEN_WAIT], stdin=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 10
        used = bench_load._workers_cpu(os.getpid())
        while used.get(child.pid, 0.0) < 0.3 and time.monotonic() < deadline:
            time.sleep(0.05)
            used = bench_load._workers_cpu(os.getpid())
        assert 0.3 <= used[child.pid] < 5
    finally:
        child.communicate(b"")


def test_cpu_figures_are_read_against_the_measured_run():
    # 1,000 requests at 100/s is a 10 s run; workers used 5 s and 2.5 s of CPU in it.
    result = bench_load.Result(
        page=bench_load.Page("p", "page", "/"), rps=100.0, p50_ms=1, p95_ms=2, p99_ms=3,
        bad=0, worker_cpu=[5.0, 2.5], requests=1000,
    )  # fmt: skip
    assert result.worker_shares == [0.5, 0.25]
    assert result.cpu_ms_per_request == 7.5
