"""Real parts for delivery tests: an SMTP server (aiosmtpd), a Redis we can stop, workers."""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller

from tests.conftest import REQUIRE_SERVICES


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Mailbox:
    """What the SMTP server received, and how it should misbehave next."""

    messages: list[tuple[str, bytes]] = field(default_factory=list)
    refuse: list[str] = field(
        default_factory=list
    )  # replies to give instead of accepting, in order
    hang_first: bool = False
    hanging: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.hang_first and not self.hanging.is_set():
            # Stall before the message is transferred, as a slow server would, so a test can
            # kill the sending worker mid-send.
            self.hanging.set()
            while not self.release.is_set():
                await __import__("asyncio").sleep(0.05)
            return "451 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.refuse:
                return self.refuse.pop(0)
            self.messages.append((envelope.rcpt_tos[0], envelope.content))
        return "250 Message accepted"

    def to(self, address: str) -> list[bytes]:
        return [content for rcpt, content in self.messages if rcpt == address]

    def wait_for(self, count: int, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count:
            assert time.monotonic() < deadline, (
                f"only {len(self.messages)} of {count} emails arrived"
            )
            time.sleep(0.1)


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on a free port, with the site's mail going to it."""
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    mailbox.port = port
    yield mailbox
    mailbox.release.set()
    controller.stop()


class RedisServer:
    """A Redis of our own on a free port, so a test can stop it and start it again."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def own_redis(redis_url):
    """Needs Redis installed (the redis_url fixture fails in CI when it is missing)."""
    if shutil.which("redis-server") is None:
        if REQUIRE_SERVICES:
            pytest.fail("redis-server is required")
        pytest.skip("redis-server is not installed")
    server = RedisServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def broker(own_redis):
    """Point the Celery app at our own Redis for the test, and back afterwards."""
    from mentorship.celery import app

    def use(url: str) -> None:
        app.conf.broker_url = url
        app._pool = None  # connection pools are made lazily from broker_url: drop the old ones
        app.amqp._producer_pool = None

    previous = app.conf.broker_url
    use(own_redis.url)
    yield own_redis
    use(previous)
