"""Panels that higher apps place on the runner's dashboard, without the journal importing them.

Each app registers its panels in its ``AppConfig.ready()``: a slot, a template that only displays, and a
context function that fetches the panel's data. The dashboard view calls every context function with
one ``DashboardState`` (the request, the runner, the journal's own first-screen data, and a per-request
store through which one app's panels share what they fetched); the template receives the result as
``panel``. Monitoring registers its status summary and safety panel, plans the "This week" card, the
clinic a physio's unanswered message and the conversations (one fetch shared by both).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

from accounts.models import User

SLOTS = ("status", "plan", "side")


@dataclass
class DashboardState:
    """What a panel's context function may read. ``trends``: the journal's first-screen data
    (``journal.presentation.dashboard_context(history=False)``: today, today_verdict, pain_by_day from
    ``start``)."""

    request: HttpRequest
    runner: User
    trends: dict[str, Any]
    _shared: dict[str, Any] = field(default_factory=dict)

    def once(self, key: str, fetch: Callable[[], Any]) -> Any:
        """``fetch()`` the first time ``key`` is asked for in this request, the same value after that
        (monitoring's open flags serve its status summary, its panel and the plan card)."""
        if key not in self._shared:
            self._shared[key] = fetch()
        return self._shared[key]


@dataclass(frozen=True)
class Panel:
    slot: str  # "status": top of the dashboard; "plan": below it (this week's plan); "side": below the forms
    template: str
    order: int = 0
    context: Callable[[DashboardState], Any] | None = None  # the panel's data, given to the template as `panel`


@dataclass(frozen=True)
class PanelView:
    template: str
    data: Any


_panels: list[Panel] = []


def register_panel(panel: Panel) -> None:
    if panel.slot not in SLOTS:
        raise ValueError(f"unknown dashboard slot {panel.slot!r}")
    if panel not in _panels:
        _panels.append(panel)


def dashboard_panels(state: DashboardState) -> dict[str, list[PanelView]]:
    """Each slot's panels in order, each with the data its context function returned."""
    ordered = sorted(_panels, key=lambda p: p.order)
    return {
        slot: [
            PanelView(template=p.template, data=p.context(state) if p.context is not None else None)
            for p in ordered
            if p.slot == slot
        ]
        for slot in SLOTS
    }
