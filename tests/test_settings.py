"""The one settings module loads in both deployments: the embedded default and production."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRINT = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({'db': settings.DATABASES['default']['ENGINE'], "
    "'broker': settings.CELERY_BROKER_URL, 'cache': settings.CACHES['default']['BACKEND'], "
    "'mail': settings.EMAIL_BACKEND, 'debug': settings.DEBUG, 'hosts': settings.ALLOWED_HOSTS, "
    "'health': settings.DATABASES['default'].get('CONN_HEALTH_CHECKS'), "
    "'email_host': getattr(settings, 'EMAIL_HOST', '')}))"
)


def _load(tmp_path, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "EMAIL_URL", "DEBUG", "SECRET_KEY"}
    }
    clean.update({"DJANGO_SETTINGS_MODULE": "mentorship.settings", "VAR_DIR": str(tmp_path), **env})
    result = subprocess.run(
        [sys.executable, "-c", PRINT],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )
    return result


def test_with_nothing_configured_the_site_uses_sqlite_the_filesystem_broker_and_mail_files(
    tmp_path,
):
    result = _load(tmp_path, DEBUG="1")
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["db"] == "django.db.backends.sqlite3"
    assert loaded["broker"] == "filesystem://"
    assert loaded["mail"] == "django.core.mail.backends.filebased.EmailBackend"
    assert loaded["debug"] is True
    assert (tmp_path / "broker" / "queue").is_dir()


def test_with_urls_set_the_site_uses_postgresql_redis_and_smtp(tmp_path):
    result = _load(
        tmp_path,
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="mentoring.example.org",
        DATABASE_URL="postgres://u:p@db.example.org:5432/mentoring",
        REDIS_URL="redis://cache.example.org:6379/0",
        EMAIL_URL="smtp://mailer:secret@smtp.example.org:587?tls=1",
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["db"] == "django.db.backends.postgresql"
    assert loaded["health"] is True
    assert loaded["broker"] == "redis://cache.example.org:6379/0"
    assert loaded["cache"] == "mentorship.project.cache.ForgivingRedisCache"
    assert loaded["mail"] == "django.core.mail.backends.smtp.EmailBackend"
    assert loaded["email_host"] == "smtp.example.org"
    assert loaded["debug"] is False
    assert loaded["hosts"] == ["mentoring.example.org"]


def test_without_debug_a_secret_key_is_required(tmp_path):
    result = _load(tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DEBUG", "maybe"),
        ("CONN_MAX_AGE", "soon"),
        ("TRUSTED_PROXY_COUNT", "one"),
        ("TRUSTED_PROXY_COUNT", "-1"),
        ("TRUSTED_CLIENT_IP_HEADER", "X-Real-IP: 1.2.3.4"),
    ],
)
def test_a_malformed_variable_fails_loudly(tmp_path, name, value):
    result = _load(tmp_path, SECRET_KEY="x" * 50, DATABASE_URL="postgres://u@h/db", **{name: value})
    assert result.returncode != 0
    assert name in result.stderr


def test_trusting_both_a_proxy_count_and_a_client_address_header_is_refused(tmp_path):
    result = _load(
        tmp_path, DEBUG="1", TRUSTED_PROXY_COUNT="1", TRUSTED_CLIENT_IP_HEADER="X-Real-IP"
    )
    assert result.returncode != 0
    assert "not both" in result.stderr


def test_env_example_lists_every_variable_the_settings_read():
    settings_source = (ROOT / "mentorship" / "settings.py").read_text()
    import re

    read = set(re.findall(r'env(?:bool|int|list)?\("([A-Z_]+)"', settings_source))
    listed = set(re.findall(r"^#?\s*([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read - listed == set(), "add these to .env.example"
    assert listed - read - {"DJANGO_SETTINGS_MODULE"} == set(), (
        "these are in .env.example but never read"
    )


def test_production_settings_pass_the_deployment_checks_without_warnings(tmp_path):
    # Only what a production deployment sets: not the test run's own relaxations.
    dropped = {
        "DATABASE_URL",
        "REDIS_URL",
        "EMAIL_URL",
        "DEBUG",
        "SECURE_SSL_REDIRECT",
        "STATIC_MANIFEST",
        "DJANGO_ALLOW_ASYNC_UNSAFE",  # the browser tests set it for Playwright's thread
    }
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(
        DJANGO_SETTINGS_MODULE="mentorship.settings",
        DEBUG="0",
        VAR_DIR=str(tmp_path),
        SECRET_KEY="a-long-random-production-secret-key-" + "x9Q7" * 10,
        ALLOWED_HOSTS="mentoring.example.org",
        CSRF_TRUSTED_ORIGINS="https://mentoring.example.org",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


PROJECT_APPS = {"accounts", "mentorship", "matching"}


def _project_tasks() -> dict:
    from mentorship.celery import app

    app.loader.import_default_modules()
    return {name: task for name, task in app.tasks.items() if name.split(".")[0] in PROJECT_APPS}


def test_celery_acknowledges_late_and_limits_every_tasks_time_from_the_settings(settings):
    from mentorship.celery import app

    # kombu's Redis transport hands a task not yet acknowledged to another worker after this.
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600)

    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert 0 < app.conf.task_soft_time_limit < app.conf.task_time_limit
    tasks = _project_tasks()
    assert {"accounts.tasks.send_email", "matching.tasks.run_matching"} <= set(tasks)
    for name, task in tasks.items():
        assert task.acks_late is True, name
        assert 0 < task.soft_time_limit < task.time_limit < visibility, name


def test_only_the_long_tasks_get_longer_limits_than_the_default():
    from mentorship.celery import app

    default = (app.conf.task_soft_time_limit, app.conf.task_time_limit)
    longer = {
        name
        for name, task in _project_tasks().items()
        if (task.soft_time_limit, task.time_limit) != default
    }
    assert longer == {"matching.tasks.run_matching", "mentorship.tasks.sweep_reminders"}


def test_no_task_sets_acks_late_itself():
    setting_it = [
        str(path.relative_to(ROOT))
        for app in sorted(PROJECT_APPS)
        for path in (ROOT / app).rglob("*.py")
        if "acks_late" in path.read_text()
    ]
    assert setting_it == []


def test_a_matching_run_is_called_stale_only_after_its_task_would_have_been_stopped():
    from matching.services import RUN_STALE_AFTER
    from matching.tasks import run_matching

    assert RUN_STALE_AFTER.total_seconds() > run_matching.time_limit
