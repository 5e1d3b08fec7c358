"""Who may see what: every view that shows journal data asks this module.

The rules, in one place:

- A runner sees their own journal, care team and messages; nobody else's.
- A physio sees a runner's journal only through an ACTIVE ``CareLink`` (the runner's consent), only
  once an admin has verified the physio account, and only while both accounts are active.
- Links are looked up by their random ``public_id`` *and* the requesting user, so an id from
  someone else's URL answers 404, exactly like an id that does not exist.
- Staff use the Django admin; they are neither runners nor physios in the app's own pages.
- Pages check the kind of account with the view decorators ``runner_required`` and ``physio_required``
  (``accounts/decorators.py``, where the role rules ``require_runner`` and ``require_physio`` live).
- An email address is someone's only once they have verified it (``verified_addresses``): an invitation to an
  address goes to the account that has verified it, and is accepted only while that account still holds it.
"""

from __future__ import annotations

import uuid

from allauth.account.models import EmailAddress
from django.db.models import QuerySet
from django.http import Http404

from accounts.decorators import require_physio, require_runner
from accounts.models import CareLink, LinkStatus, User


def client_links(physio: User) -> QuerySet[CareLink]:
    """The active links through which this (verified) physio may see runners' journals."""
    require_physio(physio)
    return CareLink.objects.filter(physio=physio, status=LinkStatus.ACTIVE, runner__is_active=True)


def client_link(physio: User, public_id: uuid.UUID | str) -> CareLink:
    """One of the physio's active client links, with its runner; 404 for anything else."""
    try:
        return client_links(physio).select_related("runner").get(public_id=public_id)
    except (CareLink.DoesNotExist, ValueError, TypeError):
        raise Http404("No such client.") from None


def runner_link(runner: User, public_id: uuid.UUID | str) -> CareLink:
    """One of the runner's own active links to a physio (to revoke it or to write to that physio); else 404."""
    require_runner(runner)
    try:
        return CareLink.objects.select_related("physio").get(
            public_id=public_id, runner=runner, status=LinkStatus.ACTIVE
        )
    except (CareLink.DoesNotExist, ValueError, TypeError):
        raise Http404("No such link.") from None


def linked_physios(runner: User) -> QuerySet[User]:
    """Verified physios with an active link to this runner (they may see the journal and get urgent mail)."""
    return User.objects.filter(
        physio_links__runner=runner,
        physio_links__status=LinkStatus.ACTIVE,
        physio_verified_at__isnull=False,
        is_active=True,
    ).distinct()


def verified_addresses(user: User) -> QuerySet:
    """The addresses ``user`` has proved are theirs, as a subquery (``email__in=verified_addresses(user)``)."""
    return EmailAddress.objects.filter(user=user, verified=True).values("email")
