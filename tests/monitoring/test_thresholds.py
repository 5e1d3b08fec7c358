"""The thresholds' one home: defaults with sources, overridden from the environment through settings."""

from __future__ import annotations

import dataclasses

import pytest

from monitoring import thresholds as thresholds_module
from monitoring.scan import scan_batch
from monitoring.thresholds import DEFAULTS, Thresholds, thresholds_from_env

from .conftest import TODAY, log_symptom


def test_the_defaults_are_the_rulebooks_facts():
    from triage import rulebook as rb

    assert (DEFAULTS.high_pain, DEFAULTS.severe_pain, DEFAULTS.moderate_pain) == (rb.HIGH_PAIN, rb.SEVERE_PAIN, 4)
    assert (DEFAULTS.high_pain, DEFAULTS.severe_pain) == (6, 8)
    assert (DEFAULTS.run_pain_limit, DEFAULTS.in_pain) == (rb.ACCEPTABLE_PAIN, rb.IN_PAIN)
    w = rb.WINDOWS
    assert (DEFAULTS.symptom_window_days, DEFAULTS.severe_window_days, DEFAULTS.severe_min_entries) == (
        w.sign_days, w.severe_days, w.severe_entries,
    )  # fmt: skip
    assert (DEFAULTS.high_pain_window_days, DEFAULTS.high_pain_min_entries) == (w.high_days, w.high_entries)
    assert (DEFAULTS.worsening_recent_days, DEFAULTS.worsening_baseline_days) == (7, 42)
    assert DEFAULTS.not_improving_window_days == w.not_improving_days == 42
    assert (DEFAULTS.night_pain_nights, DEFAULTS.night_window_days, DEFAULTS.night_window_nights) == (3, 14, 4)
    assert (DEFAULTS.load_history_days, DEFAULTS.checkin_hours) == (28, 24)
    assert DEFAULTS.lookback_days == 56  # recent runs (14 days) and the 42 days before them


def test_every_default_is_read_from_the_rulebook_not_written_twice():
    import ast
    from pathlib import Path

    source = Path(thresholds_module.__file__).read_text()
    cls = next(n for n in ast.parse(source).body if isinstance(n, ast.ClassDef) and n.name == "Thresholds")
    for field in (n for n in cls.body if isinstance(n, ast.AnnAssign)):
        assert isinstance(field.value, ast.Attribute), f"{field.target.id} has a number of its own"


def test_an_operator_overrides_any_threshold_by_its_name_in_capitals():
    t = thresholds_from_env({"MONITORING_HIGH_PAIN": "7", "MONITORING_SEVERE_WINDOW_DAYS": "5", "OTHER": "x"})
    assert t == dataclasses.replace(DEFAULTS, high_pain=7, severe_window_days=5)
    assert thresholds_from_env({}) == Thresholds()


@pytest.mark.parametrize(
    "environ",
    [{"MONITORING_HIGH_PAIN": "six"}, {"MONITORING_HIGH_PAIN": "6.5"}, {"MONITORING_SEVERE_PAIN": "nan"},
     {"MONITORING_SEVERE_PAIN": "inf"}, {"MONITORING_IN_PAIN": "-1"}, {"MONITORING_RUN_PAIN_RUNS": "0"},
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
            "high_pain", "in_pain", "severe_pain", "moderate_pain", "run_pain_limit",
        }:  # fmt: skip
            with pytest.raises(ValueError, match="at least 1"):
                thresholds_from_env({f"MONITORING_{f.name.upper()}": "0"})


@pytest.mark.django_db
def test_the_scan_reads_the_thresholds_from_settings(runner, settings, frozen):
    settings.MONITORING_THRESHOLDS = dataclasses.replace(DEFAULTS, symptom_window_days=1)
    log_symptom(runner, "leg_pain", day=TODAY.replace(day=TODAY.day - 1))
    assert scan_batch(runner_ids=[runner.id], notify=False).opened == 0  # yesterday is outside 1 day
    settings.MONITORING_THRESHOLDS = DEFAULTS
    assert scan_batch(runner_ids=[runner.id], notify=False).opened == 1
