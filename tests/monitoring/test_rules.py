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
    complete_weeks,
    data_enough,
    emergency_symptoms,
    evaluate,
    leg_symptoms,
    load_spike,
    meaningful_rise,
    night_pain,
    not_freeing_up,
    not_settling_24h,
    persistent_high_pain,
    serious_cause_signs,
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
EMERGENCY_SIGNS = ["saddle_numbness", "bladder_bowel", "sexual_dysfunction", "both_legs", "leg_weakness_worsening",
                   "major_trauma"]  # fmt: skip


@pytest.mark.parametrize("code", EMERGENCY_SIGNS)
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


@pytest.mark.parametrize("code", ["fever", "weight_loss", "cancer_history", "infection_risk"])
def test_a_sign_of_a_possible_serious_cause_is_its_own_urgent_finding(code):
    series = RunnerSeries(today=WED, entries=[EntryPoint(day=day(-1), pain=4, symptoms=(code,))])
    finding = serious_cause_signs(series, T)
    assert finding.kind == "serious_cause_signs"
    assert finding.evidence["days"] == [{"day": "2026-03-10", "symptoms": [code], "pain": 4}]
    assert emergency_symptoms(series, T) is None


def signs(*days_and_codes: tuple[int, tuple[str, ...]]) -> RunnerSeries:
    return RunnerSeries(today=WED, entries=[EntryPoint(day=day(-n), pain=4, symptoms=c) for n, c in days_and_codes])


def test_cancer_history_with_leg_symptoms_is_an_emergency_even_on_different_days():
    series = signs((3, ("cancer_history",)), (1, ("leg_neuro",)))
    finding = emergency_symptoms(series, T)
    assert finding.evidence["days"] == [
        {"day": "2026-03-08", "symptoms": ["cancer_history"], "pain": 4},
        {"day": "2026-03-10", "symptoms": ["leg_neuro"], "pain": 4},
    ]
    assert serious_cause_signs(series, T) is None  # the cancer history is already part of the emergency
    assert leg_symptoms(series, T) is not None  # and the leg sign stays a checklist flag as well


def test_a_fall_with_fracture_risk_is_urgent_but_each_alone_is_not():
    both = serious_cause_signs(signs((2, ("trauma", "fracture_risk"))), T)
    assert both.evidence["days"][0]["symptoms"] == ["fracture_risk", "trauma"]
    assert serious_cause_signs(signs((2, ("trauma",))), T) is None
    assert serious_cause_signs(signs((2, ("fracture_risk",))), T) is None


def test_an_emergency_sign_and_an_urgent_sign_open_both_flags():
    series = signs((0, ("both_legs", "fever")))
    assert emergency_symptoms(series, T).evidence["days"][0]["symptoms"] == ["both_legs"]
    assert serious_cause_signs(series, T).evidence["days"][0]["symptoms"] == ["fever"]


# --- night pain: 3 nights in 7, or 5 in 14 -----------------------------------------------------------
def nights(*offsets: int) -> list[EntryPoint]:
    return [EntryPoint(day=day(-n), pain=3, sleep_disturbed=True) for n in offsets]


def test_the_night_pain_sign_is_a_finding_at_once():
    series = RunnerSeries(today=WED, entries=[EntryPoint(day=WED, pain=3, symptoms=("night_pain",))])
    assert night_pain(series, T).evidence["night_pain_days"] == ["2026-03-11"]


def test_three_disturbed_nights_in_seven_is_a_finding_two_is_not():
    assert night_pain(RunnerSeries(today=WED, entries=nights(0, 3)), T) is None
    finding = night_pain(RunnerSeries(today=WED, entries=nights(0, 3, 6)), T)
    assert finding.evidence["nights_last_7"] == 3
    assert finding.last_day == "2026-03-11"


def test_five_disturbed_nights_in_fourteen_is_a_finding_even_at_two_a_week():
    two_a_week = nights(1, 4, 8, 11, 13)  # never three in any seven days counted from today
    assert night_pain(RunnerSeries(today=WED, entries=two_a_week[:4]), T) is None
    finding = night_pain(RunnerSeries(today=WED, entries=two_a_week), T)
    assert finding.evidence["nights_last_14"] == 5
    assert finding.evidence["nights_last_7"] == 2


def test_disturbed_nights_older_than_fourteen_days_do_not_count():
    assert night_pain(RunnerSeries(today=WED, entries=nights(1, 4, 8, 11, 14)), T) is None


