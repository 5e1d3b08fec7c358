"""Writes on accounts that are more than a form save."""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from accounts.models import User


def sessions_end(*, user: User) -> int:
    """Deletes every stored session signed in as `user` (each browser, each device). Returns how many.

    Sessions are stored encoded, so this reads the live ones; it runs only when an account is deleted.
    Each goes through the session engine, so an engine that also caches sessions drops that copy too.
    Expired rows go with the daily `clearsessions` (accounts.clear_sessions on beat).
    """
    doomed = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            doomed.append(session.session_key)
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for key in doomed:
        store(session_key=key).delete()
    return len(doomed)


def account_delete(*, user: User, request=None) -> None:
    """Deletes the account, everything that cascades from it, and all of its sessions."""
    with transaction.atomic():
        if request is not None:
            logout(request)  # this browser's session first
        sessions_end(user=user)
        user.delete()
