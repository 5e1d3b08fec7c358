"""What higher apps offer under a triage result (a return-to-run plan), without triage importing them.

An app registers an Offer in its ``AppConfig.ready()``: a template to include and a test of whether it
applies to this person and this result. Triage asks only for the templates that apply.

The journal also registers where a runner saves a result (``register_save_view``: the URL name of its
"Save to my journal" view) and where a result the runner already saved today can be found (``saved_where``),
so a saved check opened again says it is saved instead of offering to save it once more. Without a
registered save view the result offers no saving.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class Offer:
    template: str
    applies: Callable[[Any, Any], bool]  # (request, assessment) -> bool


_offers: list[Offer] = []


def register_offer(offer: Offer) -> None:
    if offer not in _offers:
        _offers.append(offer)


def offers_for(request, assessment) -> list[str]:
    """The templates of the offers that apply, in the order they were registered."""
    return [offer.template for offer in _offers if offer.applies(request, assessment)]


_saved_lookups: list[Callable[[Any, Any], str | None]] = []  # (request, answers) -> the URL where it is kept


def register_saved_lookup(lookup: Callable[[Any, Any], str | None]) -> None:
    if lookup not in _saved_lookups:
        _saved_lookups.append(lookup)


def saved_where(request, answers) -> str | None:
    """Where this person keeps these very answers, saved today (a page's URL), or None."""
    return next((url for lookup in _saved_lookups if (url := lookup(request, answers))), None)


_save_views: list[str] = []  # URL names of the views that keep a result (POST), first registered first


def register_save_view(url_name: str) -> None:
    if url_name not in _save_views:
        _save_views.append(url_name)


def save_url() -> str | None:
    """The URL a runner posts a result to, to keep it; None when no app keeps results."""
    return reverse(_save_views[0]) if _save_views else None
