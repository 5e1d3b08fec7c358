"""Monitoring's panels on the runner's dashboard (registered in ``MonitoringConfig.ready()``): the status
summary at the top and the safety panel below the forms. Context functions fetch; the templates display.

Never cached: open flags and check-ins are read on every request (journal/fragments.py caches history only).
"""

from __future__ import annotations

import datetime as dt

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django import forms
from django.utils import timezone

from accounts.models import User
from journal.models import Entry
from journal.panels import DashboardState
from monitoring.forms import AssessedForm, DismissForm
from monitoring.models import SEVERITY_RANK, Flag, FlagStatus, Severity
from monitoring.rules import EntryPoint, RunnerSeries, data_enough
from monitoring.selectors import (
    pending_checkins_for,
    runner_may_record_assessment,
    thresholds_from_settings,
)


def open_flags(state: DashboardState) -> list[Flag]:
    """The runner's open flags, fetched once per dashboard request (the status summary, the safety panel
    and the plan card all show them)."""
    return state.once("monitoring.open_flags", lambda: open_flags_list(state.runner))


def open_flags_list(runner: User) -> list[Flag]:
    """``monitoring.selectors.open_flags_for``'s flags in its order (most serious first, newest first within
    a severity), sorted here: a runner has a handful of open flags, and building the database's CASE over
    the severities cost more than the query itself (``tests/monitoring/test_panels.py`` holds the two equal)."""
    flags = list(Flag.objects.filter(runner_id=runner.pk, status=FlagStatus.OPEN))
    flags.sort(key=lambda f: f.opened_at, reverse=True)
    flags.sort(key=lambda f: SEVERITY_RANK.get(f.severity, len(SEVERITY_RANK)))
    return flags


def status_context(state: DashboardState) -> dict:
    return {"flags": open_flags(state)}


def safety_context(state: DashboardState) -> dict:
    """The safety panel on the dashboard: its pain trend reads the dashboard's own entries when they reach
    back far enough (``trends``: the default 12 weeks do), else eight weeks of entries."""
    trends = state.trends
    return panel_data(
        state.runner,
        flags=open_flags(state),
        pains=lambda since: (
            ((day, pain) for day, pain in trends["pain_by_day"].items() if day >= since)
            if trends["start"] <= since
            else None
        ),
    )


# A flag's blank dismiss (or "I have been assessed") form holds nothing but its prefix, the flag's id: each
# process keeps crispy's markup of it by form and prefix. A refused form is rendered with its values and errors.
_BLANK_FORMS: dict[tuple[str, str], str] = {}
_BLANK_FORMS_KEPT = 512


def form_html(form: forms.Form) -> str:
    """The form's fields as crispy renders them (``{{ form|crispy }}``), kept per process when blank."""
    if form.is_bound:
        return as_crispy_form(form)
    key = (type(form).__name__, form.prefix or "")
    html = _BLANK_FORMS.get(key)
    if html is None:
        if len(_BLANK_FORMS) >= _BLANK_FORMS_KEPT:
            _BLANK_FORMS.clear()
        html = _BLANK_FORMS[key] = as_crispy_form(form)
    return html


def panel_data(runner: User, *, flags: list[Flag] | None = None, bound=None, pains=None) -> dict:
    """Open flags with their forms, pending check-ins and whether the pain trend has enough data.

    Queries: the open flags (unless given), the check-ins, the last eight weeks of entries (unless
    ``pains(since)`` gives them), and, only with an open urgent flag, whether a physio is linked (who then
    closes it; otherwise the runner may record an assessment). ``bound``: a form refused on the flags page,
    shown in place of the empty one.
    """
    flags = open_flags_list(runner) if flags is None else flags
    today = timezone.localtime(timezone.now(), runner.zone).date()
    may_record = runner_may_record_assessment(runner) if any(f.severity == Severity.URGENT for f in flags) else None
    items = []
    for flag in flags:
        form = assessed = None
        if flag.runner_may_dismiss:
            prefix = f"flag-{flag.pk}"
            form = bound if bound is not None and bound.prefix == prefix else DismissForm(prefix=prefix)
        elif may_record:
            prefix = f"assessed-{flag.pk}"
            assessed = (
                bound if bound is not None and bound.prefix == prefix else AssessedForm(prefix=prefix, today=today)
            )
        items.append(
            {
                "flag": flag,
                "form": form,
                "assessed_form": assessed,
                "form_html": form_html(form or assessed) if form or assessed else "",
            }
        )
    thresholds = thresholds_from_settings()
    since = today - dt.timedelta(days=thresholds.worsening_recent_days + thresholds.worsening_baseline_days)
    rows = pains(since) if pains is not None else None
    if rows is None:
        rows = Entry.objects.filter(runner=runner, day__gte=since).values_list("day", "pain")
    points = [EntryPoint(day=day, pain=pain) for day, pain in rows]
    return {
        "flags": items,
        "checkins": list(pending_checkins_for(runner)),
        "data_enough": data_enough(RunnerSeries(today=today, entries=points), thresholds),
        "min_entries": thresholds.worsening_min_entries,
        "baseline_weeks": thresholds.worsening_baseline_days // 7,
    }