def test_no_entries_means_no_findings():
    assert evaluate(RunnerSeries(today=WED)) == []


# --- not settling: the next morning against the pain logged before the run --------------------------
def test_pain_still_high_the_next_day_and_no_lower_than_the_run_days_entry_is_a_finding():
    series = RunnerSeries(today=WED, entries=entries({day(-2): 5, day(-1): 5}), sessions=[run(day(-2), after=8)])
    finding = not_settling_24h(series, T)
    assert finding.evidence["runs"] == [{"run_day": "2026-03-09", "pain_before": 5, "pain_next_day": 5}]


def test_the_pre_run_entry_not_pain_after_is_the_comparison():
    # After the run 8, the next day 7: the old rule said "settled". Before the run it was 3: not settled.
    series = RunnerSeries(today=WED, entries=entries({day(-2): 3, day(-1): 7}), sessions=[run(day(-2), after=8)])
    assert not_settling_24h(series, T).evidence["runs"][0] == {
        "run_day": "2026-03-09",
        "pain_before": 3,
        "pain_next_day": 7,
    }


def test_a_rise_of_two_points_counts_even_below_the_pain_threshold():
    rise = RunnerSeries(today=WED, entries=entries({day(-2): 0, day(-1): 3}), sessions=[run(day(-2))])
    small = RunnerSeries(today=WED, entries=entries({day(-2): 1, day(-1): 2}), sessions=[run(day(-2))])
    assert not_settling_24h(rise, T).evidence["runs"][0]["pain_next_day"] == 3
    assert not_settling_24h(small, T) is None


def test_high_pain_that_eased_below_the_pre_run_level_has_settled():
    series = RunnerSeries(today=WED, entries=entries({day(-2): 6, day(-1): 5}), sessions=[run(day(-2))])
    assert not_settling_24h(series, T) is None


def test_without_an_entry_on_the_run_day_the_day_before_is_the_comparison():
    series = RunnerSeries(today=WED, entries=entries({day(-3): 2, day(-1): 4}), sessions=[run(day(-2))])
    assert not_settling_24h(series, T).evidence["runs"][0]["pain_before"] == 2
    nothing = RunnerSeries(today=WED, entries=entries({day(-1): 6}), sessions=[run(day(-2), after=2)])
    assert not_settling_24h(nothing, T) is None  # nothing logged before the run: the check-in asks instead


def test_a_missing_next_day_entry_is_not_a_finding():
    series = RunnerSeries(today=WED, entries=entries({day(-3): 2, day(-1): 7}), sessions=[run(day(-3))])
    assert not_settling_24h(series, T) is None  # nothing logged on day(-2)


def test_the_not_settling_sign_or_a_not_settled_check_in_is_a_finding():
    symptom = RunnerSeries(today=WED, entries=[EntryPoint(day=WED, pain=3, symptoms=("not_settling",))])
    answer = RunnerSeries(today=WED, checkins=[CheckInAnswer(run_day=day(-1), settled=False)])
    settled = RunnerSeries(today=WED, checkins=[CheckInAnswer(run_day=day(-1), settled=True)])
    assert not_settling_24h(symptom, T).evidence["symptom_days"] == ["2026-03-11"]
    assert not_settling_24h(answer, T).evidence["checkins_not_settled"] == ["2026-03-10"]
    assert not_settling_24h(settled, T) is None


def test_walks_and_strength_sessions_do_not_count_as_runs():
    walk = SessionRecord(point=SessionPoint(day=day(-2), distance_m=5000, duration_s=3600, rpe=2, is_run=False))
    series = RunnerSeries(today=WED, entries=entries({day(-2): 2, day(-1): 6}), sessions=[walk])
    assert not_settling_24h(series, T) is None


# --- worsening: the last complete week against the runner's own baseline -----------------------------
THREE_A_WEEK = (0, 2, 5)  # Monday, Wednesday, Saturday
WITH_GAPS = (0, 1, 3, 6)  # four days a week, missing days in between


EVERY_DAY = tuple(range(7))


def pains(weekly: list[list[int] | int], *, days=EVERY_DAY, today: dt.date = WED) -> list[EntryPoint]:
    """Entries for the complete weeks before ``today``'s week, oldest first: each week a pain for every day
    in ``days``, or a list of pains (one per day in ``days``, in order)."""
    this_monday = today - dt.timedelta(days=today.weekday())
    out = []
    for i, week in enumerate(weekly):
        monday = this_monday - dt.timedelta(weeks=len(weekly) - i)
        values = week if isinstance(week, list) else [week] * len(days)
        out += [EntryPoint(day=monday + dt.timedelta(days=d), pain=p) for d, p in zip(days, values, strict=True)]
    return out


