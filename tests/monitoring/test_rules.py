"""The red-flag rules as plain functions: no database, no Celery, no clock."""

from __future__ import annotations

import datetime as dt

import pytest

from journal.metrics import SessionPoint
from monitoring.rules import (
    CheckInAnswer,
    EntryPoint,
    RunnerSeries,
    SessionRecord,
    Thresholds,
    emergency_symptoms,
    evaluate,
    leg_symptoms,
    load_spike,
    night_pain,
    not_settling_24h,
    weekly_means,
    worsening_week_on_week,
)

T = Thresholds()
WED = dt.date(2026, 3, 11)  # a Wednesday
MON = dt.date(2026, 3, 9)  # that week's Monday


def day(n: int, base: dt.date = WED) -> dt.date:
    return base + dt.timedelta(days=n)


def entries(pains_by_day: dict[dt.date, int], **kw) -> list[EntryPoint]:
    return [EntryPoint(day=d, pain=p, **kw) for d, p in pains_by_day.items()]


def run(on: dt.date, km: float = 8, *, rpe: int = 4, minutes: int = 45, during=None, after=None) -> SessionRecord:
    point = SessionPoint(day=on, distance_m=int(km * 1000), duration_s=minutes * 60, rpe=rpe, is_run=True)
    return SessionRecord(point=point, pain_during=during, pain_after=after)


def weeks_of(means: list[int], *, per_week: int = 7, today: dt.date = WED) -> list[EntryPoint]:
    """Entries for the complete weeks before ``today``'s week, oldest first, each day at the given pain."""
    this_monday = today - dt.timedelta(days=today.weekday())
    out = []
    for i, pain in enumerate(means):
        monday = this_monday - dt.timedelta(weeks=len(means) - i)
        out += [EntryPoint(day=monday + dt.timedelta(days=d), pain=pain) for d in range(per_week)]
    return out


# --- symptom rules -----------------------------------------------------------------------------------
@pytest.mark.parametrize("code", ["saddle_numbness", "bladder_bowel", "both_legs"])
def test_any_emergency_symptom_in_the_last_week_is_a_finding(code):
    series = RunnerSeries(today=WED, entries=[EntryPoint(day=day(-2), pain=5, symptoms=(code,))])
    finding = emergency_symptoms(series, T)
    assert finding.kind == "emergency_symptoms"
    assert finding.evidence["days"] == [{"day": "2026-03-09", "symptoms": [code], "pain": 5}]
    assert finding.last_day == "2026-03-09"


def test_symptoms_older_than_the_window_are_ignored():
    old = RunnerSeries(today=WED, entries=[EntryPoint(day=day(-7), pain=5, symptoms=("saddle_numbness",))])
    edge = RunnerSeries(today=WED, entries=[EntryPoint(day=day(-6), pain=5, symptoms=("saddle_numbness",))])
    assert emergency_symptoms(old, T) is None
    assert emergency_symptoms(edge, T) is not None


def test_entries_dated_after_today_in_the_runners_zone_are_ignored():
    series = RunnerSeries(today=WED, entries=[EntryPoint(day=day(1), pain=5, symptoms=("leg_pain",))])
    assert leg_symptoms(series, T) is None


@pytest.mark.parametrize("code", ["leg_pain", "leg_neuro"])
def test_leg_symptoms_are_a_finding(code):
    series = RunnerSeries(today=WED, entries=[EntryPoint(day=WED, pain=2, symptoms=(code,))])
    assert leg_symptoms(series, T).evidence["days"][0]["symptoms"] == [code]


def test_night_pain_symptom_opens_at_once_but_disturbed_sleep_needs_three_nights():
    symptom = RunnerSeries(today=WED, entries=[EntryPoint(day=WED, pain=3, symptoms=("night_pain",))])
    two = RunnerSeries(today=WED, entries=[EntryPoint(day=day(-n), pain=3, sleep_disturbed=True) for n in range(2)])
    three = RunnerSeries(today=WED, entries=[EntryPoint(day=day(-n), pain=3, sleep_disturbed=True) for n in range(3)])
    assert night_pain(symptom, T).evidence["night_pain_days"] == ["2026-03-11"]
    assert night_pain(two, T) is None
    assert night_pain(three, T).evidence["sleep_disturbed_days"] == ["2026-03-09", "2026-03-10", "2026-03-11"]


def test_no_entries_means_no_findings():
    assert evaluate(RunnerSeries(today=WED)) == []


