"""The thresholds' one home: defaults with sources, overridden from the environment through settings."""

from __future__ import annotations

import dataclasses

import pytest

from monitoring import services
from monitoring.thresholds import DEFAULTS, Thresholds, thresholds_from_env

from .conftest import TODAY, log_symptom


def test_the_defaults_are_the_documented_clinical_figures():
    assert (DEFAULTS.worsening_rise_points, DEFAULTS.worsening_rise_pct, DEFAULTS.worsening_min_points) == (
        2.0,
        30.0,
        1.0,
    )
    assert (DEFAULTS.high_pain, DEFAULTS.high_pain_window_days) == (6, 14)
    assert (DEFAULTS.night_pain_nights, DEFAULTS.night_pain_nights_14) == (3, 5)
    assert (DEFAULTS.load_history_days, DEFAULTS.checkin_hours) == (28, 24)
    assert DEFAULTS.lookback_days == 56  # the current week, the recent one and six baseline weeks


def test_an_operator_overrides_any_threshold_by_its_name_in_capitals():
    t = thresholds_from_env({"MONITORING_HIGH_PAIN": "7", "MONITORING_WORSENING_RISE_POINTS": "2.5", "OTHER": "x"})
    assert t == dataclasses.replace(DEFAULTS, high_pain=7, worsening_rise_points=2.5)
    assert thresholds_from_env({}) == Thresholds()


@pytest.mark.parametrize(
    "environ",
    [{"MONITORING_HIGH_PAIN": "six"}, {"MONITORING_HIGH_PAIN": "6.5"}, {"MONITORING_WORSENING_RISE_PCT": "nan"},
     {"MONITORING_WORSENING_RISE_PCT": "inf"}, {"MONITORING_IN_PAIN": "-1"},
     # a zero window or count would switch a rule off, or break the scan for everyone
     {"MONITORING_SYMPTOM_WINDOW_DAYS": "0"}, {"MONITORING_WORSENING_MIN_ENTRIES": "0"},
     {"MONITORING_NIGHT_PAIN_NIGHTS": "0"}, {"MONITORING_CHECKIN_HOURS": "0"}],
)  # fmt: skip
def test_a_bad_value_stops_start_up_with_its_name(environ):
    with pytest.raises(ValueError, match=next(iter(environ))):
        thresholds_from_env(environ)


@pytest.mark.django_db
def test_every_window_and_count_has_a_floor_of_one():
    for f in dataclasses.fields(Thresholds):
        if isinstance(getattr(DEFAULTS, f.name), int) and f.name not in {
            "high_pain", "in_pain", "not_settling_pain", "not_settling_rise",
        }:  # fmt: skip
            with pytest.raises(ValueError, match="at least 1"):
                thresholds_from_env({f"MONITORING_{f.name.upper()}": "0"})


@pytest.mark.django_db
def test_the_scan_reads_the_thresholds_from_settings(runner, settings, frozen):
    settings.MONITORING_THRESHOLDS = dataclasses.replace(DEFAULTS, symptom_window_days=1)
    log_symptom(runner, "leg_pain", day=TODAY.replace(day=TODAY.day - 1))
    assert services.scan_batch(runner_ids=[runner.id], notify=False).opened == 0  # yesterday is outside 1 day
    settings.MONITORING_THRESHOLDS = DEFAULTS
    assert services.scan_batch(runner_ids=[runner.id], notify=False).opened == 1
