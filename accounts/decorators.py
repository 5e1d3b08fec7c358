"""Who may open a page, by kind of account: the role rules and the one pair of view decorators.

- ``runner_required``: signed in (else the login page), a runner (else 404).
- ``physio_required``: signed in (else the login page), an active physio (else 404), verified by an admin
  (else the "awaiting verification" page, 403).

Put the decorator next to the view function, below any method check, so the order stays: log in
first where a view keeps ``login_required`` outermost, then the method (405), then the kind of account.
Whose data a user may see beyond their kind of account (care links, objects by id) is decided in
``accounts.access``, which uses these rules too.

This module reads only the signed-in user and imports no model, so every app may use it (triage may
import no other app's model: see the import-linter contracts in pyproject.toml).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

AWAITING_VERIFICATION_TEMPLATE = "accounts/awaiting_verification.html"


class AwaitingVerification(PermissionDenied):
    """A physio whose account an admin has not verified yet (the views show a page that says so)."""


def require_runner(user: Any) -> Any:
    """The signed-in user, if they are a runner; 404 otherwise (runner-only pages)."""
    if not (user.is_authenticated and user.is_runner):
        raise Http404("This page is for runners.")
    return user


def require_physio(user: Any) -> Any:
    """The signed-in user, if they are a verified physio; 404 for anyone else.

    Raises ``AwaitingVerification`` for a physio account an admin has not verified yet.
    """
    if not (user.is_authenticated and user.is_physio and user.is_active):
        raise Http404("This page is for physiotherapists.")
    if not user.is_verified_physio:
        raise AwaitingVerification("An admin has not verified this physio account yet.")
    return user


View = Callable[..., HttpResponse]


def runner_required(view: View) -> View:
    """Signed-in runners only: anonymous users go to log in, anyone else gets 404."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        require_runner(request.user)
        return view(request, *args, **kwargs)

    return wrapper


def physio_required(view: View) -> View:
    """Signed-in, verified physios only (404 for anyone else); an unverified physio gets the page that
    explains the wait (403)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            require_physio(request.user)
        except AwaitingVerification:
            return render(request, AWAITING_VERIFICATION_TEMPLATE, status=403)
        return view(request, *args, **kwargs)

    return wrapper
