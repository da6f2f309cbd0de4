"""/healthz: is this web server ready (database, Redis), and has a worker run a task lately?

The web container's health depends only on what the web server itself needs: a stopped worker
must not take the site down with it (the worker has its own health check, and pages work without
it). So the worker is reported, "ok" or "stale", and counts only when asked for with
/healthz?worker, for a monitor that watches the background work (the worker and beat together).

Each check is cheap, so a load balancer or Docker may ask every few seconds. The worker is not
pinged per request (a broadcast ping waits for replies); instead a periodic task stamps a
heartbeat row every minute, and the worker counts as alive while the stamp is recent.
No personal data, no login, never cached.
"""

from __future__ import annotations

import functools
import logging
from datetime import datetime, timedelta

import redis
from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from mentorship.models import Heartbeat

logger = logging.getLogger(__name__)

OK, ERROR, NOT_CONFIGURED, STALE = "ok", "error", "not configured", "stale"
WORKER = "worker"
REDIS_TIMEOUT_SECONDS = 1.0


def heartbeat_record(*, name: str = WORKER) -> datetime:
    """Stamp that `name` is running now (one row per name, updated in place)."""
    now = timezone.now()
    Heartbeat.objects.update_or_create(name=name, defaults={"seen_at": now})
    return now


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("Health check: the database is unreachable", exc_info=True)
        return ERROR
    return OK


def redis_urls() -> list[str]:
    """The Redis servers the site depends on: the Celery broker and the cache, if they are Redis."""
    urls = [settings.CELERY_BROKER_URL]
    cache = settings.CACHES["default"]
    if cache["BACKEND"].endswith("RedisCache"):
        location = cache["LOCATION"]
        urls += [location] if isinstance(location, str) else list(location)
    return sorted({url for url in urls if url.startswith(("redis://", "rediss://", "unix://"))})


@functools.lru_cache(maxsize=8)
def _redis_client(url: str) -> redis.Redis:
    # Kept per URL so each check reuses a pooled connection; short timeouts so a host that
    # swallows packets makes the check fail in a second rather than hang the probe.
    return redis.Redis.from_url(
        url, socket_connect_timeout=REDIS_TIMEOUT_SECONDS, socket_timeout=REDIS_TIMEOUT_SECONDS
    )


def redis_status() -> str:
    """ "not configured" when the site runs without Redis (filesystem broker, local cache)."""
    urls = redis_urls()
    if not urls:
        return NOT_CONFIGURED
    for url in urls:
        try:
            _redis_client(url).ping()
        except (redis.RedisError, OSError):
            logger.warning("Health check: Redis is unreachable", exc_info=True)
            return ERROR
    return OK


def worker_status(*, now: datetime | None = None) -> tuple[str, datetime | None]:
    """ "ok" while the heartbeat is recent, else "stale" (also when none was ever stamped)."""
    try:
        seen_at = Heartbeat.objects.filter(name=WORKER).values_list("seen_at", flat=True).first()
    except DatabaseError:
        seen_at = None
    limit = timedelta(minutes=settings.HEALTH_WORKER_MAX_SILENCE_MINUTES)
    alive = seen_at is not None and (now or timezone.now()) - seen_at <= limit
    return (OK if alive else STALE), seen_at


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database and Redis (if configured) are fine, 503 otherwise; with ?worker,
    also 503 when the worker's heartbeat is stale."""
    worker, last_seen = worker_status()
    report = {
        "database": database_status(),
        "redis": redis_status(),
        "worker": worker,
        "worker_last_seen": last_seen.isoformat() if last_seen else None,
    }
    healthy = report["database"] == OK and report["redis"] in {OK, NOT_CONFIGURED}
    if "worker" in request.GET:
        healthy = healthy and worker == OK
    return JsonResponse(report, status=200 if healthy else 503)
