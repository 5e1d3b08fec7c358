"""Core's one task: send a message that was rendered in the request (allauth's account mail), retried
while the mail server is down (core.mail.MAIL_TASK_OPTIONS). Queued by core.mail.send_message_later."""

from __future__ import annotations

from celery import shared_task

from core.mail import MAIL_TASK_OPTIONS, message_from_payload


@shared_task(name="core.send_email", **MAIL_TASK_OPTIONS)
def send_email(message: dict) -> None:
    message_from_payload(message).send()
