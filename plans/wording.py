"""Plain words for plan stages, sessions and decisions."""

from __future__ import annotations

from journal.models import SessionType
from plans.models import WEEKDAYS

DECISION_TITLE = {
    "progress": "Ready for the next stage",
    "hold": "Stay on this stage",
    "step_back": "Step back one stage",
    "paused": "Plan paused",
}

DECISION_STYLE = {"progress": "success", "hold": "secondary", "step_back": "warning", "paused": "danger"}


def session_line(spec) -> str:
    """One line saying what the session is, e.g. 'Run:walk 25 min: run 4, walk 1, repeated; easy pace'."""
    kind = spec.session_type
    minutes = spec.minutes
    if kind == SessionType.WALK:
        text = f"Walk {minutes} min at a comfortable pace"
    elif kind == SessionType.RUN_WALK:
        text = f"Run:walk {minutes} min: run {spec.run_minutes}, walk {spec.walk_minutes}, repeat; easy, conversational pace"
    elif kind == SessionType.FARTLEK:
        text = f"Fartlek {minutes} min: easy running with a few short faster spells"
    elif kind == SessionType.STAIRS:
        text = f"Stairs {minutes} min, in place of hills"
    elif kind == SessionType.LONG:
        text = f"Long run {minutes} min; make it run:walk 10:1 if the back tires"
    else:
        text = f"Easy run {minutes} min, conversational pace"
    return text


def days_line(days) -> str:
    return ", ".join(WEEKDAYS[d] for d in sorted(days))
