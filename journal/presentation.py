"""How the journal's figures are shown: units, words, CSS classes. Reads journal/selectors.py's plain data
and queries nothing itself (the selectors' query counts hold)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from accounts.models import User
from core.dates import day_in_words
from journal import metrics, selectors
from journal.models import RUN_TYPES, SessionType
from journal.units import UNIT_LABEL, format_duration, format_pace, from_metres
from triage.codes import CARE_NOW_VERDICTS, Verdict

_TYPE_LABEL = dict(SessionType.choices)


def pain_level(pain: int | None) -> str:
    """A CSS class for a heat-map cell; the number is always printed too, so colour is never the only signal."""
    if pain is None:
        return "bg-body-tertiary text-body-secondary"
    if pain <= 2:
        return "bg-success-subtle text-success-emphasis"
    if pain <= 4:
        return "bg-warning-subtle text-warning-emphasis"
    if pain <= 6:
        return "bg-warning text-dark"
    return "bg-danger text-white"


@dataclass
class SessionView:
    """A session row as the pages show it (distance in the runner's unit, pace for runs)."""

    pk: int
    day: dt.date
    session_type: str
    type_label: str
    distance_m: int
    duration_s: int
    rpe: int
    pain_during: int | None
    pain_after: int | None
    unit: str

    @property
    def is_run(self) -> bool:
        return self.session_type in RUN_TYPES

    @property
    def distance(self) -> float:
        return from_metres(self.distance_m, self.unit)

    @property
    def duration(self) -> str:
        return format_duration(self.duration_s)

    @property
    def pace(self) -> str:
        return format_pace(self.distance_m, self.duration_s, self.unit) if self.is_run else ""


def session_view(row: dict, unit: str) -> SessionView:
    return SessionView(**row, type_label=_TYPE_LABEL.get(row["session_type"], row["session_type"]), unit=unit)


def verdict_view(code: str | None) -> dict | None:
    """Today's saved check for the dashboard's status: its verdict in words, and whether it means care now."""
    if not code or code not in Verdict.values:
        return None
    return {"code": code, "label": Verdict(code).label, "care_now": code in CARE_NOW_VERDICTS}


def dashboard_context(*, runner: User, weeks: int = selectors.DEFAULT_WEEKS, history: bool = True) -> dict:
    """Everything the charts, weekly table, heat-map and load summary show (``selectors.dashboard_data``'s
    two queries, formatted); with ``history=False`` only the first screen's (the chart, this week, today):
    the weekly table's load summary, spikes and calendar come as a fragment (journal:history)."""
    data = selectors.dashboard_data(runner=runner, weeks=weeks)
    unit, today, first_day = runner.units, data.today, data.first_day
    pain_by_day = data.pain_by_day
    side_by_day = {r["day"]: r["pain_side"] for r in data.entry_rows}
    days = [first_day + dt.timedelta(days=n) for n in range((today - first_day).days + 1)]
    week_distance = {s.monday: from_metres(s.run_distance_m, unit) for s in data.summaries}
    chart = {
        "unit": UNIT_LABEL[unit],
        "days": [d.isoformat() for d in days],
        "pain": [pain_by_day.get(d) for d in days],
        "weekly_distance": [week_distance[metrics.week_start(d)] for d in days],
        "weeks": [m.isoformat() for m in data.mondays],
        "week_distance": [week_distance[m] for m in data.mondays],
    }
    this_monday = metrics.week_start(today)
    weekly = [
        {
            "monday": s.monday,
            "sunday": s.monday + dt.timedelta(days=6),
            "sessions": s.sessions,
            "distance": from_metres(s.run_distance_m, unit, 1),
            "duration": format_duration(s.duration_s) if s.duration_s else "0:00",
            "load": round(s.load),
            "mean_pain": s.mean_pain,
            "max_pain": s.max_pain,
            "pain_days": s.pain_days,
            "distance_change": from_metres(s.distance_change_m, unit, 1),
            "is_current": s.monday == this_monday,
        }
        for s in data.summaries
    ]
    heatmap = [
        {
            "monday": monday,
            "cells": [
                {
                    "label": day_in_words(day, short=True),
                    "pain": pain_by_day.get(day),
                    "css": pain_level(pain_by_day.get(day)),
                    "future": day > today,
                    "before": day < first_day,
                }
                for day in (monday + dt.timedelta(days=offset) for offset in range(7))
            ],
        }
        for monday in (data.mondays if history else ())
    ]
    spikes = [
        {
            "day": s.day,
            "distance": from_metres(s.distance_m, unit, 1),
            "previous_longest": from_metres(s.previous_longest_m, unit, 1),
            "increase_pct": round(s.increase_pct),
        }
        for s in (data.spikes() if history else ())
    ]
    comparison = data.comparison
    entry_rows, session_rows = data.entry_rows, data.session_rows
    days_logged = data.days_logged
    return {
        "runner": runner,
        "weeks": data.weeks,
        "week_choices": selectors.WEEK_CHOICES,
        "start": data.start,  # the first day fetched (pain_by_day covers it); the chart starts at chart_from
        "chart_from": first_day,
        "today": today,
        "unit": UNIT_LABEL[unit],
        "chart": chart,
        "weekly": weekly,
        "previous_week": weekly[-2] if len(weekly) > 1 else None,
        "weekly_recent_first": list(reversed(weekly)),
        "heatmap": heatmap,
        "load": {
            "last_week": round(comparison.last_week),
            "week_of": comparison.week_of,
            "previous_mean": round(comparison.previous_four_weekly_mean),
            "ratio": comparison.ratio,
            "description": metrics.describe_load(comparison),
            "description_for_others": metrics.describe_load(comparison, person="they"),
        },
        "spikes": list(reversed(spikes)),
        "pain_by_day": pain_by_day,  # every entry from ``start`` to ``today`` (panels reuse it; see monitoring)
        "today_pain": pain_by_day.get(today),
        "today_side": side_by_day.get(today, ""),
        "today_verdict": verdict_view(data.todays_verdict),
        "today_sessions": [session_view(r, unit) for r in session_rows if r["day"] == today],
        "recent_sessions": [session_view(r, unit) for r in reversed(session_rows[-5:])],
        "has_data": bool(entry_rows or session_rows),
        "days_logged": days_logged,
        # the guide instead of the chart: nothing logged in the period, or a new account with less than a week logged
        "first_week": not (entry_rows or session_rows)
        or (selectors.local_day(runner, runner.date_joined) >= data.start and days_logged < selectors.FIRST_WEEK_DAYS),
        "first_week_days": selectors.FIRST_WEEK_DAYS,
    }
