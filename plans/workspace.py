"""Where the physio's plan page leads: the pages of the physio workspace around it.

The clinic (above plans) registers its client pages in its ``AppConfig.ready()``; plans names none of
them. Without a registered workspace the plan page shows no caseload links and no visit-report form.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ClientPages:
    caseload: str  # the physio's caseload
    client: str  # this client's page
    report: str  # this client's visit report (a GET form with ``start`` and ``end``)


_client_pages: list[Callable[[Any], ClientPages]] = []  # (care link) -> the pages for that client


def register_client_pages(pages: Callable[[Any], ClientPages]) -> None:
    if pages not in _client_pages:
        _client_pages.append(pages)


def client_pages(link) -> ClientPages | None:
    """The workspace pages for this client (the first registered), or None."""
    return _client_pages[0](link) if _client_pages else None
