"""The red-flag rules: pure functions from a runner's recent series to findings with evidence.

No database, no request, no clock: the caller passes the runner's local ``today`` and plain records.
Each rule is defined precisely in docs/monitoring.md; the thresholds live in ``Thresholds`` (read
from settings by ``monitoring.services.thresholds_from_settings``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from journal.metrics import SessionPoint, acute_chronic, run_spikes, week_start
from triage.codes import EMERGENCY_SYMPTOMS, Symptom

from .models import FlagKind

LEG_SYMPTOMS: frozenset[str] = frozenset({Symptom.LEG_PAIN, Symptom.LEG_NEURO})


@dataclass(frozen=True, slots=True)
class Thresholds:
    symptom_window_days: int = 7  # symptom rules look at entries from the last 7 local days
    night_pain_nights: int = 3  # "sleep disturbed by pain" on this many nights in the window
    worsening_weeks: int = 3  # complete weeks compared
    worsening_min_entries: int = 3  # entries needed in each of those weeks
    worsening_rise_points: float = 2.0  # total rise of the weekly mean, in points ...
    worsening_rise_pct: float = 30.0  # ... or in percent of the first week's mean ...
    worsening_min_points: float = 1.0  # ... but never less than this many points
    not_settling_pain: int = 4  # pain the day after a run at or above this is "still high"
    in_pain: int = 3  # a day counts as "in pain" at or above this
    load_ratio: float = 1.5  # this week's load against the previous four weeks' mean
    recent_days: int = 7  # runs (spikes, not settling) and check-ins considered recent

    @property
    def lookback_days(self) -> int:
        """How many days of history the rules need (the scan loads exactly this much)."""
        return max(
            self.symptom_window_days,
            7 * (self.worsening_weeks + 1),
            self.recent_days + 31,  # a run spike compares with the 30 days before the run
            35,  # acute_chronic: this week and the four weeks before it
        )


@dataclass(frozen=True, slots=True)
class EntryPoint:
    day: dt.date
    pain: int
    symptoms: tuple[str, ...] = ()
    sleep_disturbed: bool = False


@dataclass(frozen=True, slots=True)
class SessionRecord:
    point: SessionPoint
    pain_during: int | None = None
    pain_after: int | None = None

    @property
    def day(self) -> dt.date:
        return self.point.day


@dataclass(frozen=True, slots=True)
class CheckInAnswer:
    run_day: dt.date
    settled: bool


@dataclass(frozen=True, slots=True)
class RunnerSeries:
    today: dt.date  # the runner's local day when the scan runs
    entries: Sequence[EntryPoint] = ()
    sessions: Sequence[SessionRecord] = ()
    checkins: Sequence[CheckInAnswer] = ()  # answered check-ins only


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str
    evidence: dict = field(default_factory=dict)

    @property
    def last_day(self) -> str:
        """ISO date of the newest piece of evidence (a closed flag covers findings up to this day)."""
        return self.evidence["last_day"]


def _iso(day: dt.date) -> str:
    return day.isoformat()


def _window(series: RunnerSeries, days: int) -> list[EntryPoint]:
    start = series.today - dt.timedelta(days=days - 1)
    return sorted((e for e in series.entries if start <= e.day <= series.today), key=lambda e: e.day)


def _symptom_days(series: RunnerSeries, codes: frozenset[str], days: int) -> list[dict]:
    found = []
    for entry in _window(series, days):
        hit = sorted(codes.intersection(entry.symptoms))
        if hit:
            found.append({"day": _iso(entry.day), "symptoms": hit, "pain": entry.pain})
    return found


# --- the rules -------------------------------------------------------------------------------------
def emergency_symptoms(series: RunnerSeries, t: Thresholds) -> Finding | None:
    days = _symptom_days(series, EMERGENCY_SYMPTOMS, t.symptom_window_days)
    if not days:
        return None
    return Finding(FlagKind.EMERGENCY_SYMPTOMS, {"days": days, "last_day": days[-1]["day"]})


def leg_symptoms(series: RunnerSeries, t: Thresholds) -> Finding | None:
    days = _symptom_days(series, LEG_SYMPTOMS, t.symptom_window_days)
    if not days:
        return None
    return Finding(FlagKind.LEG_SYMPTOMS, {"days": days, "last_day": days[-1]["day"]})


def night_pain(series: RunnerSeries, t: Thresholds) -> Finding | None:
    entries = _window(series, t.symptom_window_days)
    symptom_days = [_iso(e.day) for e in entries if Symptom.NIGHT_PAIN in e.symptoms]
    disturbed = [_iso(e.day) for e in entries if e.sleep_disturbed]
    if not symptom_days and len(disturbed) < t.night_pain_nights:
        return None
    last = max(symptom_days + (disturbed if len(disturbed) >= t.night_pain_nights else []))
    return Finding(
        FlagKind.NIGHT_PAIN,
        {"night_pain_days": symptom_days, "sleep_disturbed_days": disturbed, "last_day": last},
    )


def not_settling_24h(series: RunnerSeries, t: Thresholds) -> Finding | None:
    """Pain still high the day after a run and no lower than before it; the symptom; or a "not settled" answer."""
    recent_start = series.today - dt.timedelta(days=t.recent_days - 1)
    pain_on = {e.day: e.pain for e in series.entries}
    runs: list[dict] = []
    for s in sorted(series.sessions, key=lambda s: s.day):
        if not s.point.is_run or s.day < recent_start - dt.timedelta(days=1):
            continue
        next_day = s.day + dt.timedelta(days=1)
        after = pain_on.get(next_day)
        if after is None or after < t.not_settling_pain or next_day > series.today:
            continue
        before = pain_on.get(s.day - dt.timedelta(days=1), pain_on.get(s.day, s.pain_after))
        if before is None or after < before:
            continue
        runs.append({"run_day": _iso(s.day), "pain_before": before, "pain_next_day": after})
    symptom_days = [_iso(e.day) for e in _window(series, t.recent_days) if Symptom.NOT_SETTLING in e.symptoms]
    answers = [_iso(c.run_day) for c in series.checkins if not c.settled and c.run_day >= recent_start]
    if not (runs or symptom_days or answers):
        return None
    last = max([r["run_day"] for r in runs] + symptom_days + sorted(answers))
    return Finding(
        FlagKind.NOT_SETTLING_24H,
        {"runs": runs, "symptom_days": symptom_days, "checkins_not_settled": sorted(answers), "last_day": last},
    )


def weekly_means(series: RunnerSeries, weeks: int) -> list[tuple[dt.date, int, float]]:
    """(Monday, entry count, mean pain) for the ``weeks`` complete weeks before the current one, oldest first."""
    this_monday = week_start(series.today)
    result = []
    for n in range(weeks, 0, -1):
        monday = this_monday - dt.timedelta(weeks=n)
        pains = [e.pain for e in series.entries if monday <= e.day < monday + dt.timedelta(days=7)]
        result.append((monday, len(pains), sum(pains) / len(pains) if pains else 0.0))
    return result


def worsening_week_on_week(series: RunnerSeries, t: Thresholds) -> Finding | None:
    weeks = weekly_means(series, t.worsening_weeks)
    if any(count < t.worsening_min_entries for _, count, _ in weeks):
        return None
    means = [mean for _, _, mean in weeks]
    if not all(later > earlier for earlier, later in zip(means, means[1:], strict=False)):
        return None
    rise = means[-1] - means[0]
    rise_pct = rise / means[0] * 100 if means[0] > 0 else None
    big_enough = rise >= t.worsening_rise_points or (
        rise >= t.worsening_min_points and (rise_pct is None or rise_pct >= t.worsening_rise_pct)
    )
    if not big_enough:
        return None
    last_sunday = weeks[-1][0] + dt.timedelta(days=6)
    return Finding(
        FlagKind.WORSENING_WEEK_ON_WEEK,
        {
            "weeks": [
                {"week_of": _iso(monday), "entries": count, "mean_pain": round(mean, 2)}
                for monday, count, mean in weeks
            ],
            "rise_points": round(rise, 2),
            "rise_pct": round(rise_pct, 1) if rise_pct is not None else None,
            "last_day": _iso(last_sunday),
        },
    )


def _in_pain(day: dt.date, pain_on: dict[dt.date, int], sessions: Sequence[SessionRecord], t: Thresholds) -> bool:
    if pain_on.get(day, -1) >= t.in_pain:
        return True
    return any(s.day == day and max(s.pain_during or 0, s.pain_after or 0) >= t.in_pain for s in sessions)


def load_spike(series: RunnerSeries, t: Thresholds) -> Finding | None:
    """A run >10% longer than the longest of the previous 30 days, or a load jump, while in pain."""
    recent_start = series.today - dt.timedelta(days=t.recent_days - 1)
    pain_on = {e.day: e.pain for e in series.entries}
    sessions = [s for s in series.sessions if s.day <= series.today]
    points = [s.point for s in sessions]
    spikes = []
    for spike in run_spikes(points):
        if spike.day < recent_start:
            continue
        if _in_pain(spike.day, pain_on, sessions, t) or _in_pain(
            spike.day - dt.timedelta(days=1), pain_on, sessions, t
        ):
            spikes.append(
                {
                    "day": _iso(spike.day),
                    "distance_m": spike.distance_m,
                    "previous_longest_m": spike.previous_longest_m,
                    "increase_pct": round(spike.increase_pct, 1),
                }
            )
    load = None
    comparison = acute_chronic(points, series.today)
    ratio = comparison.ratio
    if ratio is not None and ratio >= t.load_ratio:
        monday = week_start(series.today)
        week_days = [monday + dt.timedelta(days=n) for n in range((series.today - monday).days + 1)]
        pain_days = [d for d in week_days if _in_pain(d, pain_on, sessions, t)]
        if pain_days:
            load = {
                "this_week": round(comparison.this_week, 1),
                "previous_four_weekly_mean": round(comparison.previous_four_weekly_mean, 1),
                "ratio": round(ratio, 2),
                "pain_days": [_iso(d) for d in pain_days],
            }
    if not spikes and load is None:
        return None
    last = max([s["day"] for s in spikes] + (load["pain_days"][-1:] if load else []))
    return Finding(FlagKind.LOAD_SPIKE, {"run_spikes": spikes, "load": load, "last_day": last})


RULES: tuple[Callable[[RunnerSeries, Thresholds], Finding | None], ...] = (
    emergency_symptoms,
    leg_symptoms,
    night_pain,
    not_settling_24h,
    worsening_week_on_week,
    load_spike,
)


def evaluate(series: RunnerSeries, thresholds: Thresholds | None = None) -> list[Finding]:
    """Every finding for one runner, in severity order (urgent first)."""
    t = thresholds or Thresholds()
    return [finding for rule in RULES if (finding := rule(series, t)) is not None]
