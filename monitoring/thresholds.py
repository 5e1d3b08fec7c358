"""The operator-overridable red-flag thresholds: each default read from the clinical rulebook.

Pure Python (no Django), so ``config/settings.py`` can build ``MONITORING_THRESHOLDS`` from the
environment with ``thresholds_from_env``: an operator overrides a value with ``MONITORING_<NAME>``
(the field name in capitals, e.g. ``MONITORING_HIGH_PAIN=7``). A bad value stops start-up.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from triage import rulebook as rb


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The operator's copy of the rulebook's monitoring facts: every default is read from
    ``triage.rulebook`` (where each fact has its source); the minimal important change and the meaning of
    "settled" are not here, the rules call the rulebook's ``meaningful_rise``/``meaningful_fall``/``settling``."""

    # Warning signs: logged in the last 7 local days, today included (NICE NG59: act on them when they appear).
    symptom_window_days: int = rb.WINDOWS.sign_days
    # Severe pain: SEVERE_PAIN or more on the latest 2 logged days of the last 7, or on most logged days there.
    severe_pain: int = rb.SEVERE_PAIN
    severe_window_days: int = rb.WINDOWS.severe_days
    severe_min_entries: int = rb.WINDOWS.severe_entries
    # Persistent high pain: HIGH_PAIN or more on most logged days of the last 14, with at least 3 logged.
    high_pain: int = rb.HIGH_PAIN
    high_pain_window_days: int = rb.WINDOWS.high_days
    high_pain_min_entries: int = rb.WINDOWS.high_entries
    # Not improving: MODERATE_PAIN or more that has not eased over about six weeks (NICE CKS).
    moderate_pain: int = rb.MODERATE_PAIN
    not_improving_window_days: int = rb.WINDOWS.not_improving_days
    not_improving_end_days: int = rb.NOT_IMPROVING_END_DAYS
    not_improving_min_entries: int = rb.NOT_IMPROVING_END_ENTRIES
    # Worsening: the last 7 days against the runner's usual level (median) over the 42 days before.
    worsening_recent_days: int = rb.WINDOWS.worsening_recent_days
    worsening_baseline_days: int = rb.WINDOWS.worsening_baseline_days
    worsening_min_entries: int = rb.WORSENING_MIN_ENTRIES
    worsening_start_days: int = rb.WORSENING_START_DAYS  # a slow creep: against the first 14 of the 42 days too
    # Pain during or after runs: above ACCEPTABLE_PAIN, or a meaningful rise, on the latest 2 runs of 14 days.
    run_pain_limit: int = rb.ACCEPTABLE_PAIN
    run_pain_days: int = rb.RUN_PAIN_DAYS
    run_pain_runs: int = rb.RUN_PAIN_RUNS
    # Night pain: disturbed sleep on 3 nights in 7, or 4 nights in 14 (a regular two nights a week counts).
    night_pain_nights: int = rb.WINDOWS.night_count_7
    night_window_days: int = rb.WINDOWS.night_days
    night_window_nights: int = rb.WINDOWS.night_count
    # Not freeing up: the article expects a few days of walking to free the back up; more than a week is not.
    stiff_window_days: int = rb.STIFF_WINDOW_DAYS  # look at the last 10 days ...
    stiff_min_entries: int = rb.STIFF_MIN_ENTRIES  # ... with at least 4 entries; stiff on most, over a week apart
    # Training: a run >10 % longer than the longest of the last 30 days (a 2025 BJSM cohort), while in pain.
    in_pain: int = rb.IN_PAIN  # a day counts as "in pain" at or above this
    load_history_days: int = rb.LOAD_HISTORY_DAYS  # no training flag before the journal reaches back 4 weeks
    recent_days: int = rb.WINDOWS.recent_days  # runs (spikes, not settling) and check-in answers considered recent
    # 24-hour check-in: due this many hours after the run's start (or at the end of the run's day).
    checkin_hours: int = rb.CHECKIN_HOURS

    @property
    def lookback_days(self) -> int:
        """How many days of history the rules need (the scan loads exactly this much)."""
        return max(
            self.symptom_window_days,
            self.severe_window_days,
            self.high_pain_window_days,
            self.not_improving_window_days,
            self.night_window_days,
            self.stiff_window_days,
            self.worsening_recent_days + self.worsening_baseline_days,
            self.run_pain_days + self.worsening_baseline_days,  # recent runs and the runs before them
            self.recent_days + 31,  # a run spike compares with the 30 days before the run
            self.recent_days + self.load_history_days,
        )


DEFAULTS = Thresholds()


# Windows and counts: 0 would silently switch a rule off (no window, no warning-sign flags) or break it.
COUNTS = ("_days", "_weeks", "_entries", "_nights", "_runs", "_hours")


def env_name(field: str) -> str:
    return f"MONITORING_{field.upper()}"


def thresholds_from_env(environ: Mapping[str, str]) -> Thresholds:
    """Defaults, overridden by any ``MONITORING_<NAME>`` set in ``environ``; ValueError on a bad value."""
    changes: dict[str, Any] = {}  # each checked against its field's type above
    for f in dataclasses.fields(Thresholds):
        raw = environ.get(env_name(f.name))
        if raw is None or raw.strip() == "":
            continue
        kind = type(getattr(DEFAULTS, f.name))
        try:
            value = kind(raw)
        except ValueError:
            raise ValueError(
                f"{env_name(f.name)} must be a {'whole ' if kind is int else ''}number, not {raw!r}"
            ) from None
        least = 1 if f.name.endswith(COUNTS) else 0  # an empty window or a zero count would switch a rule off
        if not math.isfinite(value) or value < least:
            raise ValueError(f"{env_name(f.name)} must be a finite number of at least {least}, not {raw!r}")
        changes[f.name] = value
    return dataclasses.replace(DEFAULTS, **changes)
