"""Writes on accounts that are more than a form save."""

from __future__ import annotations

import datetime as dt
from importlib import import_module

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Exists, OuterRef
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


def unconfirmed_accounts_delete(*, now: dt.datetime | None = None) -> int:
    """Deletes sign-ups nobody confirmed once their confirmation links have expired. Returns how many.

    Such an account holds its address as its login (unique), so while it stays nobody else can sign up with that
    address, and a reset is never sent to an unverified address: the address's owner would be locked out by
    whoever typed it first. These accounts never signed in (confirming is the first sign-in, under
    mandatory verification), so they hold nothing: no entries, links or messages. An account an admin made
    (no allauth address row), a staff account or one that ever signed in is never touched.
    """
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS)
    addresses = EmailAddress.objects.filter(user=OuterRef("pk"))
    stale = User.objects.filter(
        last_login__isnull=True, is_staff=False, is_superuser=False, date_joined__lt=cutoff
    ).filter(Exists(addresses.filter(verified=False)), ~Exists(addresses.filter(verified=True)))
    deleted = 0
    for user in stale.iterator():
        with transaction.atomic():
            user.delete()
            deleted += 1
    return deleted
