"""Liveness stamps of background processes."""

from __future__ import annotations

from django.db import models


class Heartbeat(models.Model):
    """When a background process last showed it was running (a worker stamps this every minute).

    It is in the database, not the cache, so the site sees the worker's stamp in every setup,
    including `make run`, whose cache is local to each process."""

    name = models.CharField(max_length=50, unique=True)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} seen {self.seen_at:%Y-%m-%d %H:%M:%S}"
