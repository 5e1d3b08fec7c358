"""A fixed-window request limit per client address, counted in Django's shared cache."""

from __future__ import annotations

import functools
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.shortcuts import render

WINDOW_SECONDS = 60


@dataclass(frozen=True)
class Limit:
    allowed: bool
    retry_after: int  # seconds until the window resets (meaningful when not allowed)


def limit_hit(*, scope: str, client: str, per_minute: int, now: float | None = None) -> Limit:
    """Count one request from `client`; refuse it once `per_minute` requests fell in this minute."""
    now = time.time() if now is None else now
    window = int(now // WINDOW_SECONDS)
    key = f"ratelimit:{scope}:{client}:{window}"
    # incr() is atomic on Redis and costs the database cache one read and one write; only the first
    # request of a window creates the counter (add() is atomic too: a racing request then counts on).
    try:
        count = cache.incr(key)
    except ValueError:
        count = 1 if cache.add(key, 1, timeout=WINDOW_SECONDS + 5) else cache.incr(key)
    retry_after = max(1, math.ceil((window + 1) * WINDOW_SECONDS - now))
    return Limit(allowed=count <= per_minute, retry_after=retry_after)


def budget_spend(
    *, scope: str, client: str, amount: int, limit: int, window_seconds: int, now: float | None = None
) -> Limit:
    """Spend `amount` units of `client`'s budget of `limit` per fixed window; refused (and not spent) past it.

    For work heavier than a request, such as files to import per hour. Atomic on Redis like limit_hit.
    """
    now = time.time() if now is None else now
    window = int(now // window_seconds)
    key = f"budget:{scope}:{client}:{window}"
    retry_after = max(1, math.ceil((window + 1) * window_seconds - now))
    cache.add(key, 0, timeout=window_seconds + 5)
    try:
        spent = cache.incr(key, amount)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 0, timeout=window_seconds + 5)
        spent = cache.incr(key, amount)
    if spent > limit:
        cache.decr(key, amount)
        return Limit(allowed=False, retry_after=retry_after)
    return Limit(allowed=True, retry_after=retry_after)


# Downloads a signed-in user may start per minute, per kind: PDFs take a second or two of a web worker
# each, exports read a whole journal. Far above what a person clicks, far below what holds the workers.
PDFS_PER_MINUTE = 6
EXPORTS_PER_MINUTE = 20


def per_user_limit(scope: str, *, per_minute: int) -> Callable:
    """View decorator: each signed-in user may call the view ``per_minute`` times a minute (counted in
    the shared cache, per scope); past it a 429 page that says when to try again, and no work done.
    Put it under the login check, so only signed-in users reach it."""

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            limit = limit_hit(scope=scope, client=f"user:{request.user.pk}", per_minute=per_minute)
            if not limit.allowed:
                response = render(
                    request, "core/too_many_downloads.html", {"retry_after": limit.retry_after}, status=429
                )
                response["Retry-After"] = str(limit.retry_after)
                response["Cache-Control"] = "no-store, private"
                return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
