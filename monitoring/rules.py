"""The red-flag rules: pure functions from a runner's recent series to findings with evidence.

No database, no request, no clock: the caller passes the runner's local ``today`` and plain records.
Each rule is stated in docs/monitoring.md with its threshold, source and test. The clinical facts come
from the rulebook (``triage.rulebook``): the tiers of the warning signs, the pain bands, the minimal
important change (``meaningful_rise``/``meaningful_fall``) and settling by the next morning
(``settling_after``); ``monitoring.thresholds.Thresholds`` holds the operator-overridable copies of its
numbers and windows. Every window is rolling (the last N days, today included), never a calendar week,
so no weekday is blind, and the rules count logged days, so a runner who logs twice a week is seen.
Evidence stores ISO dates (the ``scan_flags --json`` contract); ``monitoring.wording`` turns it into words.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from journal.metrics import SessionPoint, run_spikes
from triage import rulebook as rb
from triage.codes import Symptom
from triage.rulebook import LEG_SYMPTOMS, STANDING_CONDITIONS, SignTier, sign_tier, tier_rank

from .models import FlagKind
from .thresholds import Thresholds

__all__ = ["Thresholds"]  # re-exported: the rules and their thresholds travel together


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
    standing: tuple[str, ...] = ()  # standing conditions from the runner's profile (cancer history, ...)

    def __post_init__(self) -> None:
        entries = self.entries
        if any(entries[i].day > entries[i + 1].day for i in range(len(entries) - 1)):
            object.__setattr__(self, "entries", sorted(entries, key=lambda e: e.day))


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str
    evidence: dict[str, Any] = field(default_factory=dict)

    @property
    def last_day(self) -> str:
        """ISO date of the newest piece of evidence (a closed flag covers findings up to this day)."""
        last: str = self.evidence["last_day"]
        return last

    @property
    def new_from(self) -> str:
        """The day from which this finding is new evidence for a closed flag of its kind: the first day of its
        window for the rolling trends (worsening, not improving), whose newest day moves with every entry, so
        a dismissed trend flag comes back only once a whole window of new entries shows it again (as the
        week-by-week rule did); the newest piece of evidence for the others."""
        start: str = self.evidence.get(TREND_WINDOW_START.get(self.kind, "last_day"), self.last_day)
        return start


# The evidence field that starts each rolling trend's window (see ``Finding.new_from``).
TREND_WINDOW_START: dict[str, str] = {
    FlagKind.WORSENING_WEEK_ON_WEEK: "recent_from",
    FlagKind.NOT_IMPROVING: "first_day",
}


def _iso(day: dt.date) -> str:
    return day.isoformat()


def _window(series: RunnerSeries, days: int) -> list[EntryPoint]:
    """Entries of the last ``days`` local days, today included, oldest first."""
    start = series.today - dt.timedelta(days=days - 1)
    return [e for e in series.entries if start <= e.day <= series.today]


def _symptom_days(series: RunnerSeries, codes: frozenset[str] | set[str], days: int) -> list[dict[str, Any]]:
    found = []
    for entry in _window(series, days):
        hit = sorted(set(codes).intersection(entry.symptoms))
        if hit:
            found.append({"day": _iso(entry.day), "symptoms": hit, "pain": entry.pain})
    return found


def standing_conditions(series: RunnerSeries) -> set[str]:
    """The runner's standing conditions: their profile's, and any an earlier daily entry ticked (the daily
    entry used to ask them every day). They are facts about the person, not signs of the day: ticking one
    again is not new evidence, so it never reopens a flag a clinician has cleared."""
    found = set(series.standing)
    for entry in series.entries:
        if entry.symptoms:
            found.update(STANDING_CONDITIONS.intersection(entry.symptoms))
    return found


def _sign_tiers(signs: set[str]) -> tuple[set[str], set[str]]:
    """(emergency-tier signs, urgent-tier signs) among these signs, graded by the rulebook's ``sign_tier``
    (pairs included: cancer history with leg symptoms is an emergency, a fall with fracture risk urgent).
    Urgent signs are those left once the emergency ones are taken out."""
    tier, top = sign_tier(signs)
    emergency = set(top) if tier == SignTier.EMERGENCY else set()
    tier, top = sign_tier(signs - emergency)
    urgent = set(top) if tier == SignTier.URGENT else set()
    return emergency, urgent


def _tiered(series: RunnerSeries, t: Thresholds) -> tuple[set[str], set[str], set[str]]:
    """(emergency signs, urgent signs, standing conditions): the signs of the window and the standing ones."""
    standing = standing_conditions(series)
    signs: set[str] = set(standing)
    for entry in _window(series, t.symptom_window_days):
        signs.update(entry.symptoms)
    emergency, urgent = _sign_tiers(signs)
    return emergency, urgent, standing


def _sign_finding(
    kind: str, series: RunnerSeries, codes: set[str], standing: set[str], t: Thresholds
) -> Finding | None:
    """A warning-sign finding: the days these signs were logged (standing conditions apart) and the standing
    conditions among them. ``last_day`` is the newest logged sign, or today for standing conditions alone."""
    days = _symptom_days(series, codes - STANDING_CONDITIONS, t.symptom_window_days)
    held = sorted(codes & standing)
    if not days and not held:
        return None
    last = days[-1]["day"] if days else _iso(series.today)
    # "standing" only when there are some, so the evidence of a flag of logged signs keeps its old shape.
    return Finding(kind, {"days": days, **({"standing": held} if held else {}), "last_day": last})


def evidence_signs(evidence: dict[str, Any]) -> set[str]:
    """Every sign a sign flag's evidence holds: those logged and the standing conditions."""
    signs = set(evidence.get("standing", []))
    for day in evidence.get("days", []):
        signs.update(day.get("symptoms", []))
    return signs


