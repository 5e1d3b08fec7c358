"""Whole triage pages for visitors who send no cookies, kept in each process's memory.

Such a visitor has no account, no session and no pending message, so the blank form and the result for
a given query string are the same bytes for every one of them on a given day. Each process keeps the
last ``MAX_PAGES`` of them. A kept result remembers the advice texts it was rendered with and is not
used once they change (``triage.advice.published_blocks`` returns a new mapping after a publish or a
reload); the day is part of the key (the result prints the date). Anyone with a cookie, and every error
page, is rendered as usual.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

MAX_PAGES = 256  # about 30 KiB each: under 8 MiB per process
MAX_QUERY = 2048  # longer query strings are rendered every time, never kept
NO_TEXTS = object()  # for a page that shows no advice text (the blank form)

_pages: OrderedDict[tuple[str, str, str], tuple[object, bytes]] = OrderedDict()
_lock = threading.Lock()


def _key(request: HttpRequest) -> tuple[str, str, str] | None:
    query = request.META.get("QUERY_STRING", "")
    if request.COOKIES or len(query) > MAX_QUERY:
        return None
    return (request.path, query, timezone.localdate().isoformat())


def get(request: HttpRequest, texts: object) -> HttpResponse | None:
    """The kept page for this request if it was rendered with these advice texts, else None (then render
    it and offer it to ``keep``)."""
    key = _key(request)
    if key is None:
        return None
    with _lock:
        kept = _pages.get(key)
        if kept is None or kept[0] is not texts:
            return None
        _pages.move_to_end(key)
    return HttpResponse(kept[1])


def keep(request: HttpRequest, response: HttpResponse, texts: object) -> None:
    """Keeps a 200 page, rendered with ``texts``, for the next cookie-less visitor."""
    key = _key(request)
    if key is None or response.status_code != 200 or response.has_header("Cache-Control"):
        return
    with _lock:
        _pages[key] = (texts, response.content)
        _pages.move_to_end(key)
        while len(_pages) > MAX_PAGES:
            _pages.popitem(last=False)


def forget() -> None:
    with _lock:
        _pages.clear()
