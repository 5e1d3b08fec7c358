"""A fixed-window request limit per client address, counted in Django's shared cache."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from django.core.cache import cache

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