def signs_got_worse(new: dict[str, Any], old: dict[str, Any]) -> bool:
    """Whether a sign finding is worse than an open flag's evidence: a sign the flag did not hold (a new
    emergency sign, say), or signs of a higher tier (the rulebook's ``tier_rank``). The runner and their
    physio are then told again."""
    now, before = evidence_signs(new), evidence_signs(old)
    return bool(now - before) or tier_rank(sign_tier(now)[0]) > tier_rank(sign_tier(before)[0])


def signs_are_new(new: dict[str, Any], closed: dict[str, Any]) -> bool:
    """Whether a sign finding shows something a closed flag of its kind did not: a sign logged after the
    closed flag's newest logged sign, a sign it did not hold, or a standing condition it did not hold (a
    changed profile). Standing conditions alone, unchanged, never reopen a flag a clinician has cleared."""
    if signs_got_worse(new, closed):
        return True
    closed_last = max((d["day"] for d in closed.get("days", [])), default="")
    return any(d["day"] > closed_last for d in new.get("days", []))


# --- warning signs -----------------------------------------------------------------------------------
def emergency_symptoms(series: RunnerSeries, t: Thresholds) -> Finding | None:
    """Any emergency-tier sign in the last 7 days, or a pair with a standing condition (urgent)."""
    emergency, _, standing = _tiered(series, t)
    if not emergency:
        return None
    return _sign_finding(FlagKind.EMERGENCY_SYMPTOMS, series, emergency, standing, t)


def serious_cause_signs(series: RunnerSeries, t: Thresholds) -> Finding | None:
    """Any urgent-tier sign (a possible serious cause) in the last 7 days or standing (urgent)."""
    _, urgent, standing = _tiered(series, t)
    if not urgent:
        return None
    return _sign_finding(FlagKind.SERIOUS_CAUSE_SIGNS, series, urgent, standing, t)


