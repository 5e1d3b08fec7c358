"""Whole triage pages for visitors who send no cookies, kept in each process's memory.

Such a visitor has no account, no session and no pending message, so the blank form and the result for
a given query string are the same bytes for every one of them on a given day. Each process keeps the
last ``MAX_PAGES`` of them. A kept result remembers the advice texts it was rendered with and is not
used once they change (``triage.advice.published_blocks`` returns a new mapping after a publish or a
reload); the day is part of the key, and the result prints that same day (the view passes it), so a
page rendered across midnight is kept under the date it shows. Anyone with a cookie, and every error
page, is rendered as usual.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict

from django.http import HttpRequest, HttpResponse

MAX_PAGES = 256  # about 30 KiB each: under 8 MiB per process
MAX_QUERY = 2048  # longer query strings are rendered every time, never kept
NO_TEXTS = object()  # for a page that shows no advice text (the blank form)

_pages: OrderedDict[tuple[str, str, str], tuple[object, bytes]] = OrderedDict()  # key -> (texts, page)
_lock = threading.Lock()


Key = tuple[str, str, str]


def key_for(request: HttpRequest, day: dt.date) -> Key | None:
    """The key of this request's page on ``day`` (the date the page prints), or None: not to be kept."""
    query = request.META.get("QUERY_STRING", "")
    if request.COOKIES or len(query) > MAX_QUERY:
        return None
    return (request.path, query, day.isoformat())


def get(key: Key | None, texts: object) -> HttpResponse | None:
    """The kept page for this key if it was rendered with these advice texts, else None (then render it
    and offer it to ``keep``)."""
    if key is None:
        return None
    with _lock:
        kept = _pages.get(key)
        if kept is None or kept[0] is not texts:
            return None
        _pages.move_to_end(key)
    return HttpResponse(kept[1])


def keep(key: Key | None, response: HttpResponse, texts: object) -> None:
    """Keeps a 200 page, rendered with ``texts`` for ``key``'s day, for the next cookie-less visitor."""
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
