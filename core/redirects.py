"""Safe redirects to a `next` target the client sent: only paths on this site."""

from __future__ import annotations

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, *, param: str = "next") -> str | None:
    """The POSTed (or queried) `next` path if it is a local path on this host, else None."""
    target = request.POST.get(param) or request.GET.get(param) or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None
