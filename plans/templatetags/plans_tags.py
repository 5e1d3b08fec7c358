"""Template helpers for the "This week" card on the runner's dashboard and the physio's plan page."""

from __future__ import annotations

from django import template

from plans.models import drawing_choices
from plans.wording import DECISION_STYLE, DECISION_TITLE, days_line, session_line

register = template.Library()


@register.filter
def decision_title(decision: str) -> str:
    return DECISION_TITLE.get(decision, decision)


@register.filter
def decision_style(decision: str) -> str:
    return DECISION_STYLE.get(decision, "secondary")


@register.filter
def spec_line(spec) -> str:
    return session_line(spec) if spec is not None else ""


@register.filter
def weekdays(days) -> str:
    return days_line(days or [])


@register.filter
def dose(prescription) -> str:
    """'2 x 10' or '3 x 30 s hold'."""
    if prescription.reps:
        return f"{prescription.sets} × {prescription.reps}"
    return f"{prescription.sets} × {prescription.hold_seconds} s hold"


@register.filter
def steps(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@register.filter
def drawing_path(exercise) -> str:
    """The static path of an exercise's drawing, or "" for none (or for a file that is no longer there)."""
    if not exercise.drawing or exercise.drawing not in dict(drawing_choices()):
        return ""
    return f"plans/exercises/{exercise.drawing}"


SKIPPED_WORDS = {"": "no", "pain": "yes, because of the back", "other": "yes, for another reason"}


@register.filter
def skipped_words(value) -> str:
    return SKIPPED_WORDS.get(str(value or ""), str(value))
