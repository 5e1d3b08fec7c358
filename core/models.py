"""Operations' one table: when a background process last proved it is alive. No domain data lives in core."""

from __future__ import annotations

from django.db import models


class Heartbeat(models.Model):
    """Last time a background process proved it is alive (the Celery worker, via beat); /healthz reads it.
    A row is replaced every minute, so nothing in it is worth keeping across a deploy."""

    name = models.CharField(max_length=40, unique=True)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.seen_at:%Y-%m-%d %H:%M:%S}"
