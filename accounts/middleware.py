"""Per-request policies tied to the signed-in user."""

from __future__ import annotations

import time

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


class UserTimezoneMiddleware:
    """Shows times in the signed-in user's own time zone; idle clinicians are signed out."""

    SESSION_KEY = "last_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            if _is_clinician(user) and self._idle_too_long(request):
                logout(request)
                messages.info(request, f"You were signed out after {idle_period()} without activity.")
                return redirect(f"{reverse('account_login')}?next={request.path}")
            timezone.activate(user.zone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()

    # The activity stamp is written at most once a minute: the timeout is exact to a minute, and a
    # clinician's busy minute costs one session write instead of one per request.
    STAMP_EVERY = 60

    def _idle_too_long(self, request) -> bool:
        now = int(time.time())
        last = request.session.get(self.SESSION_KEY)
        if last is None or now - int(last) >= self.STAMP_EVERY:
            request.session[self.SESSION_KEY] = now
        return last is not None and now - int(last) > settings.CLINICIAN_IDLE_TIMEOUT


class ClinicianMfaMiddleware:
    """When MFA_REQUIRED_FOR_CLINICIANS is on, physios and staff set up two-factor first."""

    ALLOWED_PREFIXES = ("/accounts/", "/static/", "/healthz", "/favicon.ico", "/manifest.webmanifest")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.MFA_REQUIRED_FOR_CLINICIANS
            and _is_clinician(request.user)
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and not get_mfa_adapter().is_mfa_enabled(request.user)
        ):
            messages.warning(request, "Set up two-factor authentication to continue: it protects your clients' data.")
            return redirect("mfa_activate_totp")
        return self.get_response(request)
