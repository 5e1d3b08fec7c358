"""Template helpers for the monitoring panel, which the journal dashboard includes."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

from core.notes import NoteKind, readable
from journal.models import Entry
from monitoring.forms import AssessedForm, DismissForm
from monitoring.models import Severity
from monitoring.rules import EntryPoint, RunnerSeries, data_enough
from monitoring.selectors import open_flags_for, pending_checkins_for, runner_may_record_assessment
from monitoring.services import thresholds_from_settings
from monitoring.wording import EXPLANATION, HELP_LEVEL, SEVERITY_ICON, SEVERITY_WORDS, evidence_lines

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
    """Open flags, pending check-ins and whether the pain trend has enough data, for the panel.

    Queries: the open flags (shared with the status summary), the check-ins, the last eight weeks of
    entries (to say when there is too little data to compare: none on the dashboard, whose trends already
    hold them unless it shows fewer weeks than that), and, only with an open urgent flag,
    whether a physio is linked (who then closes it; otherwise the runner may record an assessment).
    A bound form with errors (``monitoring_bound_form`` in the context) replaces the empty one.
    """
    bound = context.get("monitoring_bound_form")
    flags = []
    open_flags = _open_flags(context, runner)
    may_record = None
    if any(flag.severity == Severity.URGENT for flag in open_flags):
        may_record = runner_may_record_assessment(runner)
    today = timezone.localtime(timezone.now(), runner.zone).date()
    for flag in open_flags:
        form = assessed = None
        if flag.runner_may_dismiss:
            prefix = f"flag-{flag.pk}"
            form = bound if bound is not None and bound.prefix == prefix else DismissForm(prefix=prefix)
        elif may_record:
            prefix = f"assessed-{flag.pk}"
            assessed = (
                bound if bound is not None and bound.prefix == prefix else AssessedForm(prefix=prefix, today=today)
            )
        flags.append({"flag": flag, "form": form, "assessed_form": assessed})
    thresholds = thresholds_from_settings()
    since = today - dt.timedelta(days=thresholds.worsening_recent_days + thresholds.worsening_baseline_days)
    trends = context.get("trends")  # the dashboard's own entries, when they reach back far enough
    if trends and trends["runner"].pk == runner.pk and trends["today"] == today and trends["start"] <= since:
        pains = ((day, pain) for day, pain in trends["pain_by_day"].items() if day >= since)
    else:
        pains = Entry.objects.filter(runner=runner, day__gte=since).values_list("day", "pain")
    points = [EntryPoint(day=day, pain=pain) for day, pain in pains]
    return {
        "flags": flags,
        "checkins": list(pending_checkins_for(runner)),
        "data_enough": data_enough(RunnerSeries(today=today, entries=points), thresholds),
        "min_entries": thresholds.worsening_min_entries,
        "baseline_weeks": thresholds.worsening_baseline_days // 7,
    }


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
