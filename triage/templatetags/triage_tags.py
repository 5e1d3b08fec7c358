"""How verdicts look: a colour, an icon and words (never colour alone)."""

from __future__ import annotations

from django import template

from triage.codes import RiskFactor

register = template.Library()

VERDICT_STYLES: dict[str, dict[str, str]] = {
    "emergency": {"colour": "danger", "text": "white", "icon": "exclamation-octagon-fill"},
    "see_clinician": {"colour": "warning", "text": "dark", "icon": "clipboard2-pulse"},
    "walk_instead": {"colour": "info", "text": "dark", "icon": "person-walking"},
    "easy_run": {"colour": "primary", "text": "white", "icon": "speedometer"},
    "run": {"colour": "success", "text": "white", "icon": "check-circle-fill"},
}


@register.filter
def verdict_style(verdict: str) -> dict[str, str]:
    return VERDICT_STYLES.get(verdict, VERDICT_STYLES["see_clinician"])


@register.filter
def risk_label(code: str) -> str:
    return RiskFactor(code).label if code in RiskFactor.values else code