def worse(entries_: list[EntryPoint], today: dt.date = WED):
    return worsening_week_on_week(RunnerSeries(today=today, entries=entries_), T)


MUST_OPEN = {
    "sudden rise held for a week (2, 2, 7)": [2, 2, 7],
    "rise then plateau (2, 7, 7)": [2, 7, 7],
    "slow creep of 2 points over six weeks": [2, 2, 3, 3, 3, 4, 4],
    "from 3 to 5, then 5 with one 4 (means 3.0, 5.0, 4.86)": [3, 5, [5, 5, 5, 4, 5, 5, 5]],
    "pain 2, then 7 from one week on, staying at 7": [2, 7, 7, 7],
}


@pytest.mark.parametrize("weekly", MUST_OPEN.values(), ids=MUST_OPEN.keys())
def test_a_meaningful_rise_against_the_baseline_opens_with_daily_entries(weekly):
    finding = worse(pains(weekly))
    assert finding is not None
    assert finding.kind == "worsening_week_on_week"
    assert finding.last_day == "2026-03-08"  # the Sunday that ends the last complete week


@pytest.mark.parametrize("weekly", MUST_OPEN.values(), ids=MUST_OPEN.keys())
@pytest.mark.parametrize("days", [THREE_A_WEEK, WITH_GAPS], ids=["three a week", "with gaps"])
def test_the_same_rises_open_with_three_entries_a_week_or_gaps(weekly, days):
    # a week given as seven pains is trimmed to the days logged (first, then the rest at the week's usual level)
    shaped = [w if not isinstance(w, list) else ([w[3]] + w[: len(days) - 1]) for w in weekly]
    assert worse(pains(shaped, days=days)) is not None


def test_a_middle_week_with_too_few_entries_is_skipped_not_fatal():
    # weekly means 2, 4, 6 with only two entries in the middle week
    middle = [EntryPoint(day=dt.date(2026, 2, 24), pain=4), EntryPoint(day=dt.date(2026, 2, 27), pain=4)]
    entries_ = [e for e in pains([2, 0, 6]) if e.pain != 0] + middle
    finding = worse(entries_)
    assert finding.evidence["baseline_pain"] == 2
    assert finding.evidence["recent_pain"] == 6
    assert [w["entries"] for w in finding.evidence["weeks"][-3:]] == [7, 2, 7]


def test_the_evidence_names_the_baseline_week_and_the_recent_week():
    finding = worse(pains([2, 2, 7]))
    assert finding.evidence["baseline_week_of"] == "2026-02-16"  # the earlier of two equal weeks
    assert finding.evidence["recent_week_of"] == "2026-03-02"
    assert (finding.evidence["baseline_pain"], finding.evidence["recent_pain"]) == (2, 7)
    assert finding.evidence["rise_points"] == 5
    assert finding.evidence["rise_pct"] == 250.0


MUST_NOT_OPEN = {
    "one bad day in a flat week": [3, 3, [3, 3, 3, 10, 3, 3, 3]],
    "pain wandering by one around a flat level": [[3, 4, 2, 3, 4, 2, 3], [2, 3, 4, 3, 2, 4, 3], [4, 3, 2, 3, 3, 4, 2]],
    "falling pain": [7, 5, 3],
    "a rise that stays below one point (0, 0.43, 1.0)": [0, [0, 1, 0, 1, 0, 1, 0], 1],
    "flat": [4, 4, 4, 4, 4, 4, 4],
}


@pytest.mark.parametrize("weekly", MUST_NOT_OPEN.values(), ids=MUST_NOT_OPEN.keys())
def test_noise_falls_and_small_rises_do_not_open_with_daily_entries(weekly):
    assert worse(pains(weekly)) is None


