"""Panels that higher apps place on the runner's dashboard, without the journal importing them.

Monitoring registers its status summary and safety panel, the clinic its messages panel, each in its
``AppConfig.ready()``. A panel is a template that fetches its own data through its app's template tags.
"""

from __future__ import annotations

from dataclasses import dataclass

SLOTS = ("status", "plan", "side")


@dataclass(frozen=True)
class Panel:
    slot: str  # "status": top of the dashboard; "plan": below it (this week's plan); "side": below the forms
    template: str
    order: int = 0


_panels: list[Panel] = []


def register_panel(panel: Panel) -> None:
    if panel.slot not in SLOTS:
        raise ValueError(f"unknown dashboard slot {panel.slot!r}")
    if panel not in _panels:
        _panels.append(panel)


def dashboard_panels() -> dict[str, list[str]]:
    """Template names per slot, in order."""
    return {slot: [p.template for p in sorted(_panels, key=lambda p: p.order) if p.slot == slot] for slot in SLOTS}