def leg_symptoms(series: RunnerSeries, t: Thresholds) -> Finding | None:
    """Leg symptoms (the article's checklist; triage's "see a clinician" tier, so a review)."""
    return _sign_finding(FlagKind.LEG_SYMPTOMS, series, set(LEG_SYMPTOMS), set(), t)


def night_pain(series: RunnerSeries, t: Thresholds) -> Finding | None:
    """The night pain sign, or disturbed nights: 3 in the last 7, or 4 in the last 14 (a regular two a week)."""
    week = _window(series, t.symptom_window_days)
    symptom_days = [_iso(e.day) for e in week if Symptom.NIGHT_PAIN in e.symptoms]
    nights_7 = [_iso(e.day) for e in _window(series, 7) if e.sleep_disturbed or Symptom.NIGHT_PAIN in e.symptoms]
    nights_14 = [
        _iso(e.day)
        for e in _window(series, t.night_window_days)
        if e.sleep_disturbed or Symptom.NIGHT_PAIN in e.symptoms
    ]
    enough = len(nights_7) >= t.night_pain_nights or len(nights_14) >= t.night_window_nights
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
    """A run whose next morning the rulebook calls not settled (``settling_after`` is ``NOT_SETTLED``: the
    same judgement the plan's progression makes), the ``not_settling`` sign, or a check-in answered "not
    settled". No next-day entry: the check-in asks."""
    recent_start = series.today - dt.timedelta(days=t.recent_days - 1)
    pain_on = {e.day: e.pain for e in series.entries}
    runs: list[dict[str, Any]] = []
    seen: set[dt.date] = set()
    for s in sorted(series.sessions, key=lambda s: s.day):
        if not s.point.is_run or s.day in seen or s.day < recent_start - dt.timedelta(days=1):
            continue
        if s.day + dt.timedelta(days=1) > series.today:
            continue
        if rb.settling_after(s.day, pain_on) == rb.NOT_SETTLED:
            seen.add(s.day)
            runs.append(
                {
                    "run_day": _iso(s.day),
                    "pain_before": rb.morning_before(s.day, pain_on),
                    "pain_next_day": pain_on[s.day + dt.timedelta(days=1)],
                }
            )
    symptom_days = [_iso(e.day) for e in _window(series, t.recent_days) if Symptom.NOT_SETTLING in e.symptoms]
    answers = sorted({_iso(c.run_day) for c in series.checkins if not c.settled and c.run_day >= recent_start})
    if not (runs or symptom_days or answers):
        return None
    last = max([r["run_day"] for r in runs] + symptom_days + answers)
    return Finding(
        FlagKind.NOT_SETTLING_24H,
        {"runs": runs, "symptom_days": symptom_days, "checkins_not_settled": answers, "last_day": last},
    )


def _run_pain(s: SessionRecord) -> int | None:
    known = [p for p in (s.pain_during, s.pain_after) if p is not None]
    return max(known) if known else None


def run_pain(series: RunnerSeries, t: Thresholds) -> Finding | None:
    """Pain during or after runs, whatever the mornings say: the latest ``run_pain_runs`` (2) runs with a pain
    recorded in the last ``run_pain_days`` (14) each above ``run_pain_limit`` (ACCEPTABLE_PAIN, 5), or each a
    meaningful rise (the rulebook's ``meaningful_rise``) above the runner's usual run pain (the median of at
    least 2 runs in the ``worsening_baseline_days`` before) and above GREEN_PAIN."""
    start = series.today - dt.timedelta(days=t.run_pain_days - 1)
    base_start = start - dt.timedelta(days=t.worsening_baseline_days)
    recent: list[tuple[dt.date, int]] = []
    earlier: list[int] = []
    for s in series.sessions:
        pain = _run_pain(s)
        if not s.point.is_run or pain is None or s.day > series.today or s.day < base_start:
            continue
        if s.day >= start:
            recent.append((s.day, pain))
        else:
            earlier.append(pain)
    if len(recent) < t.run_pain_runs:
        return None
    recent.sort()
    latest = recent[-t.run_pain_runs :]
    above = all(p > t.run_pain_limit for _, p in latest)
    usual = statistics.median(earlier) if len(earlier) >= t.run_pain_runs else None
    rose = usual is not None and all(
        p >= rb.RUN_TREND_FLOOR and rb.meaningful_rise(p - usual, usual) for _, p in latest
    )
    if not (above or rose):
        return None
    return Finding(
        FlagKind.RUN_PAIN,
        {
            "runs": [{"run_day": _iso(d), "pain": p} for d, p in latest],
            "limit": t.run_pain_limit,
            "usual_pain": usual,
            "earlier_runs": len(earlier),
            "last_day": _iso(latest[-1][0]),
        },
    )


