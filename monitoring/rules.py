"""The red-flag rules: pure functions from a runner's recent series to findings with evidence.

No database, no request, no clock: the caller passes the runner's local ``today`` and plain records.
Each rule is stated in docs/monitoring.md with its threshold, source and test; the thresholds live in
``monitoring.thresholds.Thresholds`` (defaults and sources there, overrides from settings).
Evidence stores ISO dates (the ``scan_flags --json`` contract); ``monitoring.wording`` turns it into words.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from journal.metrics import SessionPoint, run_spikes, week_start
from triage.codes import Symptom
from triage.rulebook import SignTier, sign_tier

from .models import FlagKind
from .thresholds import Thresholds

__all__ = ["Thresholds"]  # re-exported: the rules and their thresholds travel together

LEG_SYMPTOMS: frozenset[str] = frozenset({Symptom.LEG_PAIN, Symptom.LEG_NEURO})


@dataclass(frozen=True, slots=True)
class EntryPoint:
    day: dt.date
    pain: int
    symptoms: tuple[str, ...] = ()
    sleep_disturbed: bool = False
    normal_stride: bool | None = None  # None: not answered
    spasm: bool | None = None

    @property
    def stiff(self) -> bool:
        """Could not get into the normal stride, or spasm: the back has not freed up."""
        return self.normal_stride is False or self.spasm is True


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
    entries: Sequence[EntryPoint] = ()  # kept sorted by day (sorted once here, so no rule sorts again)
    sessions: Sequence[SessionRecord] = ()
    checkins: Sequence[CheckInAnswer] = ()  # answered check-ins only

    def __post_init__(self) -> None:
        entries = self.entries
        if any(entries[i].day > entries[i + 1].day for i in range(len(entries) - 1)):
            object.__setattr__(self, "entries", sorted(entries, key=lambda e: e.day))


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
    """Entries of the last ``days`` local days, today included, oldest first."""
    start = series.today - dt.timedelta(days=days - 1)
    return [e for e in series.entries if start <= e.day <= series.today]


def _symptom_days(series: RunnerSeries, codes: frozenset[str] | set[str], days: int) -> list[dict]:
    found = []
    for entry in _window(series, days):
        hit = sorted(set(codes).intersection(entry.symptoms))
        if hit:
            found.append({"day": _iso(entry.day), "symptoms": hit, "pain": entry.pain})
    return found


def _sign_tiers(signs: set[str]) -> tuple[set[str], set[str]]:
    """(emergency-tier signs, urgent-tier signs) among the signs logged in the window, graded by triage's
    ``sign_tier`` (pairs included: cancer history with leg symptoms is an emergency, a fall with fracture
    risk urgent). Urgent signs are those left once the emergency ones are taken out."""
    tier, top = sign_tier(signs)
    emergency = set(top) if tier == SignTier.EMERGENCY else set()
    tier, top = sign_tier(signs - emergency)
    urgent = set(top) if tier == SignTier.URGENT else set()
    return emergency, urgent


def _tiered(series: RunnerSeries, t: Thresholds) -> tuple[set[str], set[str]]:
    signs: set[str] = set()
    for entry in _window(series, t.symptom_window_days):
        signs.update(entry.symptoms)
    return _sign_tiers(signs)


# --- warning signs -----------------------------------------------------------------------------------
def emergency_symptoms(series: RunnerSeries, t: Thresholds) -> Finding | None:
    """Any emergency-tier sign in the last 7 days (urgent)."""
    emergency, _ = _tiered(series, t)
    days = _symptom_days(series, emergency, t.symptom_window_days) if emergency else []
    if not days:
        return None
    return Finding(FlagKind.EMERGENCY_SYMPTOMS, {"days": days, "last_day": days[-1]["day"]})


def serious_cause_signs(series: RunnerSeries, t: Thresholds) -> Finding | None:
    """Any urgent-tier sign (a possible serious cause) in the last 7 days (urgent)."""
    _, urgent = _tiered(series, t)
    days = _symptom_days(series, urgent, t.symptom_window_days) if urgent else []
    if not days:
        return None
    return Finding(FlagKind.SERIOUS_CAUSE_SIGNS, {"days": days, "last_day": days[-1]["day"]})


def leg_symptoms(series: RunnerSeries, t: Thresholds) -> Finding | None:
    days = _symptom_days(series, LEG_SYMPTOMS, t.symptom_window_days)
    if not days:
        return None
    return Finding(FlagKind.LEG_SYMPTOMS, {"days": days, "last_day": days[-1]["day"]})


def night_pain(series: RunnerSeries, t: Thresholds) -> Finding | None:
    """The night pain sign (the article's checklist), or disturbed nights: 3 in the last 7, or 5 in the last 14."""
    week = _window(series, t.symptom_window_days)
    fortnight = _window(series, 14)
    symptom_days = [_iso(e.day) for e in week if Symptom.NIGHT_PAIN in e.symptoms]
    nights_7 = [_iso(e.day) for e in _window(series, 7) if e.sleep_disturbed or Symptom.NIGHT_PAIN in e.symptoms]
    nights_14 = [_iso(e.day) for e in fortnight if e.sleep_disturbed or Symptom.NIGHT_PAIN in e.symptoms]
    enough = len(nights_7) >= t.night_pain_nights or len(nights_14) >= t.night_pain_nights_14
    if not symptom_days and not enough:
        return None
    counted = nights_14 if enough else []
    return Finding(
        FlagKind.NIGHT_PAIN,
        {
            "night_pain_days": symptom_days,
            "nights_last_7": len(nights_7),
            "nights_last_14": len(nights_14),
            "nights": counted,
            "last_day": max(symptom_days + counted),
        },
    )


# --- after a run -------------------------------------------------------------------------------------
def not_settling_24h(series: RunnerSeries, t: Thresholds) -> Finding | None:
    """The next morning's pain against the pain logged before the run (that day's entry, else the day before's).

    Not settled: 2 points or more above it, or at or above ``not_settling_pain`` and no lower than it.
    Also the ``not_settling`` sign, or a check-in answered "not settled". No next-day entry: the check-in asks.
    """
    recent_start = series.today - dt.timedelta(days=t.recent_days - 1)
    pain_on = {e.day: e.pain for e in series.entries}
    runs: list[dict] = []
    seen: set[dt.date] = set()
    for s in sorted(series.sessions, key=lambda s: s.day):
        if not s.point.is_run or s.day in seen or s.day < recent_start - dt.timedelta(days=1):
            continue
        next_day = s.day + dt.timedelta(days=1)
        after = pain_on.get(next_day)
        if after is None or next_day > series.today:
            continue
        before = pain_on.get(s.day, pain_on.get(s.day - dt.timedelta(days=1)))
        if before is None:
            continue
        rose = after - before >= t.not_settling_rise
        still_high = after >= t.not_settling_pain and after >= before
        if rose or still_high:
            seen.add(s.day)
            runs.append({"run_day": _iso(s.day), "pain_before": before, "pain_next_day": after})
    symptom_days = [_iso(e.day) for e in _window(series, t.recent_days) if Symptom.NOT_SETTLING in e.symptoms]
    answers = sorted({_iso(c.run_day) for c in series.checkins if not c.settled and c.run_day >= recent_start})
    if not (runs or symptom_days or answers):
        return None
    last = max([r["run_day"] for r in runs] + symptom_days + answers)
    return Finding(
        FlagKind.NOT_SETTLING_24H,
        {"runs": runs, "symptom_days": symptom_days, "checkins_not_settled": answers, "last_day": last},
    )


# --- pain over weeks ---------------------------------------------------------------------------------
def complete_weeks(series: RunnerSeries, weeks: int) -> list[tuple[dt.date, list[int]]]:
    """(Monday, pains logged that week) for the ``weeks`` complete weeks before the current one, oldest first."""
    this_monday = week_start(series.today)
    first = this_monday - dt.timedelta(weeks=weeks)
    by_week: dict[dt.date, list[int]] = {first + dt.timedelta(weeks=n): [] for n in range(weeks)}
    for e in series.entries:
        if first <= e.day < this_monday:
            by_week[week_start(e.day)].append(e.pain)
    return sorted(by_week.items())


def meaningful_rise(rise: float, baseline: float, t: Thresholds) -> bool:
    """The MCID of the 0-10 scale (Ostelo 2008): 2 points, or 30 % of a non-zero baseline and at least 1 point."""
    if rise >= t.worsening_rise_points:
        return True
    return baseline > 0 and rise >= t.worsening_min_points and rise / baseline * 100 >= t.worsening_rise_pct


def worsening_week_on_week(series: RunnerSeries, t: Thresholds) -> Finding | None:
    """The last complete week's typical pain against the runner's baseline: their lowest week of the 6 before.

    A week's typical pain is the median of its entries (one bad day does not move it); a week counts with
    at least ``worsening_min_entries`` entries. With too little data there is no finding (see ``data_enough``).
    """
    weeks = complete_weeks(series, t.worsening_baseline_weeks + 1)
    *earlier, (recent_monday, recent_pains) = weeks
    if len(recent_pains) < t.worsening_min_entries:
        return None
    usable = [(monday, statistics.median(p)) for monday, p in earlier if len(p) >= t.worsening_min_entries]
    if not usable:
        return None
    baseline_monday, baseline = min(usable, key=lambda w: (w[1], w[0]))
    recent = statistics.median(recent_pains)
    rise = recent - baseline
    if not meaningful_rise(rise, baseline, t):
        return None
    return Finding(
        FlagKind.WORSENING_WEEK_ON_WEEK,
        {
            "weeks": [
                {"week_of": _iso(monday), "entries": len(p), "typical_pain": statistics.median(p) if p else None}
                for monday, p in weeks
            ],
            "baseline_week_of": _iso(baseline_monday),
            "baseline_pain": baseline,
            "recent_week_of": _iso(recent_monday),
            "recent_pain": recent,
            "rise_points": round(rise, 2),
            "rise_pct": round(rise / baseline * 100, 1) if baseline > 0 else None,
            "last_day": _iso(recent_monday + dt.timedelta(days=6)),
        },
    )


def data_enough(series: RunnerSeries, t: Thresholds) -> bool:
    """Whether the worsening rule has what it needs: the last complete week and one before it, each with
    at least ``worsening_min_entries`` entries (the panel says so when not)."""
    weeks = complete_weeks(series, t.worsening_baseline_weeks + 1)
    return len(weeks[-1][1]) >= t.worsening_min_entries and any(
        len(p) >= t.worsening_min_entries for _, p in weeks[:-1]
    )


def persistent_high_pain(series: RunnerSeries, t: Thresholds) -> Finding | None:
    """Pain at or above ``high_pain`` on most (more than half) of the logged days of the last 14, whatever the trend."""
    window = _window(series, t.high_pain_window_days)
    if len(window) < t.high_pain_min_entries:
        return None
    high = [e for e in window if e.pain >= t.high_pain]
    if len(high) * 2 <= len(window):
        return None
    return Finding(
        FlagKind.PERSISTENT_HIGH_PAIN,
        {
            "high_days": len(high),
            "logged_days": len(window),
            "threshold": t.high_pain,
            "window_days": t.high_pain_window_days,
            "last_day": _iso(high[-1].day),
        },
    )


def not_freeing_up(series: RunnerSeries, t: Thresholds) -> Finding | None:
    """No normal stride, or spasm, on most logged days, for more than a week and still on the latest entry."""
    window = _window(series, t.stiff_window_days)
    if len(window) < t.stiff_min_entries or not window[-1].stiff:
        return None
    stiff = [e for e in window if e.stiff]
    if len(stiff) * 2 <= len(window) or (stiff[-1].day - stiff[0].day).days < 7:
        return None
    return Finding(
        FlagKind.NOT_FREEING_UP,
        {
            "stiff_days": len(stiff),
            "logged_days": len(window),
            "first_day": _iso(stiff[0].day),
            "no_stride_days": sum(1 for e in stiff if e.normal_stride is False),
            "spasm_days": sum(1 for e in stiff if e.spasm is True),
            "last_day": _iso(stiff[-1].day),
        },
    )


# --- training ----------------------------------------------------------------------------------------
def _in_pain(day: dt.date, pain_on: dict[dt.date, int], sessions: Sequence[SessionRecord], t: Thresholds) -> bool:
    if pain_on.get(day, -1) >= t.in_pain:
        return True
    return any(s.day == day and max(s.pain_during or 0, s.pain_after or 0) >= t.in_pain for s in sessions)


def load_spike(series: RunnerSeries, t: Thresholds) -> Finding | None:
    """A run more than 10 % longer than the longest of the 30 days before it, on a day in pain or the day after one.

    Only once the journal reaches back ``load_history_days`` (4 weeks) before the run. The acute:chronic
    load ratio never opens a flag (it is a description on the dashboard).
    """
    recent_start = series.today - dt.timedelta(days=t.recent_days - 1)
    days = [e.day for e in series.entries] + [s.day for s in series.sessions]
    if not days:
        return None
    first_day = min(days)
    pain_on = {e.day: e.pain for e in series.entries}
    sessions = [s for s in series.sessions if s.day <= series.today]
    spikes = []
    for spike in run_spikes([s.point for s in sessions]):
        if spike.day < recent_start or (spike.day - first_day).days < t.load_history_days:
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
    if not spikes:
        return None
    return Finding(FlagKind.LOAD_SPIKE, {"run_spikes": spikes, "last_day": spikes[-1]["day"]})


RULES: tuple[Callable[[RunnerSeries, Thresholds], Finding | None], ...] = (
    emergency_symptoms,
    serious_cause_signs,
    leg_symptoms,
    persistent_high_pain,
    worsening_week_on_week,
    night_pain,
    not_settling_24h,
    not_freeing_up,
    load_spike,
)


def evaluate(series: RunnerSeries, thresholds: Thresholds | None = None) -> list[Finding]:
    """Every finding for one runner, in severity order (urgent first)."""
    t = thresholds or Thresholds()
    return [finding for rule in RULES if (finding := rule(series, t)) is not None]
