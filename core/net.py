"""The client's address behind reverse proxies: one rule for the API, link codes and allauth."""

from __future__ import annotations

from django.conf import settings


def client_address(request) -> str:
    """The client's address. Behind TRUSTED_PROXY_COUNT proxies, the address the outermost one saw.

    Each trusted proxy appends the address it received from to X-Forwarded-For, so with N proxies the
    client is the Nth entry from the right; anything further left was written by the client and is ignored.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or "unknown"
