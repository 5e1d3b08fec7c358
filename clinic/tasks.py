"""The clinic's mail as Celery tasks: ids in, re-read from the database, retried while the mail server
is down (core.mail.MAIL_TASK_OPTIONS). Queued with core.mail.send_after_commit by clinic.services and by
clinic.signals (monitoring's urgent flags)."""

from __future__ import annotations

from celery import shared_task
from django.core.exceptions import ObjectDoesNotExist

from clinic import emails
from core.mail import MAIL_TASK_OPTIONS


@shared_task(name="clinic.send_invitation", **MAIL_TASK_OPTIONS)
def send_invitation(invitation_id: int) -> None:
    try:
        emails.send_invitation(invitation_id=invitation_id)
    except ObjectDoesNotExist:
        return  # cancelled and gone before the mail went out: nothing to say


@shared_task(name="clinic.send_invitation_accepted", **MAIL_TASK_OPTIONS)
def send_invitation_accepted(link_id: int) -> None:
    try:
        emails.send_invitation_accepted(link_id=link_id)
    except ObjectDoesNotExist:
        return


@shared_task(name="clinic.send_new_message", **MAIL_TASK_OPTIONS)
def send_new_message(message_id: int) -> None:
    try:
        emails.send_new_message(message_id=message_id)
    except ObjectDoesNotExist:
        return  # the account and its conversation were deleted


@shared_task(name="clinic.send_flag_opened_to_physio", **MAIL_TASK_OPTIONS)
def send_flag_opened_to_physio(flag_id: int, physio_id: int, worse: bool = False) -> None:
    try:
        emails.send_flag_opened_to_physio(flag_id=flag_id, physio_id=physio_id, worse=worse)
    except ObjectDoesNotExist:
        return  # the runner's account (and its flags) was deleted before the mail went out
