"""Template helpers for the monitoring panel, which the journal dashboard includes."""

from __future__ import annotations

from django import template

from monitoring.forms import DismissForm
from monitoring.selectors import open_flags_for, pending_checkins_for
from monitoring.wording import EXPLANATION, SEVERITY_ICON, SEVERITY_WORDS, evidence_lines

register = template.Library()


def _open_flags(context, runner) -> list:
    """The runner's open flags, fetched once per request (the status summary and the panel share them)."""
    request = context.get("request")
    cached = getattr(request, "_monitoring_open_flags", None)
    if cached is None:
        cached = list(open_flags_for(runner))
        if request is not None:
            request._monitoring_open_flags = cached
    return cached


@register.simple_tag(takes_context=True)
def monitoring_open_flags(context, runner) -> list:
    return _open_flags(context, runner)


@register.simple_tag(takes_context=True)
def monitoring_panel(context, runner):
    """Open flags and pending check-ins for the panel: two queries (flags, shared with the status
    summary, and check-ins) whatever the data.

    A bound dismiss form with errors (``monitoring_bound_form`` in the context) replaces the empty one.
    """
    bound = context.get("monitoring_bound_form")
    flags = []
    for flag in _open_flags(context, runner):
        form = None
        if flag.runner_may_dismiss:
            prefix = f"flag-{flag.pk}"
            form = bound if bound is not None and bound.prefix == prefix else DismissForm(prefix=prefix)
        flags.append({"flag": flag, "form": form})
    return {"flags": flags, "checkins": list(pending_checkins_for(runner))}


@register.filter
def flag_explanation(flag) -> str:
    return EXPLANATION.get(flag.kind, "")


@register.filter
def flag_evidence(flag) -> list[str]:
    return evidence_lines(flag.kind, flag.evidence)


@register.filter
def severity_words(severity: str) -> str:
    return SEVERITY_WORDS.get(severity, severity)


@register.filter
def severity_icon(severity: str) -> str:
    return SEVERITY_ICON.get(severity, "info-circle")
