"""Read-only queries for the journal pages, each a constant number of queries whatever the data size."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Case, CharField, OuterRef, Subquery, Value, When
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from journal import metrics
from journal.models import RUN_TYPES, Entry, SavedCheck, SessionType, TrainingSession
from journal.units import UNIT_LABEL, format_duration, format_pace, from_metres
from triage.codes import CARE_NOW_VERDICTS, Verdict
from triage.engine import answers_as_json

WEEK_CHOICES = (8, 12, 26, 52)
DEFAULT_WEEKS = 12
ENTRIES_PER_PAGE = 20
FIRST_SCREEN_DAYS = 5  # the journal page renders these days of a page; the rest come as a fragment
FIRST_WEEK_DAYS = 7  # the first-week guide stays until this many days are logged
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


_SESSION_FIELDS = ("pk", "day", "session_type", "distance_m", "duration_s", "rpe", "pain_during", "pain_after")


def _session_view(row: dict, unit: str) -> SessionView:
    return SessionView(**row, type_label=_TYPE_LABEL.get(row["session_type"], row["session_type"]), unit=unit)


def _verdict(code: str | None) -> dict | None:
    """Today's saved check for the dashboard's status: its verdict in words, and whether it means care now."""
    if not code or code not in Verdict.values:
        return None
    return {"code": code, "label": Verdict(code).label, "care_now": code in CARE_NOW_VERDICTS}


def _local_day(runner: User, moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment, runner.zone).date()


def shown_from(*, runner: User, start: dt.date, entry_rows: list[dict], session_rows: list[dict]) -> dt.date:
    """The first day the dashboard shows: the period's first day, but never a day before the account existed,
    unless something was logged (imported) on it."""
    today = runner.local_today()
    logged = [r["day"] for r in entry_rows] + [r["day"] for r in session_rows if r["day"] >= start]
    return max(start, min(_local_day(runner, runner.date_joined), *logged, today))


def dashboard_context(*, runner: User, weeks: int = DEFAULT_WEEKS, history: bool = True) -> dict:
    """Everything the charts, weekly table, heat-map and load summary need; with ``history=False`` only
    the first screen's (the chart, this week, today): the weekly table and calendar come as a fragment.

    Two queries: the period's entries and the period's sessions (plus 30 days before, for the
    longest-run comparison and the previous week's distance). Flags come from monitoring's panels.
    """
    weeks = weeks if weeks in WEEK_CHOICES else DEFAULT_WEEKS
    unit = runner.units
    today = runner.local_today()
    this_monday = metrics.week_start(today)
    start = this_monday - dt.timedelta(weeks=weeks - 1)
    lookback = min(start - dt.timedelta(days=metrics.SPIKE_LOOKBACK_DAYS), this_monday - dt.timedelta(weeks=5))

    # Today's saved triage check rides on today's entry (saving a check always fills that day's entry), so
    # the verdict costs no query of its own; the subquery runs for today's row only.
    todays_check = SavedCheck.objects.filter(runner=runner, day=OuterRef("day")).order_by("-created_at", "-id")
    entry_rows = list(
        Entry.objects.filter(runner=runner, day__gte=start, day__lte=today)
        .annotate(
            check_verdict=Case(
                When(day=today, then=Subquery(todays_check.values("verdict")[:1])),
                default=Value(""),
                output_field=CharField(),
            )
        )
        .order_by("day")
        .values("day", "pain", "pain_side", "symptoms", "check_verdict")
    )
    session_rows = list(
        TrainingSession.objects.filter(runner=runner, day__gte=lookback, day__lte=today)
        .order_by("day", "started_at", "id")
        .values(*_SESSION_FIELDS)
    )

    pains = [metrics.PainPoint(day=r["day"], pain=r["pain"]) for r in entry_rows]
    points = [
        metrics.SessionPoint(
            day=r["day"],
            distance_m=r["distance_m"],
            duration_s=r["duration_s"],
            rpe=r["rpe"],
            is_run=r["session_type"] in RUN_TYPES,
        )
        for r in session_rows
    ]
    # Nothing from before the account existed: the chart starts on the day it was opened and the tables at
    # that week, or earlier when older days were logged (imported).
    first_day = shown_from(runner=runner, start=start, entry_rows=entry_rows, session_rows=session_rows)
    first_monday = metrics.week_start(first_day)
    mondays = [first_monday + dt.timedelta(weeks=n) for n in range((this_monday - first_monday).days // 7 + 1)]
    summaries = metrics.weekly_summaries(pains, points, mondays)

    pain_by_day = {r["day"]: r["pain"] for r in entry_rows}
    side_by_day = {r["day"]: r["pain_side"] for r in entry_rows}
    days = [first_day + dt.timedelta(days=n) for n in range((today - first_day).days + 1)]
    week_distance = {s.monday: from_metres(s.run_distance_m, unit) for s in summaries}
    chart = {
        "unit": UNIT_LABEL[unit],
        "days": [d.isoformat() for d in days],
        "pain": [pain_by_day.get(d) for d in days],
        "weekly_distance": [week_distance[metrics.week_start(d)] for d in days],
        "weeks": [m.isoformat() for m in mondays],
        "week_distance": [week_distance[m] for m in mondays],
    }

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
        for s in summaries
    ]

    heatmap = []
    for monday in mondays if history else ():
        cells = []
        for offset in range(7):
            day = monday + dt.timedelta(days=offset)
            pain = pain_by_day.get(day)
            cells.append(
                {
                    "label": day.strftime("%a %-d %b"),
                    "pain": pain,
                    "css": pain_level(pain),
                    "future": day > today,
                    "before": day < first_day,
                }
            )
        heatmap.append({"monday": monday, "cells": cells})

    comparison = metrics.acute_chronic(points, today)
    spikes = [
        {
            "day": s.day,
            "distance": from_metres(s.distance_m, unit, 1),
            "previous_longest": from_metres(s.previous_longest_m, unit, 1),
            "increase_pct": round(s.increase_pct),
        }
        for s in (metrics.run_spikes(points) if history else ())
        if s.day >= start
    ]

    days_logged = len({r["day"] for r in entry_rows} | {r["day"] for r in session_rows if r["day"] >= first_day})
    today_sessions = [_session_view(r, unit) for r in session_rows if r["day"] == today]
    recent_sessions = [_session_view(r, unit) for r in reversed(session_rows[-5:])]
    return {
        "runner": runner,
        "weeks": weeks,
        "week_choices": WEEK_CHOICES,
        "start": start,  # the first day fetched (pain_by_day covers it); the chart starts at chart_from
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
        "today_verdict": _verdict(next((r["check_verdict"] for r in entry_rows if r["day"] == today), "")),
        "today_sessions": today_sessions,
        "recent_sessions": recent_sessions,
        "has_data": bool(entry_rows or session_rows),
        "days_logged": days_logged,
        # the guide instead of the chart: nothing logged in the period, or a new account with less than a week logged
        "first_week": not (entry_rows or session_rows)
        or (_local_day(runner, runner.date_joined) >= start and days_logged < FIRST_WEEK_DAYS),
        "first_week_days": FIRST_WEEK_DAYS,
    }


@dataclass
class JournalDay:
    day: dt.date
    entry: Entry | None
    sessions: list[SessionView] = field(default_factory=list)


def entry_page(*, runner: User, page: int | str | None, only_days: list[dt.date] | None = None) -> Page:
    """One page of the journal, newest day first: each day with its entry (if any) and its sessions;
    with `only_days`, just those days (the days an import added sessions to).

    Four queries: count the days, fetch this page's days, their entries, their sessions.
    """
    entries_qs, sessions_qs = Entry.objects.filter(runner=runner), TrainingSession.objects.filter(runner=runner)
    if only_days is not None:
        entries_qs, sessions_qs = entries_qs.filter(day__in=only_days), sessions_qs.filter(day__in=only_days)
    days_qs = entries_qs.order_by().values("day").union(sessions_qs.order_by().values("day")).order_by("-day")
    page_obj = Paginator(days_qs, ENTRIES_PER_PAGE).get_page(page)
    days = [row["day"] for row in page_obj.object_list]
    entries = {e.day: e for e in Entry.objects.filter(runner=runner, day__in=days)} if days else {}
    rows = {d: JournalDay(day=d, entry=entries.get(d)) for d in days}
    if days:
        for r in (
            TrainingSession.objects.filter(runner=runner, day__in=days)
            .order_by("day", "started_at", "id")
            .values(*_SESSION_FIELDS)
        ):
            rows[r["day"]].sessions.append(_session_view(r, runner.units))
    page_obj.object_list = [rows[d] for d in days]
    return page_obj


SAVED_CHECKS_SESSION_KEY = "journal_saved_checks"


def saved_check_key(day: dt.date, answers_json: dict) -> str:
    """What the session remembers of a check saved on this phone: its day and answers (no health data in
    clear: a digest)."""
    text = json.dumps([day.isoformat(), answers_json], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def saved_check_url(request, answers) -> str | None:
    """The dashboard's address when this runner saved a check with these very answers today, else None.

    No query: saving a check remembers it in the session (journal.views.save_triage), which the request has
    loaded already. A check saved today from another device or session is not recognised, and offers
    "Save to my journal" again (saving twice keeps both)."""
    user = request.user
    if not (user.is_authenticated and user.is_runner):
        return None
    key = saved_check_key(user.local_today(), answers_as_json(answers))
    if key in request.session.get(SAVED_CHECKS_SESSION_KEY, []):
        return reverse("journal:dashboard")
    return None
