"""What higher apps offer under a triage result (a return-to-run plan), without triage importing them.

An app registers an Offer in its ``AppConfig.ready()``: a template to include and a test of whether it
applies to this person and this result. Triage asks only for the templates that apply.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


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
