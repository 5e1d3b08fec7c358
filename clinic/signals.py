"""Receivers the clinic connects in ClinicConfig.ready(): account and monitoring events it reacts to.

Urgent flags (``monitoring.signals.flag_opened``, and ``flag_worse`` when an open one's signs got worse)
are mailed to each physio linked to the runner, one retrying mail task per physio (clinic/tasks.py).

Invitations sent to an address before its physio had an account (or had verified that address) are
attached whenever that can have changed: the physio's account is saved (signing in saves it, with the
time of the sign-in; so does an admin making it a physio account or verifying it), or they verify an
address (allauth's confirmation, or an admin ticking "verified").
"""

from __future__ import annotations

from accounts.access import linked_physios
from clinic import services, tasks
from core.mail import send_after_commit
from monitoring.models import Severity


def attach_invitations_on_confirm(request, email_address, **kwargs) -> None:
    attach_invitations_on_address_saved(sender=None, instance=email_address)


def attach_invitations_on_address_saved(sender, instance, **kwargs) -> None:
    if instance.verified and instance.user.is_physio:
        services.invitations_attach(physio=instance.user)


def attach_invitations_on_account_saved(sender, instance, **kwargs) -> None:
    if instance.is_physio:
        services.invitations_attach(physio=instance)


def _mail_linked_physios(flag, *, worse: bool) -> None:
    if flag.severity != Severity.URGENT:
        return  # review and advice flags are the runner's to read; physios see them on the client page
    for physio_id in linked_physios(flag.runner).values_list("pk", flat=True):
        send_after_commit(tasks.send_flag_opened_to_physio, flag_id=flag.pk, physio_id=physio_id, worse=worse)


def mail_physios_on_flag_opened(sender, *, flag, **kwargs) -> None:
    _mail_linked_physios(flag, worse=False)


def mail_physios_on_flag_worse(sender, *, flag, **kwargs) -> None:
    _mail_linked_physios(flag, worse=True)