# --- pain over days and weeks ------------------------------------------------------------------------
def severe_pain(series: RunnerSeries, t: Thresholds) -> Finding | None:
    """Severe pain (SEVERE_PAIN, 8+) on the latest ``severe_min_entries`` (2) logged days of the last
    ``severe_window_days`` (7), or on most of the logged days there: a review at the second severe entry,
    on any weekday and whether the runner logs daily or twice a week."""
    window = _window(series, t.severe_window_days)
    severe = [e for e in window if e.pain >= t.severe_pain]
    if len(severe) < t.severe_min_entries:
        return None
    latest = window[-t.severe_min_entries :]
    if not (all(e.pain >= t.severe_pain for e in latest) or len(severe) * 2 > len(window)):
        return None
    return Finding(
        FlagKind.SEVERE_PAIN,
        {
            "severe_days": [_iso(e.day) for e in severe],
            "logged_days": len(window),
            "threshold": t.severe_pain,
            "window_days": t.severe_window_days,
            "last_day": _iso(severe[-1].day),
        },
    )


def _windows(series: RunnerSeries, t: Thresholds) -> tuple[list[EntryPoint], list[EntryPoint]]:
    """(entries of the last ``worsening_recent_days``, entries of the ``worsening_baseline_days`` before)."""
    recent_start = series.today - dt.timedelta(days=t.worsening_recent_days - 1)
    base_start = recent_start - dt.timedelta(days=t.worsening_baseline_days)
    recent, base = [], []
    for e in series.entries:
        if recent_start <= e.day <= series.today:
            recent.append(e)
        elif base_start <= e.day < recent_start:
            base.append(e)
    return recent, base


def worsening_week_on_week(series: RunnerSeries, t: Thresholds) -> Finding | None:
    """The last 7 days (rolling, today included) against the runner's usual level: the median of the logged
    days of the 42 days before (or, for a slow creep, the median of the first 14 of them when lower). Opens
    on a rise the rulebook calls meaningful (``meaningful_rise``: 2 points; 0->1 and 1->2 never count) to a
    level of at least TREND_FLOOR (3). Each part needs ``worsening_min_entries`` (3) logged days; with fewer
    there is no finding (see ``data_enough``)."""
    recent, base = _windows(series, t)
    if len(recent) < t.worsening_min_entries or len(base) < t.worsening_min_entries:
        return None
    level = statistics.median(e.pain for e in recent)
    usual = statistics.median(e.pain for e in base)
    start_end = series.today - dt.timedelta(
        days=t.worsening_recent_days - 1 + t.worsening_baseline_days - t.worsening_start_days
    )
    first = [e.pain for e in base if e.day < start_end]
    start = statistics.median(first) if len(first) >= t.worsening_min_entries else usual
    reference = min(usual, start)
    rise = level - reference
    if level < rb.TREND_FLOOR or not rb.meaningful_rise(rise, reference):
        return None
    return Finding(
        FlagKind.WORSENING_WEEK_ON_WEEK,
        {
            "recent_from": _iso(recent[0].day),
            "recent_days": t.worsening_recent_days,
            "recent_entries": len(recent),
            "recent_pain": level,
            "baseline_from": _iso(base[0].day),
            "baseline_days": t.worsening_baseline_days,
            "baseline_entries": len(base),
            "baseline_pain": usual,
            "start_pain": start,
            "rise_points": round(rise, 2),
            "last_day": _iso(recent[-1].day),
        },
    )