@pytest.mark.parametrize("weekly", MUST_NOT_OPEN.values(), ids=MUST_NOT_OPEN.keys())
@pytest.mark.parametrize("days", [THREE_A_WEEK, WITH_GAPS], ids=["three a week", "with gaps"])
def test_noise_falls_and_small_rises_do_not_open_with_three_entries_a_week_or_gaps(weekly, days):
    def trim(week):
        if not isinstance(week, list):
            return week
        if week.count(10):  # the one bad day stays in the week
            return [10] + [3] * (len(days) - 1)
        if set(week) == {2, 3, 4}:  # the wander keeps both of its ends in every week
            return ([2, 4] + [3] * len(days))[: len(days)]
        return week[: len(days)]

    trimmed = [trim(w) for w in weekly]
    assert any(isinstance(w, list) and len(set(w)) > 1 for w in trimmed) or weekly in ([7, 5, 3], [4] * 7)
    assert worse(pains(trimmed, days=days)) is None


def test_too_little_data_means_no_finding_and_says_so():
    one_week = RunnerSeries(today=WED, entries=pains([7]))
    thin = RunnerSeries(today=WED, entries=pains([2, 7], days=(0, 3)))
    enough = RunnerSeries(today=WED, entries=pains([2, 7], days=THREE_A_WEEK))
    assert worsening_week_on_week(one_week, T) is None
    assert worsening_week_on_week(thin, T) is None
    assert (data_enough(one_week, T), data_enough(thin, T), data_enough(enough, T)) == (False, False, True)
    assert worsening_week_on_week(enough, T) is not None


def test_the_current_week_is_left_out_until_it_is_complete():
    rising = pains([2, 2, 7], today=WED)
    sunday = dt.date(2026, 3, 8)  # on this Sunday the week of 7s is still "this week"
    assert worsening_week_on_week(RunnerSeries(today=sunday, entries=rising), T) is None
    assert worsening_week_on_week(RunnerSeries(today=MON, entries=rising), T) is not None


def test_a_baseline_older_than_six_weeks_before_the_recent_week_is_forgotten():
    # one good week seven weeks back, then a steady 5: no rise against the last six weeks
    assert worse(pains([2, 5, 5, 5, 5, 5, 5, 5])) is None
    assert worse(pains([2, 5, 5, 5, 5, 5, 5])) is not None


def test_weeks_run_monday_to_sunday():
    sunday_before = dt.date(2026, 3, 8)
    series = RunnerSeries(today=WED, entries=[EntryPoint(day=sunday_before, pain=9), EntryPoint(day=MON, pain=1)])
    assert complete_weeks(series, 1) == [(dt.date(2026, 3, 2), [9])]


@pytest.mark.parametrize(
    ("rise", "baseline", "meaningful"),
    [(2.0, 0, True), (1.9, 0, False), (1.0, 0, False), (1.0, 3.0, True), (0.9, 3.0, False), (1.0, 4.0, False),
     (1.5, 5.0, True), (1.4, 5.0, False)],
)  # fmt: skip
def test_the_mcid_is_two_points_or_thirty_percent_of_a_non_zero_baseline_and_one_point(rise, baseline, meaningful):
    assert meaningful_rise(rise, baseline, T) is meaningful


def test_thresholds_are_configurable():
    series = RunnerSeries(today=WED, entries=pains([2, 2, 4]))
    assert worsening_week_on_week(series, T) is not None
    assert worsening_week_on_week(series, Thresholds(worsening_rise_points=3.0, worsening_rise_pct=200)) is None


# --- persistent high pain ----------------------------------------------------------------------------
def test_high_pain_on_most_logged_days_of_the_last_fourteen_is_a_finding_whatever_the_trend():
    constant = RunnerSeries(today=WED, entries=[EntryPoint(day=day(-n), pain=8) for n in range(35)])
    finding = persistent_high_pain(constant, T)
    assert finding.evidence == {
        "high_days": 14, "logged_days": 14, "threshold": 6, "window_days": 14, "last_day": "2026-03-11",
    }  # fmt: skip
    assert worsening_week_on_week(constant, T) is None  # flat: no trend, but still a finding above


def test_high_pain_on_half_the_days_or_with_few_entries_is_not_persistent():
    half = RunnerSeries(today=WED, entries=[EntryPoint(day=day(-n), pain=6 if n % 2 else 5) for n in range(14)])
    few = RunnerSeries(today=WED, entries=[EntryPoint(day=day(-n), pain=9) for n in range(3)])
    three_a_week = RunnerSeries(today=WED, entries=[EntryPoint(day=day(-n), pain=7) for n in (0, 2, 5, 7, 9, 12)])
    assert persistent_high_pain(half, T) is None
    assert persistent_high_pain(few, T) is None
    assert persistent_high_pain(three_a_week, T).evidence["high_days"] == 6


