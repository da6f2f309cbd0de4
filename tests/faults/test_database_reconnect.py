"""The database connection drops between two requests (a restart, a failover, an idle timeout).

gunicorn keeps a connection for CONN_MAX_AGE seconds; with CONN_HEALTH_CHECKS Django tests it at
the start of the next request and opens a new one if it is dead. Django's test client switches
that per-request housekeeping off, so these tests call the WSGI application as gunicorn does.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable

import psycopg2
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import Client
from django.urls import reverse

TRANSACTIONAL = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _wsgi_get(path: str, cookie: str) -> int:
    """One GET through the real WSGI handler, which fires request_started and request_finished."""
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "HTTP_COOKIE": cookie,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
    }
    status: list[str] = []

    def start_response(line: str, headers: list, exc_info=None) -> Callable:
        status.append(line)
        return lambda data: None

    response = WSGIHandler()(environ, start_response)
    response.close()  # as a WSGI server does: fires request_finished
    return int(status[0].split()[0])


def _terminate_backend(pid: int) -> None:
    """Kill the server process behind a connection, from a second connection."""
    params = connection.get_connection_params()
    other = psycopg2.connect(
        **{k: v for k, v in params.items() if k in {"dbname", "user", "password", "host", "port"}}
    )
    other.autocommit = True
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            deadline = time.monotonic() + 10
            while True:
                cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
                if cursor.fetchone()[0] == 0:
                    return
                assert time.monotonic() < deadline, "the backend did not go away"
                time.sleep(0.05)
    finally:
        other.close()


def _session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())


@pytest.fixture
def persistent_connections(postgres):
    settings_dict = connection.settings_dict
    assert settings_dict["CONN_MAX_AGE"] > 0, "connections must outlive a request here"
    assert settings_dict["CONN_HEALTH_CHECKS"], "the settings must enable CONN_HEALTH_CHECKS"


@TRANSACTIONAL
def test_the_next_request_works_after_the_database_dropped_the_connection(
    persistent_connections, pair, alice
):
    cookie = _session_cookie(alice)
    assert _wsgi_get(reverse("mentorship:dashboard"), cookie) == 200
    pid = connection.connection.info.backend_pid  # kept open after the request: CONN_MAX_AGE
    _terminate_backend(pid)
    assert _wsgi_get(reverse("mentorship:detail", args=[pair.pk]), cookie) == 200
    assert connection.connection.info.backend_pid != pid


@TRANSACTIONAL
def test_without_health_checks_the_same_drop_fails_the_next_request(
    persistent_connections, pair, alice
):
    """The control: it is the health check, not luck, that saves the request above."""
    cookie = _session_cookie(alice)
    assert _wsgi_get(reverse("mentorship:dashboard"), cookie) == 200
    _terminate_backend(connection.connection.info.backend_pid)
    connection.health_check_enabled = False
    try:
        assert _wsgi_get(reverse("mentorship:dashboard"), cookie) == 500
    finally:
        connection.health_check_enabled = True
        connection.close()
