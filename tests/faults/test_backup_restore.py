"""The README's backup and restore commands, run as written on a seeded PostgreSQL database:
the restored copy has every table with the same rows, and the same next ids."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator

import psycopg2
import pytest
from django.conf import settings

from tests.conftest import _service_missing
from tests.test_deployment import ROOT

README = ROOT / "README.md"


def readme_commands() -> list[str]:
    """The shell lines of the code block in the README's "Backup and restore" section."""
    section = README.read_text().split("## Backup and restore", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "the Backup and restore section has no sh code block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def _url(name: str) -> str:
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
    )


def _admin(sql: str) -> None:
    connection = psycopg2.connect(_url("postgres"))
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
    finally:
        connection.close()


@pytest.fixture
def databases(postgres) -> Iterator[tuple[str, str]]:
    """Two fresh, empty databases: the one to back up and the one to restore into."""
    for binary in ("pg_dump", "pg_restore"):
        if shutil.which(binary) is None:
            _service_missing(binary)
    suffix = uuid.uuid4().hex[:8]
    names = (f"backup_source_{suffix}", f"backup_restored_{suffix}")
    for name in names:
        _admin(f'CREATE DATABASE "{name}"')
    yield _url(names[0]), _url(names[1])
    for name in names:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _environment(database_url: str, tmp_path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    # Seeding queues emails: without REDIS_URL they go to a filesystem broker in tmp_path.
    return {**env, "DATABASE_URL": database_url, "DEBUG": "1", "VAR_DIR": str(tmp_path / "var")}


def _manage(database_url: str, tmp_path, *args: str) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=_environment(database_url, tmp_path),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _snapshot(database_url: str) -> dict[str, tuple[int, str]]:
    """Every table's row count and a checksum of its rows; every sequence's next value."""
    connection = psycopg2.connect(database_url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
            tables = [row[0] for row in cursor.fetchall()]
            found: dict[str, tuple[int, str]] = {}
            for table in tables:
                cursor.execute(
                    f"SELECT count(*), md5(coalesce(string_agg(t::text, chr(10) ORDER BY t::text), '')) FROM \"{table}\" t"  # noqa: S608
                )
                found[table] = cursor.fetchone()
            cursor.execute(
                "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
            )
            found.update({f"sequence {name}": (value, "") for name, value in cursor.fetchall()})
            return found
    finally:
        connection.close()


def test_the_readme_backup_and_restore_commands_copy_every_row_of_a_seeded_database(
    databases, tmp_path
):
    source, restored = databases
    _manage(source, tmp_path, "migrate", "--no-input")
    _manage(source, tmp_path, "seed_demo", "--members", "60")
    commands = readme_commands()
    assert [c.split()[0] for c in commands[:2]] == ["pg_dump", "pg_restore"]
    assert "-Fc" in commands[0] and "--clean --if-exists --no-owner" in commands[1]

    env = {**_environment(source, tmp_path), "RESTORE_URL": restored}
    for command in commands:
        command = command.replace("python manage.py", f"{sys.executable} {ROOT / 'manage.py'}")
        result = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", command],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert result.returncode == 0, f"{command}\n{result.stdout}{result.stderr}"

    before, after = _snapshot(source), _snapshot(restored)
    assert before.keys() == after.keys()
    differing = [name for name in before if before[name] != after[name]]
    assert differing == []
    counts = {name: count for name, (count, _digest) in before.items()}
    for table in ("accounts_user", "mentorship_mentorship", "mentorship_session"):
        assert counts[table] > 0, f"the seed should have filled {table}"
    assert counts["accounts_user"] >= 60
    for named in ("accounts_user", "mentorship_mentorship", "accounts_outboundemail"):
        assert named in counts, f"the README names {named}, which does not exist"
