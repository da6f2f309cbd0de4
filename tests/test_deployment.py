"""The production stack in docker-compose.yml, checked without a Docker engine."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_runs_postgres_redis_web_worker_and_one_beat(compose):
    services = compose["services"]
    assert {"db", "redis", "web", "worker", "beat", "migrate"} <= set(services)
    assert services["db"]["image"] == "postgres:16"
    assert "db-data" in compose["volumes"]
    assert any("db-data:" in volume for volume in services["db"]["volumes"])
    assert "gunicorn" in services["web"]["command"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "mentorship", "beat"]
    assert services["beat"].get("deploy", {}).get("replicas", 1) == 1


def test_compose_services_wait_for_healthy_services_and_migrations(compose):
    services = compose["services"]
    for name in ("db", "redis", "web", "worker"):
        assert "healthcheck" in services[name], name
    for name in ("web", "worker", "beat"):
        depends = services[name]["depends_on"]
        assert depends["db"]["condition"] == "service_healthy"
        assert depends["redis"]["condition"] == "service_healthy"
        assert depends["migrate"]["condition"] == "service_completed_successfully"
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["REDIS_URL"].startswith("redis://")
    assert services["migrate"]["command"][-2:] == ["migrate", "--no-input"]


def test_docker_compose_accepts_the_file():
    binary = shutil.which("docker-compose")
    if binary is None:
        if os.environ.get("REQUIRE_SERVICES"):
            pytest.fail("docker-compose is required in CI to validate docker-compose.yml")
        pytest.skip("docker-compose is not installed")
    result = subprocess.run(
        [binary, "-f", str(ROOT / "docker-compose.yml"), "config", "-q"],
        env={**os.environ, "SECRET_KEY": "compose-check"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def web_probe(compose: dict) -> str:
    """The Python code of the web service's Docker health check."""
    test = compose["services"]["web"]["healthcheck"]["test"]
    assert test[:3] == ["CMD", "python", "-c"], test
    return test[3]


def test_compose_web_health_check_asks_healthz(compose):
    probe = web_probe(compose)
    assert "http://127.0.0.1:8000/healthz" in probe
    assert "ALLOWED_HOSTS" in probe, "the probe must use a host name Django accepts"
    compile(probe, "healthcheck", "exec")
    assert compose["services"]["web"]["healthcheck"]["start_period"]


def test_compose_web_health_check_asks_only_for_the_webs_own_readiness(compose):
    probe = web_probe(compose)
    assert "/healthz?" not in probe, "a stopped worker must not make web unhealthy"


def test_compose_worker_health_check_pings_its_own_worker(compose):
    test = compose["services"]["worker"]["healthcheck"]["test"]
    assert test[0] == "CMD-SHELL"
    assert "inspect ping" in test[1]
    # $$ is compose's escape: the shell in the container reads its own $HOSTNAME.
    assert "-d celery@$$HOSTNAME" in test[1], "a broadcast ping passes if any worker answers"


def test_compose_passes_the_trusted_proxy_settings_to_the_site(compose):
    env = compose["services"]["web"]["environment"]
    assert env["TRUSTED_PROXY_COUNT"] == "${TRUSTED_PROXY_COUNT:-0}"
    assert env["TRUSTED_CLIENT_IP_HEADER"] == "${TRUSTED_CLIENT_IP_HEADER:-}"
