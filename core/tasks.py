"""Core's tasks, none of them about the domain: send a message that was rendered in the request (allauth's
account mail), retried while the mail server is down (core.mail.MAIL_TASK_OPTIONS; queued by
core.mail.send_message_later); and two for operations on beat: the worker's heartbeat, which /healthz
reports, and the daily sweep of expired sessions."""

from __future__ import annotations

from celery import shared_task
from django.core.management import call_command
from django.utils import timezone

from core.mail import MAIL_TASK_OPTIONS, message_from_payload
from core.models import Heartbeat


@shared_task(name="core.send_email", **MAIL_TASK_OPTIONS)
def send_email(message: dict) -> None:
    message_from_payload(message).send()


@shared_task(name="core.heartbeat", acks_late=True, time_limit=30, soft_time_limit=20, ignore_result=True)
def heartbeat(name: str = "worker") -> None:
    """Records that a worker picked up a task from beat; /healthz reports its age. Idempotent."""
    Heartbeat.objects.update_or_create(name=name, defaults={"seen_at": timezone.now()})


@shared_task(name="core.clear_sessions", acks_late=True, time_limit=600, soft_time_limit=540, ignore_result=True)
def clear_sessions() -> None:
    """Daily on beat: removes expired sessions (Django's clearsessions), so no old session keeps an address."""
    call_command("clearsessions")