# --- not freeing up ----------------------------------------------------------------------------------
def stiff(n: int, *, stride=False, spasm=None) -> EntryPoint:
    return EntryPoint(day=day(-n), pain=3, normal_stride=stride, spasm=spasm)


def test_no_normal_stride_or_spasm_on_most_days_for_more_than_a_week_is_a_finding():
    entries_ = [stiff(n) for n in (0, 2, 4, 6)] + [stiff(7, stride=True, spasm=True), stiff(5, stride=True)]
    finding = not_freeing_up(RunnerSeries(today=WED, entries=entries_), T)
    assert finding.kind == "not_freeing_up"
    assert finding.evidence["stiff_days"] == 5
    assert finding.evidence["logged_days"] == 6
    assert finding.evidence["spasm_days"] == 1
    assert finding.evidence["first_day"] == "2026-03-04"


def test_a_few_stiff_days_or_a_back_that_has_freed_up_is_not_a_finding():
    week_only = [stiff(n) for n in range(7)]  # six days apart: not more than a week
    freed = [stiff(n) for n in range(1, 9)] + [stiff(0, stride=True, spasm=False)]
    unanswered = [EntryPoint(day=day(-n), pain=3) for n in range(10)]
    for entries_ in (week_only, freed, unanswered):
        assert not_freeing_up(RunnerSeries(today=WED, entries=entries_), T) is None


# --- single-run spike --------------------------------------------------------------------------------
HISTORY = [EntryPoint(day=day(-40), pain=1)]  # the journal reaches back more than four weeks


def test_a_run_more_than_ten_percent_longer_while_in_pain_is_advice():
    series = RunnerSeries(
        today=WED, entries=[*HISTORY, *entries({day(-1): 4})], sessions=[run(day(-20), 10), run(day(-1), 11.5)]
    )
    finding = load_spike(series, T)
    assert finding.evidence == {
        "run_spikes": [{"day": "2026-03-10", "distance_m": 11500, "previous_longest_m": 10000, "increase_pct": 15.0}],
        "last_day": "2026-03-10",
    }


def test_no_training_flag_before_four_weeks_of_history():
    # a new runner imports one older run: the jump is real but there is no history to judge it by
    young = RunnerSeries(today=WED, entries=entries({day(-1): 4}), sessions=[run(day(-20), 10), run(day(-1), 11.5)])
    assert load_spike(young, T) is None


def test_the_same_jump_without_pain_is_not_a_finding():
    series = RunnerSeries(
        today=WED, entries=[*HISTORY, *entries({day(-1): 1})], sessions=[run(day(-20), 10), run(day(-1), 11.5)]
    )
    assert load_spike(series, T) is None


def test_pain_logged_on_the_session_counts_as_in_pain():
    series = RunnerSeries(today=WED, entries=HISTORY, sessions=[run(day(-20), 10), run(day(-1), 12, during=5)])
    assert load_spike(series, T) is not None


def test_exactly_ten_percent_longer_is_not_a_spike():
    at = RunnerSeries(
        today=WED, entries=[*HISTORY, *entries({day(-1): 5})], sessions=[run(day(-8), 10), run(day(-1), 11)]
    )
    over = RunnerSeries(
        today=WED, entries=[*HISTORY, *entries({day(-1): 5})], sessions=[run(day(-8), 10), run(day(-1), 11.1)]
    )
    assert load_spike(at, T) is None
    assert load_spike(over, T) is not None


def test_a_heavy_week_of_usual_runs_never_opens_a_flag():
    # double the usual weekly load (the old acute:chronic rule fired here), no single run longer than usual
    usual = [run(MON - dt.timedelta(weeks=w) + dt.timedelta(days=1), 8) for w in range(1, 6)]
    this_week = [run(MON, 8), run(day(-1), 8)]
    series = RunnerSeries(today=WED, entries=[*HISTORY, *entries({day(-1): 4})], sessions=usual + this_week)
    assert load_spike(series, T) is None


def test_evaluate_returns_findings_most_serious_first():
    series = RunnerSeries(
        today=WED,
        entries=[EntryPoint(day=WED, pain=6, symptoms=("night_pain", "both_legs", "leg_pain", "fever"))],
    )
    assert [f.kind for f in evaluate(series)] == [
        "emergency_symptoms",
        "serious_cause_signs",
        "leg_symptoms",
        "night_pain",
    ]
