"""The real parts the delivery tests use (an SMTP server, a Redis we can stop), shared here."""

from tests.notifications.conftest import broker, own_redis, smtp_server  # noqa: F401
