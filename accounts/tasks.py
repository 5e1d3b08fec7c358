from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from accounts.models import Heartbeat


@shared_task(name="accounts.heartbeat", acks_late=True, time_limit=30, soft_time_limit=20, ignore_result=True)
def heartbeat(name: str = "worker") -> None:
    """Records that a worker picked up a task from beat; /healthz reports its age. Idempotent."""
    Heartbeat.objects.update_or_create(name=name, defaults={"seen_at": timezone.now()})
