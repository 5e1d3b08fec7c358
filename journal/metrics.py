"""Training-load arithmetic over plain data, shared by the dashboard and monitoring.

Nothing here touches the database or a request: pass in plain records, get plain numbers back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

SPIKE_RATIO = 1.10  # a run more than 10% longer than the longest of the look-back window
SPIKE_LOOKBACK_DAYS = 30


def session_load(rpe: int, duration_s: int) -> float:
    """A session's training load: effort (RPE 0-10) times minutes. The only place this formula lives."""
    return rpe * duration_s / 60


@dataclass(frozen=True, slots=True)
class SessionPoint:
    day: dt.date
    distance_m: int
    duration_s: int
    rpe: int
    is_run: bool

    @property
    def load(self) -> float:
        return session_load(self.rpe, self.duration_s)


def week_start(day: dt.date) -> dt.date:
    """The Monday of the ISO week that holds ``day``."""
    return day - dt.timedelta(days=day.weekday())


def weekly_load(sessions: Iterable[SessionPoint]) -> dict[dt.date, float]:
    """Sum of session loads (RPE x minutes) per week, keyed by the week's Monday."""
    totals: dict[dt.date, float] = {}
    for s in sessions:
        key = week_start(s.day)
        totals[key] = totals.get(key, 0.0) + s.load
    return totals


@dataclass(frozen=True, slots=True)
class LoadComparison:
    """The last complete week's load against the mean of the four complete weeks before it.

    A description of change for the dashboard (the "acute:chronic" ratio); it opens no flag: a 2025 BJSM
    cohort of 5,205 runners found single-session spikes, not this ratio, predicted injury.
    """

    last_week: float
    previous_four_weekly_mean: float
    week_of: dt.date | None = None  # the Monday of the last complete week

    @property
    def ratio(self) -> float | None:
        if self.previous_four_weekly_mean <= 0:
            return None
        return self.last_week / self.previous_four_weekly_mean


def acute_chronic(sessions: Iterable[SessionPoint], today: dt.date) -> LoadComparison:
    """Last complete week's load (Monday to Sunday) against the mean of the four weeks before it
    (weeks without sessions count as 0). The current, unfinished week is left out."""
    totals = weekly_load(sessions)
    last_monday = week_start(today) - dt.timedelta(weeks=1)
    previous = [totals.get(last_monday - dt.timedelta(weeks=n), 0.0) for n in range(1, 5)]
    return LoadComparison(
        last_week=totals.get(last_monday, 0.0), previous_four_weekly_mean=sum(previous) / 4, week_of=last_monday
    )


@dataclass(frozen=True, slots=True)
class RunSpike:
    day: dt.date
    distance_m: int
    previous_longest_m: int

    @property
    def increase_pct(self) -> float:
        return (self.distance_m / self.previous_longest_m - 1) * 100


def run_spikes(sessions: Iterable[SessionPoint]) -> list[RunSpike]:
    """Runs more than 10% longer than the longest run of the previous 30 days (needs an earlier run)."""
    runs = sorted((s for s in sessions if s.is_run and s.distance_m > 0), key=lambda s: s.day)
    spikes: list[RunSpike] = []
    lo = hi = 0  # runs[lo:hi] are the runs in [window_start, run.day): both ends only move forward
    for run in runs:
        window_start = run.day - dt.timedelta(days=SPIKE_LOOKBACK_DAYS)
        while runs[lo].day < window_start:
            lo += 1
        while runs[hi].day < run.day:
            hi += 1
        if hi > lo:
            longest = max(r.distance_m for r in runs[lo:hi])
            if run.distance_m > SPIKE_RATIO * longest:
                spikes.append(RunSpike(day=run.day, distance_m=run.distance_m, previous_longest_m=longest))
    return spikes


@dataclass(frozen=True, slots=True)
class PainPoint:
    day: dt.date
    pain: int


@dataclass(frozen=True, slots=True)
class WeekSummary:
    monday: dt.date
    sessions: int
    run_distance_m: int
    duration_s: int
    load: float
    pain_days: int
    mean_pain: float | None
    max_pain: int | None
    previous_run_distance_m: int

    @property
    def distance_change_m(self) -> int:
        return self.run_distance_m - self.previous_run_distance_m


def weekly_summaries(
    pains: Iterable[PainPoint], sessions: Iterable[SessionPoint], mondays: list[dt.date]
) -> list[WeekSummary]:
    """One summary per given Monday: sessions, running distance, time, load and pain for that week.

    ``previous_run_distance_m`` is the running distance of the week before (0 when none was passed in).
    """
    pain_by_week: dict[dt.date, list[int]] = {}
    for p in pains:
        pain_by_week.setdefault(week_start(p.day), []).append(p.pain)
    count: dict[dt.date, int] = {}
    run_m: dict[dt.date, int] = {}
    secs: dict[dt.date, int] = {}
    load: dict[dt.date, float] = {}
    for s in sessions:
        key = week_start(s.day)
        count[key] = count.get(key, 0) + 1
        secs[key] = secs.get(key, 0) + s.duration_s
        load[key] = load.get(key, 0.0) + s.load
        if s.is_run:
            run_m[key] = run_m.get(key, 0) + s.distance_m
    out = []
    for monday in mondays:
        values = pain_by_week.get(monday, [])
        out.append(
            WeekSummary(
                monday=monday,
                sessions=count.get(monday, 0),
                run_distance_m=run_m.get(monday, 0),
                duration_s=secs.get(monday, 0),
                load=load.get(monday, 0.0),
                pain_days=len(values),
                mean_pain=round(sum(values) / len(values), 1) if values else None,
                max_pain=max(values) if values else None,
                previous_run_distance_m=run_m.get(monday - dt.timedelta(weeks=1), 0),
            )
        )
    return out


def describe_load(comparison: LoadComparison, *, person: str = "you") -> str:
    """Acute against chronic load in plain words: a description of change, never a prediction.

    ``person="they"`` words it for a physio reading a client's journal ("their average").
    """
    your = "your" if person == "you" else "their"
    ratio = comparison.ratio
    if ratio is None:
        if comparison.last_week > 0:
            return (
                "There are no sessions in the four weeks before last week, "
                "so there is nothing yet to compare last week's training with."
            )
        return "No sessions last week or in the four weeks before, so there is no training load to describe."
    if ratio < 0.8:
        feel = "lighter than"
    elif ratio <= 1.2:
        feel = "about the same as"
    else:
        feel = "heavier than"
    return (
        f"Last week's load (Monday to Sunday) was about {ratio:.1f}× {your} average of the previous four weeks: "
        f"{feel} the weeks before. This describes how the training changed; it does not predict injury."
    )
