"""Receivers the clinic connects in ClinicConfig.ready(): account events it reacts to.

Invitations sent to an address before its physio had an account (or had verified that address) are
attached whenever that can have changed: the physio's account is saved (signing in saves it, with the
time of the sign-in; so does an admin making it a physio account or verifying it), or they verify an
address (allauth's confirmation, or an admin ticking "verified").
"""

from __future__ import annotations

from clinic import services


def attach_invitations_on_confirm(request, email_address, **kwargs) -> None:
    attach_invitations_on_address_saved(sender=None, instance=email_address)


def attach_invitations_on_address_saved(sender, instance, **kwargs) -> None:
    if instance.verified and instance.user.is_physio:
        services.invitations_attach(physio=instance.user)


def attach_invitations_on_account_saved(sender, instance, **kwargs) -> None:
    if instance.is_physio:
        services.invitations_attach(physio=instance)
