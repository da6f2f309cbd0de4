"""/healthz: the web server's own readiness (the database, Redis) decides the status; the worker's
heartbeat is reported, and decides the status only when asked for with ?worker."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import time

import pytest
import yaml
from celery.contrib.testing.worker import start_worker
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from mentorship import tasks
from mentorship.models import Heartbeat
from mentorship.project import health
from tests.notifications.conftest import free_port
from tests.test_deployment import ROOT, web_probe

pytestmark = pytest.mark.django_db


def _stamp(minutes_ago: float) -> None:
    Heartbeat.objects.update_or_create(
        name=health.WORKER,
        defaults={"seen_at": timezone.now() - datetime.timedelta(minutes=minutes_ago)},
    )


def test_healthz_is_200_with_the_database_redis_and_a_worker_up(client, redis_url, settings):
    settings.CELERY_BROKER_URL = redis_url
    _stamp(minutes_ago=0.5)
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok" and body["redis"] == "ok"
    assert body["worker"] == "ok"
    assert datetime.datetime.fromisoformat(body["worker_last_seen"]) > timezone.now() - (
        datetime.timedelta(minutes=1)
    )
    assert client.get(reverse("healthz"), {"worker": ""}).status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("where", ["broker", "cache"])
def test_healthz_is_503_when_redis_is_unreachable(client, redis_url, settings, where):
    dead = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    if where == "broker":
        settings.CELERY_BROKER_URL = dead
    else:
        settings.CELERY_BROKER_URL = redis_url
        settings.CACHES = {
            "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": dead}
        }
    _stamp(minutes_ago=0)
    started = time.monotonic()
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["redis"] == "error"
    assert response.json()["database"] == "ok"
    assert time.monotonic() - started < 3, "a dead Redis must not make the probe hang"


def test_healthz_is_503_when_the_database_is_unreachable(client, monkeypatch):
    _stamp(minutes_ago=0)

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(health.connection, "cursor", refuse)
    monkeypatch.setattr(health.Heartbeat.objects, "filter", refuse)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["database"] == "error"
    assert response.json()["worker"] == "stale"
    assert response.json()["worker_last_seen"] is None


def test_a_stale_worker_heartbeat_is_reported_but_the_web_stays_healthy(client, settings):
    settings.HEALTH_WORKER_MAX_SILENCE_MINUTES = 5
    _stamp(minutes_ago=6)
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    body = response.json()
    assert body["worker"] == "stale"
    assert datetime.datetime.fromisoformat(body["worker_last_seen"]) < timezone.now() - (
        datetime.timedelta(minutes=5)
    )


def test_with_no_heartbeat_ever_the_worker_is_stale_and_the_web_healthy(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["worker"] == "stale"
    assert response.json()["worker_last_seen"] is None


@pytest.mark.parametrize(("minutes_ago", "status"), [(None, 503), (6, 503), (4, 200)])
def test_asked_with_worker_healthz_is_503_while_the_heartbeat_is_stale(
    client, settings, minutes_ago, status
):
    settings.HEALTH_WORKER_MAX_SILENCE_MINUTES = 5
    if minutes_ago is not None:
        _stamp(minutes_ago=minutes_ago)
    response = client.get(reverse("healthz"), {"worker": ""})
    assert response.status_code == status
    assert response.json()["worker"] == ("ok" if status == 200 else "stale")


def test_healthz_reports_redis_not_configured_in_the_embedded_setup_and_stays_healthy(
    client, settings
):
    settings.CELERY_BROKER_URL = "filesystem://"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    _stamp(minutes_ago=0)
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["redis"] == "not configured"


def test_healthz_needs_no_login_shows_no_personal_data_and_answers_head(client, pair):
    _stamp(minutes_ago=0)
    response = client.get(reverse("healthz"))
    assert set(response.json()) == {"database", "redis", "worker", "worker_last_seen"}
    assert b"@" not in response.content
    assert client.head(reverse("healthz")).status_code == response.status_code
    assert client.post(reverse("healthz")).status_code == 405


def test_healthz_is_not_redirected_to_https_so_the_container_probe_reaches_it(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    _stamp(minutes_ago=0)
    assert client.get(reverse("home")).status_code == 301
    assert client.get(reverse("healthz")).status_code in (200, 503)


def test_the_heartbeat_task_stamps_the_worker_as_seen_now():
    before = timezone.now()
    tasks.record_heartbeat()
    seen = Heartbeat.objects.get(name=health.WORKER).seen_at
    assert before <= seen <= timezone.now()
    tasks.record_heartbeat()
    assert Heartbeat.objects.count() == 1


def test_beat_runs_the_heartbeat_every_minute_and_drops_stale_ones():
    task = PeriodicTask.objects.get(task="mentorship.tasks.record_heartbeat")
    assert task.enabled
    assert (task.interval.every, task.interval.period) == (1, "minutes")
    assert task.expire_seconds == 60


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_taking_the_heartbeat_from_redis_makes_healthz_healthy(
    client, broker, settings
):
    settings.CELERY_BROKER_URL = broker.url
    assert client.get(reverse("healthz"), {"worker": ""}).status_code == 503
    with start_worker(tasks.record_heartbeat.app, pool="solo", perform_ping_check=False):
        tasks.record_heartbeat.delay()
        deadline = time.monotonic() + 30
        while not Heartbeat.objects.exists():
            assert time.monotonic() < deadline, "the worker never stamped its heartbeat"
            time.sleep(0.1)
    assert client.get(reverse("healthz"), {"worker": ""}).status_code == 200


def _run_compose_probe(base_url: str, allowed_hosts: str) -> subprocess.CompletedProcess:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    probe = web_probe(compose).replace("http://127.0.0.1:8000", base_url)
    return subprocess.run(
        [sys.executable, "-c", probe],
        env={**os.environ, "ALLOWED_HOSTS": allowed_hosts},
        capture_output=True,
        timeout=30,
        check=False,
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_compose_probe_passes_with_the_worker_silent_and_fails_when_redis_is_down(
    live_server, settings
):
    settings.ALLOWED_HOSTS = ["mentoring.example.org"]
    _stamp(minutes_ago=60)
    healthy = _run_compose_probe(live_server.url, "mentoring.example.org,www.example.org")
    assert healthy.returncode == 0, healthy.stderr
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    unhealthy = _run_compose_probe(live_server.url, "mentoring.example.org")
    assert unhealthy.returncode != 0
    assert b"503" in unhealthy.stderr
