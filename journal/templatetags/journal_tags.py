"""Display helpers for journal templates."""

from __future__ import annotations

from django import template

from journal.units import UNIT_LABEL, format_pace, from_metres
from triage.codes import EMERGENCY_SYMPTOMS, Symptom

register = template.Library()
_LABELS = dict(Symptom.choices)


@register.filter
def symptom_label(code: str) -> str:
    return _LABELS.get(code, code)


@register.filter
def has_emergency(symptoms) -> bool:
    return bool(set(symptoms or []) & EMERGENCY_SYMPTOMS)


@register.filter
def distance(metres: int, unit: str) -> str:
    return f"{from_metres(metres or 0, unit):g} {UNIT_LABEL[unit]}"


@register.simple_tag
def pace(metres: int, seconds: int, unit: str) -> str:
    return format_pace(metres, seconds, unit)


@register.filter
def signed(value) -> str:
    """A change with its sign: +3.1, -2, 0."""
    if value is None:
        return ""
    return f"+{value:g}" if value > 0 else f"{value:g}"
