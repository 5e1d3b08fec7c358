"""Idempotency keys for the journal's logging forms, so that a form sent twice logs once.

A queued offline item, a double tap or a retry after a dropped connection carries the same key (the
``Idempotency-Key`` header, or the ``idempotency_key`` form field). The first request with a key claims
it in the shared cache with ``cache.add`` (atomic on Redis and on the database cache); a later request
with the same key, from the same runner, logs nothing and goes where a successful one would. A request
that fails (a form error, an exception) gives its key back, so the corrected form can be sent with it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect

KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{8,80}")
KEY_SECONDS = 14 * 24 * 3600  # a phone may stay offline for days; keys are remembered for two weeks
HEADER = "Idempotency-Key"
FIELD = "idempotency_key"


def request_key(request: HttpRequest) -> str:
    return request.headers.get(HEADER) or request.POST.get(FIELD) or ""


def idempotent(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For POST views of signed-in runners; put it under ``login_required``."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        key = request_key(request) if request.method == "POST" else ""
        if not key:
            return view(request, *args, **kwargs)
        if not KEY_PATTERN.fullmatch(key):
            return HttpResponseBadRequest(
                "This form was sent with a damaged key, so nothing was saved. Reload the page and send it again.",
                content_type="text/plain; charset=utf-8",
            )
        cache_key = f"journal:idempotency:{request.user.pk}:{view.__name__}:{key}"
        if not cache.add(cache_key, "claimed", timeout=KEY_SECONDS):
            messages.info(request, "This was already saved, so it was not logged again.")
            return redirect("journal:dashboard")
        try:
            response = view(request, *args, **kwargs)
        except BaseException:
            cache.delete(cache_key)
            raise
        if response.status_code >= 400:
            cache.delete(cache_key)
        return response

    return wrapper
