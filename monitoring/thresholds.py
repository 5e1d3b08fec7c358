"""The one home of the red-flag thresholds: each default with its source.

Pure Python (no Django), so ``config/settings.py`` can build ``MONITORING_THRESHOLDS`` from the
environment with ``thresholds_from_env``: an operator overrides a value with ``MONITORING_<NAME>``
(the field name in capitals, e.g. ``MONITORING_HIGH_PAIN=7``). A bad value stops start-up.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Thresholds:
    # Warning signs: logged in the last 7 local days, today included (NICE NG59: act on them when they appear).
    symptom_window_days: int = 7
    # Night pain: disturbed sleep on 3 nights in 7, or 5 nights in 14 (issue 12; the article lists night pain).
    night_pain_nights: int = 3
    night_pain_nights_14: int = 5
    # Worsening: the last complete week against the runner's lowest week of the 6 before it.
    worsening_baseline_weeks: int = 6  # a slow creep is caught over up to six weeks (issue 12)
    worsening_min_entries: int = 3  # entries a week needs to count (three days a week is enough)
    # Minimal clinically important difference of the 0-10 pain scale (Ostelo et al., Spine 2008):
    worsening_rise_points: float = 2.0  # a rise of 2 points ...
    worsening_rise_pct: float = 30.0  # ... or 30 % of the baseline ...
    worsening_min_points: float = 1.0  # ... and then at least 1 point (30 % of a zero baseline never counts)
    # Persistent high pain: 6/10 or more on most logged days of the last 14 (issue 12).
    high_pain: int = 6
    high_pain_window_days: int = 14
    high_pain_min_entries: int = 4
    # Not freeing up: the article expects a few days of walking to free the back up; more than a week is not.
    stiff_window_days: int = 10  # look at the last 10 days ...
    stiff_min_entries: int = 4  # ... with at least 4 entries; stiff on most, first to last more than a week apart
    # Not settling the day after a run (the pain-monitoring model: pain should settle by the next morning).
    not_settling_pain: int = 4  # the next morning at or above this, and no lower than before the run, or ...
    not_settling_rise: int = 2  # ... 2 points or more above the pain logged before the run
    # Training: a run >10 % longer than the longest of the last 30 days (a 2025 BJSM cohort of 5,205 runners), while in pain.
    in_pain: int = 3  # a day counts as "in pain" at or above this
    load_history_days: int = 28  # no training flag before the journal reaches back 4 weeks
    recent_days: int = 7  # runs (spikes, not settling) and check-in answers considered recent
    # 24-hour check-in: due this many hours after the run's start (or at the end of the run's day).
    checkin_hours: int = 24

    @property
    def lookback_days(self) -> int:
        """How many days of history the rules need (the scan loads exactly this much)."""
        return max(
            self.symptom_window_days,
            14,  # night pain, 5 nights in 14
            self.high_pain_window_days,
            self.stiff_window_days,
            7 * (self.worsening_baseline_weeks + 2),  # the current week, the recent one and the baseline weeks
            self.recent_days + 31,  # a run spike compares with the 30 days before the run
            self.recent_days + self.load_history_days,
        )


DEFAULTS = Thresholds()


# Windows and counts: 0 would silently switch a rule off (no window, no warning-sign flags) or break it.
COUNTS = ("_days", "_weeks", "_entries", "_nights", "_nights_14", "_hours")


def env_name(field: str) -> str:
    return f"MONITORING_{field.upper()}"


def thresholds_from_env(environ: Mapping[str, str]) -> Thresholds:
    """Defaults, overridden by any ``MONITORING_<NAME>`` set in ``environ``; ValueError on a bad value."""
    changes: dict[str, int | float] = {}
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
