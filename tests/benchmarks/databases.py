"""PostgreSQL helpers the benchmark scripts share: make their own database, give it statistics,
and start Django on it."""

from __future__ import annotations

import os
from urllib.parse import urlparse


def database_create(url: str, *, recreate: bool = False) -> None:
    """Create the database URL names, if missing; with recreate, drop it first (with its sessions)."""
    import psycopg2

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = psycopg2.connect(host=parsed.hostname, port=parsed.port or 5432, user=parsed.username or "postgres",
                             password=parsed.password or None, dbname="postgres")  # fmt: skip
    admin.autocommit = True
    with admin.cursor() as cursor:
        if recreate:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def database_analyze(url: str) -> None:
    """Give the planner statistics for freshly seeded tables, as autovacuum would in time.

    Without them (autovacuum may be off, or not yet run) PostgreSQL guesses row counts and picks
    plans no deployed site would use, such as a bitmap scan of every confirmed session."""
    import psycopg2

    connection = psycopg2.connect(url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    connection.close()


def django_on_own_database(url: str) -> None:
    """Start Django with production-like settings on the database URL names (made if missing and
    migrated), with no Redis and with Celery's in-memory broker: sending is not what is measured."""
    database_create(url)
    os.environ.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="mentorship.settings",
        SECRET_KEY="bench",
        DEBUG="0",
    )
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from mentorship.celery import app

    app.conf.broker_url = settings.CELERY_BROKER_URL = "memory://"
    call_command("migrate", verbosity=0)
