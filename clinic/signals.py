"""Receivers the clinic connects in ClinicConfig.ready(): account events it reacts to."""

from __future__ import annotations

from clinic import services


def attach_invitations_on_login(sender, request, user, **kwargs) -> None:
    if user.is_physio:
        services.invitations_attach(physio=user)


def attach_invitations_on_confirm(request, email_address, **kwargs) -> None:
    user = email_address.user
    if user.is_physio:
        services.invitations_attach(physio=user)
