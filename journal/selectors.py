"""Read-only queries for the journal pages, each a constant number of queries whatever the data size.

They return plain data: units, words and CSS classes are journal/presentation.py's."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Subquery
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from journal import metrics
from journal.models import RUN_TYPES, Entry, SavedCheck, TrainingSession
from triage.engine import answers_as_json

WEEK_CHOICES = (8, 12, 26, 52)
DEFAULT_WEEKS = 12
ENTRIES_PER_PAGE = 20
FIRST_SCREEN_DAYS = 5  # the journal page renders these days of a page; the rest come as a fragment
FIRST_WEEK_DAYS = 7  # the first-week guide stays until this many days are logged


_SESSION_FIELDS = ("pk", "day", "session_type", "distance_m", "duration_s", "rpe", "pain_during", "pain_after")


def local_day(runner: User, moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment, runner.zone).date()


def shown_from(*, runner: User, start: dt.date, entry_rows: list[dict], session_rows: list[dict]) -> dt.date:
    """The first day the dashboard shows: the period's first day, but never a day before the account existed,
    unless something was logged (imported) on it."""
    today = runner.local_today()
    logged = [r["day"] for r in entry_rows] + [r["day"] for r in session_rows if r["day"] >= start]
    return max(start, min(local_day(runner, runner.date_joined), *logged, today))


@dataclass(frozen=True)
class DashboardData:
    """The dashboard's figures as plain data (no units, words or CSS: journal/presentation.py formats them).

    ``start``: the period's first day; ``first_day``: the first day shown (never before the account
    existed, unless something was logged then); ``mondays``: the weeks shown; ``summaries``: one per week;
    ``points``: the sessions from the look-back before ``start`` (for spikes and the load comparison)."""

    runner: User
    weeks: int
    today: dt.date
    start: dt.date
    first_day: dt.date
    mondays: list[dt.date]
    entry_rows: list[dict]
    session_rows: list[dict]
    points: list[metrics.SessionPoint]
    summaries: list[metrics.WeekSummary]
    comparison: metrics.LoadComparison
    todays_verdict: str  # the verdict code of today's saved check, or ""

    @property
    def pain_by_day(self) -> dict[dt.date, int]:
        return {r["day"]: r["pain"] for r in self.entry_rows}

    @property
    def days_logged(self) -> int:
        return len(
            {r["day"] for r in self.entry_rows} | {r["day"] for r in self.session_rows if r["day"] >= self.first_day}
        )

    def spikes(self) -> list[metrics.RunSpike]:
        return [s for s in metrics.run_spikes(self.points) if s.day >= self.start]


def dashboard_data(*, runner: User, weeks: int = DEFAULT_WEEKS) -> DashboardData:
    """The figures behind the charts, weekly table, heat-map and load summary.

    Two queries: the period's entries (today's saved check riding on today's row) and the period's
    sessions (plus 30 days before, for the longest-run comparison and the previous week's distance).
    """
    weeks = weeks if weeks in WEEK_CHOICES else DEFAULT_WEEKS
    today = runner.local_today()
    this_monday = metrics.week_start(today)
    start = this_monday - dt.timedelta(weeks=weeks - 1)
    lookback = min(start - dt.timedelta(days=metrics.SPIKE_LOOKBACK_DAYS), this_monday - dt.timedelta(weeks=5))

    # Today's saved triage check rides on today's entry (saving a check always fills that day's entry), so
    # the verdict costs no query of its own. The subquery names today, not the row's day: the database
    # runs it once, and building it costs half what a correlated one did. So every row carries TODAY's
    # verdict under ``check_verdict``: read it from today's row only (``todays_verdict`` below does).
    todays_check = SavedCheck.objects.filter(runner_id=runner.pk, day=today).order_by("-created_at", "-id")
    entry_rows = list(
        Entry.objects.filter(runner_id=runner.pk, day__gte=start, day__lte=today)
        .annotate(check_verdict=Subquery(todays_check.values("verdict")[:1]))
        .order_by("day")
        .values("day", "pain", "pain_side", "check_verdict")
    )
    session_rows = list(
        TrainingSession.objects.filter(runner_id=runner.pk, day__gte=lookback, day__lte=today)
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
    return DashboardData(
        runner=runner,
        weeks=weeks,
        today=today,
        start=start,
        first_day=first_day,
        mondays=mondays,
        entry_rows=entry_rows,
        session_rows=session_rows,
        points=points,
        summaries=metrics.weekly_summaries(pains, points, mondays),
        comparison=metrics.acute_chronic(points, today),
        todays_verdict=next((r["check_verdict"] for r in entry_rows if r["day"] == today), "") or "",
    )


@dataclass
class JournalDay:
    day: dt.date
    entry: Entry | None
    unit: str = "km"  # the runner's distance unit (presentation.session_view formats each session with it)
    sessions: list[dict] = field(default_factory=list)  # rows of _SESSION_FIELDS


def entry_page(
    *, runner: User, page: int | str | None, only_days: list[dt.date] | None = None, shown: slice | None = None
) -> Page:
    """One page of the journal, newest day first: each day with its entry (if any) and its sessions;
    with `only_days`, just those days (the days an import added sessions to). With ``shown``, only those of
    the page's days are read and listed (the journal page shows its first FIRST_SCREEN_DAYS, its older-days
    fragment the rest); ``page.day_count`` counts the page's days either way.

    Four queries: count the days, fetch this page's days, their entries, their sessions.
    """
    entries_qs = Entry.objects.filter(runner_id=runner.pk)
    sessions_qs = TrainingSession.objects.filter(runner_id=runner.pk)
    if only_days is not None:
        entries_qs, sessions_qs = entries_qs.filter(day__in=only_days), sessions_qs.filter(day__in=only_days)
    days_qs = entries_qs.order_by().values("day").union(sessions_qs.order_by().values("day")).order_by("-day")
    page_obj = Paginator(days_qs, ENTRIES_PER_PAGE).get_page(page)
    page_days = [row["day"] for row in page_obj.object_list]
    days = page_days if shown is None else page_days[shown]
    entries = {e.day: e for e in Entry.objects.filter(runner_id=runner.pk, day__in=days)} if days else {}
    rows = {d: JournalDay(day=d, entry=entries.get(d), unit=runner.units) for d in days}
    if days:
        for r in (
            TrainingSession.objects.filter(runner_id=runner.pk, day__in=days)
            .order_by("day", "started_at", "id")
            .values(*_SESSION_FIELDS)
        ):
            rows[r["day"]].sessions.append(r)
    page_obj.object_list = [rows[d] for d in days]
    page_obj.day_count = len(page_days)
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
