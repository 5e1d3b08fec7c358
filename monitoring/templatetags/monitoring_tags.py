"""Template helpers for the monitoring panel, which the journal dashboard includes."""

from __future__ import annotations

from django import template

from core.notes import NoteKind, readable
from monitoring.panels import panel_data
from monitoring.wording import EXPLANATION, HELP_LEVEL, SEVERITY_ICON, SEVERITY_WORDS, evidence_lines

register = template.Library()


@register.simple_tag(takes_context=True)
def monitoring_panel(context, runner):
    """The safety panel's data for the flags page (the dashboard gets it from ``monitoring.panels``); a form
    refused there (``monitoring_bound_form`` in the context) replaces the empty one."""
    return panel_data(runner, bound=context.get("monitoring_bound_form"))


@register.filter
def flag_explanation(flag) -> str:
    return EXPLANATION.get(flag.kind, "")


@register.filter
def flag_help_level(flag) -> str:
    """ "emergency" or "urgent" for flags that carry tap-to-call numbers (triage's get_help_now), else ""."""
    return HELP_LEVEL.get(flag.kind, "")


@register.filter
def flag_evidence(flag) -> list[str]:
    return evidence_lines(flag.kind, flag.evidence)


@register.filter
def flag_evidence_for_physio(flag) -> list[str]:
    """The same numbers in the third person ("their average"), for physio pages."""
    return evidence_lines(flag.kind, flag.evidence, audience="physio")


@register.filter
def acknowledge_note_for(flag, audience: str) -> str:
    """The physio's acknowledge note, for those core.notes lets read it (linked physios only)."""
    return readable(flag.acknowledge_note, kind=NoteKind.FLAG_ACKNOWLEDGE, audience=audience)


@register.filter
def close_note_for(flag, audience: str) -> str:
    """The note that closed the flag (the physio's or the runner's own), for those core.notes lets read it."""
    return readable(flag.resolve_note, kind=NoteKind.FLAG_CLOSE, audience=audience)


@register.filter
def severity_words(severity: str) -> str:
    return SEVERITY_WORDS.get(severity, severity)


@register.filter
def severity_icon(severity: str) -> str:
    return SEVERITY_ICON.get(severity, "info-circle")
