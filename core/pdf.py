"""HTML to PDF (WeasyPrint) that can read only our own static files.

WeasyPrint's default fetcher follows ``file://``, ``http://``, ``https://`` and ``ftp://``: one template
that printed a user's text as a URL would read the server's files or make requests from inside our
network. This fetcher serves a URL only when it is a path under ``STATIC_URL`` on our own site (as
``{% static %}`` writes it), read from the collected static files or the app's ``static/`` folders,
and ``data:`` URLs (they carry their bytes and fetch nothing). Anything else is refused; WeasyPrint
logs the refusal and leaves the resource out.
"""

from __future__ import annotations

import mimetypes
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils._os import safe_join

# The report's pages are laid out against this base, so a root-relative "/static/..." resolves to it.
_BASE = "https://backtrack.invalid/"


class RefusedURL(ValueError):
    """A URL the PDF may not read (WeasyPrint catches ValueError and leaves the resource out)."""


def static_file(url: str) -> Path:
    """The file on disk behind a static URL of ours; RefusedURL for anything else."""
    parts = urlsplit(url)
    static_prefix = "/" + settings.STATIC_URL.lstrip("/")
    if f"{parts.scheme}://{parts.netloc}/" != _BASE or not parts.path.startswith(static_prefix):
        raise RefusedURL(f"Only our own static files can be read into a PDF, not {url[:200]}")
    name = unquote(parts.path[len(static_prefix) :])
    if not name or ".." in Path(name).parts or "\x00" in name:
        raise RefusedURL(f"Not a static file: {url[:200]}")
    candidates = []
    if settings.STATIC_ROOT:
        try:
            candidates.append(Path(safe_join(str(settings.STATIC_ROOT), name)))
        except Exception as error:  # SuspiciousFileOperation: outside the folder
            raise RefusedURL(f"Not a static file: {url[:200]}") from error
    found = finders.find(name)
    if found:
        candidates.append(Path(found))
    for path in candidates:
        if path.is_file():
            return path
    raise RefusedURL(f"No such static file: {url[:200]}")


def _fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = static_file(url)
            mime, _ = mimetypes.guess_type(path.name)
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime or "application/octet-stream"})

    return StaticOnlyFetcher(allowed_protocols=("data", "https"), allow_redirects=False)


_per_thread = threading.local()


def _font_config():
    """WeasyPrint's font configuration, one per thread and kept from one PDF to the next: making a new one
    for each PDF (Pango then loads the fonts into it again) was a fifth of a report's time. Not shared
    between threads (Pango's font map is not thread-safe). A font a document declared with @font-face would
    stay in it for the next PDF; ours declare none and use the system's sans-serif."""
    from weasyprint.text.fonts import FontConfiguration

    config = getattr(_per_thread, "font_config", None)
    if config is None:
        config = _per_thread.font_config = FontConfiguration()
    return config


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    return HTML(string=html, base_url=_BASE, url_fetcher=_fetcher()).write_pdf(font_config=_font_config())
