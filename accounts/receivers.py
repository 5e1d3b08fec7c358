"""Reactions to allauth's signals."""

from __future__ import annotations

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator


def count_setup_as_second_factor(sender, request, user, authenticator, **kwargs) -> None:
    """Setting up an authenticator app means typing one of its codes: the session that did it has used its
    second factor (accounts.middleware.ClinicianMfaMiddleware asks for that), so a clinician who has just
    set it up is not sent to sign in again. allauth keeps this record for its own sign-in steps."""
    if request is None or authenticator.type != Authenticator.Type.TOTP or request.user.pk != user.pk:
        return
    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type, activated=True)