def data_enough(series: RunnerSeries, t: Thresholds) -> bool:
    """Whether the worsening rule has what it needs: ``worsening_min_entries`` logged days in the last 7 days
    and in the 42 before them (the panel says so when not)."""
    recent, base = _windows(series, t)
    return len(recent) >= t.worsening_min_entries and len(base) >= t.worsening_min_entries


def persistent_high_pain(series: RunnerSeries, t: Thresholds) -> Finding | None:
    """Pain at or above ``high_pain`` (HIGH_PAIN, 6) on most (more than half) of the logged days of the last 14,
    with at least ``high_pain_min_entries`` (3) logged, whatever the trend."""
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


def not_improving(series: RunnerSeries, t: Thresholds) -> Finding | None:
    """Moderate pain (MODERATE_PAIN, 4+) that has not eased over about six weeks (NICE CKS: review when not
    improving after about 4-6 weeks). The level at the start is the median of the logged days of the first
    ``not_improving_end_days`` (7) of the last ``not_improving_window_days`` (42), the level now that of the
    last 7; each needs ``not_improving_min_entries`` (2). Opens when both are moderate, moderate on most
    logged days between, and the fall is not one the rulebook calls meaningful (``meaningful_fall``)."""
    window = _window(series, t.not_improving_window_days)
    window_start = series.today - dt.timedelta(days=t.not_improving_window_days - 1)
    first_end = window_start + dt.timedelta(days=t.not_improving_end_days)
    last_start = series.today - dt.timedelta(days=t.not_improving_end_days - 1)
    first = [e.pain for e in window if e.day < first_end]
    last = [e.pain for e in window if e.day >= last_start]
    if len(first) < t.not_improving_min_entries or len(last) < t.not_improving_min_entries:
        return None
    start_level, now_level = statistics.median(first), statistics.median(last)
    moderate = [e for e in window if e.pain >= t.moderate_pain]
    if start_level < t.moderate_pain or now_level < t.moderate_pain or len(moderate) * 2 <= len(window):
        return None
    if rb.meaningful_fall(start_level - now_level, start_level):
        return None
    return Finding(
        FlagKind.NOT_IMPROVING,
        {
            "first_day": _iso(window[0].day),
            "start_pain": start_level,
            "now_pain": now_level,
            "moderate_days": len(moderate),
            "logged_days": len(window),
            "threshold": t.moderate_pain,
            "window_days": t.not_improving_window_days,
            "last_day": _iso(window[-1].day),
        },
    )


def not_freeing_up(series: RunnerSeries, t: Thresholds) -> Finding | None:
    """No normal stride, or spasm, on most logged days, for more than a week and still on the latest entry."""
    window = _window(series, t.stiff_window_days)
    if len(window) < t.stiff_min_entries or not window[-1].stiff:
        return None
    stiff = [e for e in window if e.stiff]
    if len(stiff) * 2 <= len(window) or (stiff[-1].day - stiff[0].day).days < rb.STIFF_SPAN_DAYS:
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
    severe_pain,
    persistent_high_pain,
    leg_symptoms,
    worsening_week_on_week,
    not_improving,
    run_pain,
    night_pain,
    not_settling_24h,
    not_freeing_up,
    load_spike,
)


def evaluate(series: RunnerSeries, thresholds: Thresholds | None = None) -> list[Finding]:
    """Every finding for one runner, in severity order (urgent first)."""
    t = thresholds or Thresholds()
    return [finding for rule in RULES if (finding := rule(series, t)) is not None]