# --- not settling within 24 hours --------------------------------------------------------------------
def test_pain_still_high_the_day_after_a_run_and_no_lower_than_before_is_a_finding():
    series = RunnerSeries(
        today=WED, entries=entries({day(-3): 4, day(-2): 5, day(-1): 5}), sessions=[run(day(-2), after=6)]
    )
    finding = not_settling_24h(series, T)
    assert finding.evidence["runs"] == [{"run_day": "2026-03-09", "pain_before": 4, "pain_next_day": 5}]


def test_pain_that_eased_below_the_pre_run_level_has_settled():
    series = RunnerSeries(today=WED, entries=entries({day(-3): 6, day(-1): 5}), sessions=[run(day(-2))])
    assert not_settling_24h(series, T) is None


def test_low_pain_the_day_after_is_not_a_finding_even_if_higher_than_before():
    series = RunnerSeries(today=WED, entries=entries({day(-3): 1, day(-1): 3}), sessions=[run(day(-2))])
    assert not_settling_24h(series, T) is None


def test_without_the_day_before_the_run_days_entry_then_pain_after_is_the_baseline():
    run_day_entry = RunnerSeries(today=WED, entries=entries({day(-2): 4, day(-1): 4}), sessions=[run(day(-2))])
    only_session = RunnerSeries(today=WED, entries=entries({day(-1): 4}), sessions=[run(day(-2), after=5)])
    nothing = RunnerSeries(today=WED, entries=entries({day(-1): 6}), sessions=[run(day(-2))])
    assert not_settling_24h(run_day_entry, T).evidence["runs"][0]["pain_before"] == 4
    assert not_settling_24h(only_session, T) is None  # 4 the next day is lower than 5 straight after
    assert not_settling_24h(nothing, T) is None  # nothing to compare with


def test_a_missing_next_day_entry_is_not_a_finding():
    series = RunnerSeries(today=WED, entries=entries({day(-3): 6, day(-1): 7}), sessions=[run(day(-3))])
    assert not_settling_24h(series, T) is None  # nothing logged on day(-2)


def test_the_not_settling_symptom_or_a_not_settled_check_in_is_a_finding():
    symptom = RunnerSeries(today=WED, entries=[EntryPoint(day=WED, pain=3, symptoms=("not_settling",))])
    answer = RunnerSeries(today=WED, checkins=[CheckInAnswer(run_day=day(-1), settled=False)])
    settled = RunnerSeries(today=WED, checkins=[CheckInAnswer(run_day=day(-1), settled=True)])
    assert not_settling_24h(symptom, T).evidence["symptom_days"] == ["2026-03-11"]
    assert not_settling_24h(answer, T).evidence["checkins_not_settled"] == ["2026-03-10"]
    assert not_settling_24h(settled, T) is None


def test_walks_and_strength_sessions_do_not_count_as_runs():
    walk = SessionRecord(point=SessionPoint(day=day(-2), distance_m=5000, duration_s=3600, rpe=2, is_run=False))
    series = RunnerSeries(today=WED, entries=entries({day(-3): 4, day(-1): 6}), sessions=[walk])
    assert not_settling_24h(series, T) is None


# --- worsening week on week --------------------------------------------------------------------------
def test_three_complete_weeks_each_worse_by_two_points_in_total_is_a_finding():
    finding = worsening_week_on_week(RunnerSeries(today=WED, entries=weeks_of([2, 3, 4])), T)
    assert finding.evidence["weeks"] == [
        {"week_of": "2026-02-16", "entries": 7, "mean_pain": 2.0},
        {"week_of": "2026-02-23", "entries": 7, "mean_pain": 3.0},
        {"week_of": "2026-03-02", "entries": 7, "mean_pain": 4.0},
    ]
    assert finding.evidence["rise_points"] == 2.0
    assert finding.last_day == "2026-03-08"


def test_a_thirty_percent_rise_counts_when_it_is_at_least_a_point():
    assert worsening_week_on_week(RunnerSeries(today=WED, entries=weeks_of([4, 5, 6])), T) is not None  # 50%
    small = weeks_of([1, 1, 1])[:7] + weeks_of([1, 2, 2])[7:14] + weeks_of([1, 1, 2])[14:]
    # 1.0 -> 1.14 -> 1.29: +29% and a third of a point: not meaningful
    assert worsening_week_on_week(RunnerSeries(today=WED, entries=small), T) is None


def test_a_rise_that_is_not_steady_is_not_a_finding():
    assert worsening_week_on_week(RunnerSeries(today=WED, entries=weeks_of([2, 5, 5])), T) is None
    assert worsening_week_on_week(RunnerSeries(today=WED, entries=weeks_of([5, 2, 7])), T) is None


