"""Display helpers for the physio workspace (the runner's dashboard panels are clinic/panels.py's)."""

from __future__ import annotations

from django import template

from clinic.services import format_code

register = template.Library()


@register.filter
def link_code(code: str) -> str:
    return format_code(code)


@register.filter
def pain_change(rise: float | None) -> str:
    """The change in mean pain, last 7 days against the 7 before, in words as well as a sign."""
    if rise is None:
        return "not enough entries"
    if rise > 0:
        return f"up {rise:.1f}"
    if rise < 0:
        return f"down {-rise:.1f}"
    return "no change"
