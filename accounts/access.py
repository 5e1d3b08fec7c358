"""Who may see what: every view that shows journal data asks this module."""

from __future__ import annotations

from django.http import Http404

from accounts.models import User


def can_view_journal(viewer: User, runner: User) -> bool:
    """A runner sees their own journal. (Physio links extend this in the physio workspace.)"""
    return viewer.is_authenticated and viewer.pk == runner.pk and runner.is_runner


def require_runner(user: User) -> User:
    """The signed-in user, if they are a runner; 404 otherwise (runner-only pages)."""
    if not (user.is_authenticated and user.is_runner):
        raise Http404("This page is for runners.")
    return user
