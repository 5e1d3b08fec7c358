"""Who may see what: every view that shows journal data asks this module."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import CareLink, LinkStatus, User


def can_view_journal(viewer: User, runner: User) -> bool:
    """A runner sees their own journal. (Physio links extend this in the physio workspace.)"""
    return viewer.is_authenticated and viewer.pk == runner.pk and runner.is_runner


def require_runner(user: User) -> User:
    """The signed-in user, if they are a runner; 404 otherwise (runner-only pages)."""
    if not (user.is_authenticated and user.is_runner):
        raise Http404("This page is for runners.")
    return user


def linked_physios(runner: User) -> QuerySet[User]:
    """Verified physios with an active link to this runner (they may see the journal and get urgent mail)."""
    return User.objects.filter(
        physio_links__runner=runner,
        physio_links__status=LinkStatus.ACTIVE,
        physio_verified_at__isnull=False,
        is_active=True,
    ).distinct()


def active_link(physio: User, runner: User) -> CareLink | None:
    return CareLink.objects.filter(physio=physio, runner=runner, status=LinkStatus.ACTIVE).first()
