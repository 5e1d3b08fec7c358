"""Small helpers shared by tests."""

from __future__ import annotations

import time
from collections.abc import Callable


def wait_for(predicate: Callable[[], bool], timeout: float = 20.0, interval: float = 0.1) -> bool:
    """Polls ``predicate`` until it is true or ``timeout`` seconds pass (for real workers and servers)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


def sees_client(physio, runner) -> bool:
    """Whether ``physio`` may open ``runner``'s client page, asked through the function every clinic client
    view calls (``accounts.access.client_link``) with each link the pair has ever had."""
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from accounts import access
    from accounts.models import CareLink

    for link in CareLink.objects.filter(physio=physio, runner=runner):
        try:
            access.client_link(physio, link.public_id)
        except (Http404, PermissionDenied):
            continue
        return True
    return False
