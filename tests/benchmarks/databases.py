"""PostgreSQL helpers the benchmark scripts share: make their own database, give it statistics."""

from __future__ import annotations

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
