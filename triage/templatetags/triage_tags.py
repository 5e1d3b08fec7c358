"""How verdicts look: a colour, an icon and words (never colour alone)."""

from __future__ import annotations

from django import template
from django.conf import settings

from triage.advice import advice_block
from triage.codes import VERDICT_ADVICE, RiskFactor, Verdict
from triage.contacts import contacts_for, region_for

register = template.Library()

VERDICT_STYLES: dict[str, dict[str, str]] = {
    "emergency": {"colour": "danger", "text": "white", "icon": "exclamation-octagon-fill"},
    "urgent": {"colour": "danger", "text": "white", "icon": "hospital"},
    "see_clinician": {"colour": "warning", "text": "dark", "icon": "clipboard2-pulse"},
    "walk_instead": {"colour": "info", "text": "dark", "icon": "person-walking"},
    "easy_run": {"colour": "primary", "text": "white", "icon": "speedometer"},
    "run": {"colour": "success", "text": "white", "icon": "check-circle-fill"},
}


@register.filter
def verdict_style(verdict: str) -> dict[str, str]:
    return VERDICT_STYLES.get(verdict, VERDICT_STYLES["see_clinician"])


@register.filter
def verdict_label(verdict: str) -> str:
    return Verdict(verdict).label if verdict in Verdict.values else verdict


@register.filter
def risk_label(code: str) -> str:
    return RiskFactor(code).label if code in RiskFactor.values else code


def country_for(user, default: str | None = None) -> str:
    """The country whose numbers this person sees: their profile setting, else the site default."""
    country = getattr(user, "country", "") if getattr(user, "is_authenticated", False) else ""
    return country or default or settings.EMERGENCY_COUNTRY_DEFAULT


@register.inclusion_tag("triage/_get_help_now.html", takes_context=True)
def get_help_now(
    context, level: str = "emergency", country: str | None = None, with_text: bool = True, title_only: bool = False
) -> dict:
    """What to do now and tap-to-call numbers, for `emergency` or `urgent`: one wording and one set of
    numbers for triage, the journal and monitoring. The wording is the admin-edited verdict text."""
    request = context.get("request")
    country = country or country_for(getattr(request, "user", None))
    block = None
    if with_text:
        block = advice_block(str(VERDICT_ADVICE.get(level, VERDICT_ADVICE[Verdict.EMERGENCY])))
    return {
        "level": level,
        "block": block,
        "title_only": title_only,
        "contacts": contacts_for(level, country, settings.EMERGENCY_COUNTRY_DEFAULT),
        "region": region_for(country, settings.EMERGENCY_COUNTRY_DEFAULT),
        "country_links": context.get("country_links"),  # the triage result's "Not in …?" switch
    }