def test_one_noisy_day_does_not_make_a_trend():
    stable = weeks_of([3, 3, 3])
    noisy = [*stable[:-1], EntryPoint(day=stable[-1].day, pain=10)]
    assert worsening_week_on_week(RunnerSeries(today=WED, entries=noisy), T) is None


def test_too_few_entries_in_any_week_means_no_verdict():
    thin = weeks_of([2, 4, 6], per_week=2)
    assert worsening_week_on_week(RunnerSeries(today=WED, entries=thin), T) is None
    assert worsening_week_on_week(RunnerSeries(today=WED, entries=weeks_of([2, 4, 6], per_week=3)), T) is not None


def test_missing_days_are_fine_as_long_as_each_week_has_enough_entries():
    gappy = [e for e in weeks_of([2, 4, 6]) if e.day.weekday() in (0, 3, 6)]
    assert worsening_week_on_week(RunnerSeries(today=WED, entries=gappy), T) is not None


def test_the_current_week_is_left_out_until_it_is_complete():
    rising = weeks_of([2, 4, 6], today=WED)
    # On Sunday the last of those weeks is still "this week": only two complete weeks before it.
    sunday = dt.date(2026, 3, 8)
    assert worsening_week_on_week(RunnerSeries(today=sunday, entries=rising), T) is None
    # From the Monday it is complete.
    assert worsening_week_on_week(RunnerSeries(today=MON, entries=rising), T) is not None


def test_weeks_run_monday_to_sunday():
    sunday_before = dt.date(2026, 3, 8)
    series = RunnerSeries(today=WED, entries=[EntryPoint(day=sunday_before, pain=9), EntryPoint(day=MON, pain=1)])
    last_week = weekly_means(series, 1)
    assert last_week == [(dt.date(2026, 3, 2), 1, 9.0)]


def test_thresholds_are_configurable():
    series = RunnerSeries(today=WED, entries=weeks_of([2, 3, 4]))
    strict = Thresholds(worsening_rise_points=3.0, worsening_rise_pct=200)
    assert worsening_week_on_week(series, strict) is None


# --- load spike ---------------------------------------------------------------------------------------
def test_a_run_more_than_ten_percent_longer_while_in_pain_is_a_finding():
    sessions = [run(day(-20), 10), run(day(-1), 11.5)]
    series = RunnerSeries(today=WED, entries=entries({day(-1): 4}), sessions=sessions)
    finding = load_spike(series, T)
    assert finding.evidence["run_spikes"] == [
        {"day": "2026-03-10", "distance_m": 11500, "previous_longest_m": 10000, "increase_pct": 15.0}
    ]


def test_the_same_jump_without_pain_is_not_a_finding():
    series = RunnerSeries(today=WED, entries=entries({day(-1): 1}), sessions=[run(day(-20), 10), run(day(-1), 11.5)])
    assert load_spike(series, T) is None


def test_pain_logged_on_the_session_counts_as_in_pain():
    series = RunnerSeries(today=WED, sessions=[run(day(-20), 10), run(day(-1), 12, during=5)])
    assert load_spike(series, T) is not None


def test_exactly_ten_percent_longer_is_not_a_spike():
    weekly = [run(day(-7 * w - 1), 10) for w in range(1, 5)]  # the same run each week: no load jump
    series = RunnerSeries(today=WED, entries=entries({day(-1): 5}), sessions=[*weekly, run(day(-1), 11)])
    assert load_spike(series, T) is None
    longer = RunnerSeries(today=WED, entries=entries({day(-1): 5}), sessions=[*weekly, run(day(-1), 11.1)])
    assert load_spike(longer, T).evidence["load"] is None


def test_a_load_well_above_the_previous_four_weeks_while_in_pain_is_a_finding():
    usual = [run(MON - dt.timedelta(weeks=w) + dt.timedelta(days=1), 8) for w in range(1, 5)]
    this_week = [run(MON, 8), run(day(-1), 8)]  # double the usual week, in pain on Tuesday
    series = RunnerSeries(today=WED, entries=entries({day(-1): 4}), sessions=usual + this_week)
    finding = load_spike(series, T)
    assert finding.evidence["load"]["ratio"] == 2.0
    assert finding.evidence["load"]["pain_days"] == ["2026-03-10"]


def test_evaluate_returns_findings_most_serious_first():
    series = RunnerSeries(
        today=WED,
        entries=[EntryPoint(day=WED, pain=6, symptoms=("night_pain", "both_legs", "leg_pain"))],
    )
    assert [f.kind for f in evaluate(series)] == ["emergency_symptoms", "leg_symptoms", "night_pain"]
