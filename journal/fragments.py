"""Derived history, rendered once per journal version and kept in Django's cache.

A fragment (the weekly table and pain calendar, a page of journal days) is keyed by everything it is
derived from: the runner (and when their account was made, so a new account never meets an old one's
pages), their journal version (``journal.versions``: raised in the same transaction as every write), the
fragment's name and its parameters (the period, the page, the viewer's day and time zone, the reader).
A write gives the runner a new version, hence new keys: nothing is invalidated, nothing stale is read.

Never cached here: the safety status, open flags, the plan's decision and today's verdict; the first
screen renders those on every request. A cache that fails is skipped: the fragment is rendered instead.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from accounts.models import User
from journal.versions import journal_version

logger = logging.getLogger(__name__)

FRAGMENT_SECONDS = 24 * 3600  # a day: keys of older versions are never read again and simply expire
FRAGMENT_HEADER = "X-Fragment"  # sent by static/js/fragments.js: answer with the fragment alone


CACHED_PAGES = 5  # journal pages whose fragments are kept; older pages are rendered each time (bounded keys)


def page_part(value: str | None) -> int | None:
    """A journal page number worth a cache key (1 to CACHED_PAGES), else None: render without the cache, so a
    runner cannot fill the cache with keys of made-up page numbers."""
    return int(value) if value and value.isdigit() and 1 <= int(value) <= CACHED_PAGES else None


def fragment_key(*, runner: User, name: str, parts: tuple) -> str:
    text = repr((runner.pk, runner.date_joined.timestamp(), journal_version(runner.pk), name, parts))
    return "fragment:" + hashlib.sha256(text.encode()).hexdigest()


def cached_html(*, runner: User, name: str, parts: tuple | None, build: Callable[[], str]) -> str:
    """The fragment's HTML from the cache, else ``build()`` it and keep it (one query for the version).
    ``parts`` None: not worth keeping (``page_part``); just build it."""
    if parts is None:
        return build()
    key = fragment_key(runner=runner, name=name, parts=parts)
    try:
        html = cache.get(key)
    except Exception:  # a cache outage costs a render, never the page
        logger.warning("fragment cache unavailable; rendering %s", name, exc_info=True)
        return build()
    if html is None:
        html = build()
        try:
            cache.set(key, html, FRAGMENT_SECONDS)
        except Exception:  # the same: the page is still served
            logger.warning("fragment cache unavailable; %s not kept", name, exc_info=True)
    return html


def fragment_response(request: HttpRequest, html: str, *, title: str, back_url: str, back_text: str) -> HttpResponse:
    """The fragment alone for our script (``X-Fragment: 1``); else a whole page around it, for the plain link
    that works without JavaScript. Never kept by a browser or a proxy (health data)."""
    html = mark_safe(html)  # noqa: S308 - our own templates' output (cached_html's build), escaped when rendered
    if request.headers.get(FRAGMENT_HEADER) == "1":
        response = HttpResponse(html)
    else:
        response = render(
            request,
            "journal/fragment_page.html",
            {"fragment": html, "title": title, "back_url": back_url, "back_text": back_text},
        )
    response["Cache-Control"] = "no-store, private"
    response["Vary"] = FRAGMENT_HEADER
    return response
