from __future__ import annotations

from celery import shared_task
from django.core.management import call_command
from django.utils import timezone

from accounts import services
from accounts.models import Heartbeat


@shared_task(name="accounts.heartbeat", acks_late=True, time_limit=30, soft_time_limit=20, ignore_result=True)
def heartbeat(name: str = "worker") -> None:
    """Records that a worker picked up a task from beat; /healthz reports its age. Idempotent."""
    Heartbeat.objects.update_or_create(name=name, defaults={"seen_at": timezone.now()})


@shared_task(name="accounts.clear_sessions", acks_late=True, time_limit=600, soft_time_limit=540, ignore_result=True)
def clear_sessions() -> None:
    """Daily on beat: removes expired sessions (Django's clearsessions), so no old session keeps an address."""
    call_command("clearsessions")


@shared_task(
    name="accounts.delete_unconfirmed_accounts", acks_late=True, time_limit=600, soft_time_limit=540, ignore_result=True
)
def delete_unconfirmed_accounts() -> int:
    """Daily on beat: sign-ups never confirmed, once their links have expired (accounts.services says why)."""
    return services.unconfirmed_accounts_delete()
