"""Per-request policies tied to the signed-in user."""

from __future__ import annotations

import time

from allauth.account.authentication import get_authentication_records
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone


def idle_period(seconds: int | None = None) -> str:
    """The configured idle timeout in words: "30 minutes", "1 hour 30 minutes", "90 seconds"."""
    seconds = settings.CLINICIAN_IDLE_TIMEOUT if seconds is None else seconds
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [
        f"{n} {unit}{'' if n == 1 else 's'}"
        for n, unit in ((hours, "hour"), (minutes, "minute"), (secs, "second"))
        if n
    ]
    return " ".join(parts)


def _is_clinician(user) -> bool:
    return user.is_authenticated and (user.is_physio or user.is_staff)


class ClinicianIdleSignOutMiddleware:
    """Signs physios and staff out after CLINICIAN_IDLE_TIMEOUT seconds without a request."""

    SESSION_KEY = "last_seen"
    # The activity stamp is written at most once a minute: the timeout is exact to a minute, and a
    # clinician's busy minute costs one session write instead of one per request.
    STAMP_EVERY = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _is_clinician(request.user) and self._idle_too_long(request):
            logout(request)
            messages.info(request, f"You were signed out after {idle_period()} without activity.")
            return redirect(f"{reverse('account_login')}?next={request.path}")
        return self.get_response(request)

    def _idle_too_long(self, request) -> bool:
        now = int(time.time())
        last = request.session.get(self.SESSION_KEY)
        if last is None or now - int(last) >= self.STAMP_EVERY:
            request.session[self.SESSION_KEY] = now
        return last is not None and now - int(last) > settings.CLINICIAN_IDLE_TIMEOUT


class UserTimezoneMiddleware:
    """Shows dates and times in the signed-in user's own time zone for the rest of the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            timezone.activate(request.user.zone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


def used_second_factor(request) -> bool:
    """Whether this session's sign-in included a two-factor code (allauth records each step of a sign-in)."""
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))


# Set at sign-in (accounts.receivers.note_second_factor_at_login): whether this session must have used two-factor.
SECOND_FACTOR_KEY = "second_factor_required"


def second_factor_required(request) -> bool:
    """Whether the signed-in clinician has two-factor set up; asked once per session (a session older than this
    check asks on its first request), so a clinician's page costs no query for it."""
    required = request.session.get(SECOND_FACTOR_KEY)
    if required is None:
        required = request.session[SECOND_FACTOR_KEY] = get_mfa_adapter().is_mfa_enabled(request.user)
    return required


class ClinicianMfaMiddleware:
    """Physios and staff with two-factor set up must have used it in this session, whatever signed them in;
    when MFA_REQUIRED_FOR_CLINICIANS is on, those without it set it up first."""

    ALLOWED_PREFIXES = ("/accounts/", "/static/", "/healthz", "/favicon.ico", "/manifest.webmanifest")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _is_clinician(request.user):
            if second_factor_required(request) and not used_second_factor(request):
                # A session that skipped the second factor (a sign-in path outside allauth's stages, or one
                # made before this check existed) is ended, on every path: no page, not even /accounts/2fa/.
                logout(request)
                messages.warning(request, "Log in again with your password and your two-factor code.")
                return redirect(f"{reverse('account_login')}?next={request.path}")
            if (
                settings.MFA_REQUIRED_FOR_CLINICIANS
                and not request.path.startswith(self.ALLOWED_PREFIXES)
                and not get_mfa_adapter().is_mfa_enabled(request.user)
            ):
                messages.warning(
                    request, "Set up two-factor authentication to continue: it protects your clients' data."
                )
                return redirect("mfa_activate_totp")
        return self.get_response(request)
