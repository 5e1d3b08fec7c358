"""Reactions to allauth's signals."""

from __future__ import annotations

from allauth.account.adapter import get_adapter
from allauth.account.internal.flows.login import record_authentication
from allauth.account.models import EmailAddress
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator

from accounts.middleware import SECOND_FACTOR_KEY


def note_second_factor_at_login(sender, request, user, **kwargs) -> None:
    """Every sign-in of a physio or admin (allauth's, Django's login(), a test's force_login) notes whether the
    account has two-factor set up, so that ClinicianMfaMiddleware asks no query per page to hold it to it."""
    if request is not None and hasattr(request, "session") and (user.is_physio or user.is_staff):
        request.session[SECOND_FACTOR_KEY] = get_mfa_adapter().is_mfa_enabled(user)


def count_setup_as_second_factor(sender, request, user, authenticator, **kwargs) -> None:
    """Setting up an authenticator app means typing one of its codes: the session that did it has used its
    second factor (accounts.middleware.ClinicianMfaMiddleware asks for that), so a clinician who has just
    set it up is not sent to sign in again. allauth keeps this record for its own sign-in steps."""
    if request is None or authenticator.type != Authenticator.Type.TOTP or request.user.pk != user.pk:
        return
    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type, activated=True)
    request.session[SECOND_FACTOR_KEY] = True


def drop_stale_copies(request, email_address, **kwargs) -> None:
    """Once an address is confirmed it is this account's: the same address left unverified on other accounts
    (typed there by someone who never proved it) is removed, with its pending confirmations."""
    stale = EmailAddress.objects.filter(email__iexact=email_address.email, verified=False).exclude(
        user_id=email_address.user_id
    )
    for address in stale.select_related("user"):
        if address.user.email.lower() == address.email.lower():
            continue  # that account's own login address (a sign-up never confirmed) stays; it can never be verified
        address.remove()


def tell_the_account_an_address_was_added(request, user, email_address, **kwargs) -> None:
    """An address added to an account is announced to the account's main address (allauth announces changes
    and removals itself, ACCOUNT_EMAIL_NOTIFICATIONS): whoever took over a session is seen at the first step."""
    if email_address.primary:
        return
    get_adapter(request).send_notification_mail("account/email/email_added", user, {"added_email": email_address.email})
