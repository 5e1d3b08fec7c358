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
    data_enough,
    emergency_symptoms,
    evaluate,
    leg_symptoms,
    load_spike,
    night_pain,
    not_freeing_up,
    not_improving,
    not_settling_24h,
    persistent_high_pain,
    run_pain,
    serious_cause_signs,
    severe_pain,
    signs_are_new,
    signs_got_worse,
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
    if code in ("cancer_history", "infection_risk"):  # standing conditions: the person, not the day
        assert finding.evidence["days"] == []
        assert finding.evidence["standing"] == [code]
    else:
        assert finding.evidence["days"] == [{"day": "2026-03-10", "symptoms": [code], "pain": 4}]
    assert emergency_symptoms(series, T) is None


def signs(*days_and_codes: tuple[int, tuple[str, ...]]) -> RunnerSeries:
    return RunnerSeries(today=WED, entries=[EntryPoint(day=day(-n), pain=4, symptoms=c) for n, c in days_and_codes])


def test_cancer_history_with_leg_symptoms_is_an_emergency_even_on_different_days():
    series = signs((3, ("cancer_history",)), (1, ("leg_neuro",)))
    finding = emergency_symptoms(series, T)
    assert finding.evidence["days"] == [{"day": "2026-03-10", "symptoms": ["leg_neuro"], "pain": 4}]
    assert finding.evidence["standing"] == ["cancer_history"]  # a standing condition, not a sign of the day
    assert serious_cause_signs(series, T) is None  # the cancer history is already part of the emergency
    assert leg_symptoms(series, T) is not None  # and the leg sign stays a checklist flag as well


def test_a_fall_with_fracture_risk_is_urgent_but_each_alone_is_not():
    both = serious_cause_signs(signs((2, ("trauma", "fracture_risk"))), T)
    assert both.evidence["days"][0]["symptoms"] == ["trauma"]
    assert both.evidence["standing"] == ["fracture_risk"]
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


def test_four_disturbed_nights_in_fourteen_is_a_finding_even_at_two_a_week():
    two_a_week = nights(1, 4, 8, 11)  # never three in any seven days counted from today
    assert night_pain(RunnerSeries(today=WED, entries=two_a_week[:3]), T) is None
    finding = night_pain(RunnerSeries(today=WED, entries=two_a_week), T)
    assert finding.evidence["nights_last_14"] == 4
    assert finding.evidence["nights_last_7"] == 2


@pytest.mark.parametrize("pair", [(0, 3), (1, 5), (2, 6), (5, 6), (0, 4)], ids=lambda p: f"weekdays {p}")
@pytest.mark.parametrize("offset", range(7), ids=lambda n: f"scanned {(WED + dt.timedelta(days=n)):%A}")
def test_the_same_two_nights_every_week_for_eight_weeks_is_a_finding_on_every_day(pair, offset):
    today = WED + dt.timedelta(days=offset)
    start = today - dt.timedelta(weeks=8)
    days_ = [start + dt.timedelta(days=n) for n in range(57)]
    entries_ = [EntryPoint(day=d, pain=3, sleep_disturbed=d.weekday() in pair) for d in days_]
    assert night_pain(RunnerSeries(today=today, entries=entries_), T) is not None


def test_disturbed_nights_older_than_fourteen_days_do_not_count():
    assert night_pain(RunnerSeries(today=WED, entries=nights(1, 4, 8, 14)), T) is None


def test_no_entries_means_no_findings():
    assert evaluate(RunnerSeries(today=WED)) == []


# --- not settling: the next morning against the pain logged before the run --------------------------
def test_pain_above_the_running_ceiling_the_next_day_and_no_lower_is_a_finding():
    series = RunnerSeries(today=WED, entries=entries({day(-2): 6, day(-1): 6}), sessions=[run(day(-2), after=8)])
    finding = not_settling_24h(series, T)
    assert finding.evidence["runs"] == [{"run_day": "2026-03-09", "pain_before": 6, "pain_next_day": 6}]


def test_constant_mornings_at_four_with_runs_at_three_have_settled():
    # the plan says "progress" on these data; the flag used to say "not settling" (issue 19)
    mornings = entries({day(-n): 4 for n in range(21, -1, -1)})
    runs_ = [run(day(-n), during=3, after=3) for n in (13, 11, 8, 6, 4, 1)]
    assert not_settling_24h(RunnerSeries(today=WED, entries=mornings, sessions=runs_), T) is None


def test_a_run_is_judged_by_the_rulebooks_settling():
    from triage import rulebook

    for before, after in [(0, 2), (3, 5), (4, 4), (5, 5), (6, 6), (6, 5), (2, 3), (7, 8)]:
        series = RunnerSeries(today=WED, entries=entries({day(-2): before, day(-1): after}), sessions=[run(day(-2))])
        flagged = not_settling_24h(series, T) is not None
        assert flagged == (rulebook.settling(before, after) == rulebook.NOT_SETTLED), (before, after)


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


EVERY_DAY = tuple(range(7))


# --- worsening: the last 7 days against the runner's usual level over the 42 before ---------------------
def journal(pains: list[int], *, today: dt.date = WED, weekdays=EVERY_DAY) -> list[EntryPoint]:
    """One pain per day, oldest first, the last one ``today``; only days whose weekday is in ``weekdays`` logged."""
    start = today - dt.timedelta(days=len(pains) - 1)
    days = [start + dt.timedelta(days=n) for n in range(len(pains))]
    return [EntryPoint(day=d, pain=p) for d, p in zip(days, pains, strict=True) if d.weekday() in set(weekdays)]


def worse(entries_: list[EntryPoint], today: dt.date = WED):
    return worsening_week_on_week(RunnerSeries(today=today, entries=entries_), T)


MUST_OPEN = {
    "sudden rise held for a week (2 for six weeks, then 5)": [2] * 42 + [5] * 7,
    "a rise to severe pain (2 for five weeks, then 8 for four days)": [2] * 45 + [8] * 4,
    "a slow creep of 2 points over six weeks": [2] * 14 + [3] * 14 + [4] * 14 + [4] * 7,
    "from 3 to 5": [3] * 42 + [5, 5, 5, 4, 5, 5, 5],
}


@pytest.mark.parametrize("pains", MUST_OPEN.values(), ids=MUST_OPEN.keys())
@pytest.mark.parametrize("today", [WED + dt.timedelta(days=n) for n in range(7)], ids=lambda d: f"{d:%A}")
def test_a_meaningful_rise_against_the_usual_level_opens_on_every_weekday(pains, today):
    finding = worse(journal(pains, today=today), today=today)
    assert finding is not None
    assert finding.kind == "worsening_week_on_week"
    assert finding.last_day == today.isoformat()


@pytest.mark.parametrize("pains", MUST_OPEN.values(), ids=MUST_OPEN.keys())
@pytest.mark.parametrize("weekdays", [(0, 2, 5), (0, 1, 3, 6)], ids=["three a week", "with gaps"])
def test_the_same_rises_open_with_three_entries_a_week_or_gaps(pains, weekdays):
    # the last week holds its three or four logged days, all at the new level (the "4" of 3 -> 5 aside)
    entries_ = journal(pains, weekdays=weekdays)
    assert worse(entries_) is not None


def test_the_evidence_names_the_two_windows_and_the_levels():
    finding = worse(journal([2] * 42 + [7] * 7))
    assert finding.evidence == {
        "recent_from": "2026-03-05", "recent_days": 7, "recent_entries": 7, "recent_pain": 7,
        "baseline_from": "2026-01-22", "baseline_days": 42, "baseline_entries": 42, "baseline_pain": 2,
        "start_pain": 2, "rise_points": 5, "last_day": "2026-03-11",
    }  # fmt: skip


MUST_NOT_OPEN = {
    "one bad day in a flat week": [3] * 42 + [3, 3, 3, 10, 3, 3, 3],
    "pain wandering by one around a flat level": ([3, 4, 2, 3, 4, 2, 3] * 7),
    "falling pain": [7] * 21 + [5] * 21 + [3] * 7,
    "0 -> 1": [0] * 42 + [1] * 7,
    "1 -> 2": [1] * 42 + [2] * 7,
    "0 -> 2, still at the bottom of the scale": [0] * 42 + [2] * 7,
    "a usual 2 with one good week at 1, back to 2": [2] * 21 + [1] * 7 + [2] * 14 + [2] * 7,
    "flat": [4] * 49,
}


@pytest.mark.parametrize("pains", MUST_NOT_OPEN.values(), ids=MUST_NOT_OPEN.keys())
@pytest.mark.parametrize("weekdays", [range(7), (0, 2, 5), (0, 1, 3, 6)], ids=["daily", "three a week", "gaps"])
def test_noise_falls_and_small_rises_do_not_open(pains, weekdays):
    assert worse(journal(pains, weekdays=weekdays)) is None


def test_the_usual_level_is_the_median_not_the_best_week():
    # the old rule took the single best week as the baseline: one week at 1 made a return to 3 "a rise"
    pains = [3] * 14 + [1] * 7 + [3] * 21 + [3] * 7
    assert worse(journal(pains)) is None
    assert worse(journal([3] * 14 + [1] * 28 + [3] * 7)) is not None  # mostly at 1: 3 is a real rise


def test_too_little_data_means_no_finding_and_says_so():
    one_week = RunnerSeries(today=WED, entries=journal([7] * 7))
    thin = RunnerSeries(today=WED, entries=journal([2] * 42 + [7] * 7, weekdays=(0, 3)))  # 2 in the last 7 days
    enough = RunnerSeries(today=WED, entries=journal([2] * 42 + [7] * 7, weekdays=(0, 2, 5)))
    assert worsening_week_on_week(one_week, T) is None
    assert worsening_week_on_week(thin, T) is None
    assert (data_enough(one_week, T), data_enough(thin, T), data_enough(enough, T)) == (False, False, True)
    assert worsening_week_on_week(enough, T) is not None


def test_the_windows_roll_a_usual_level_older_than_six_weeks_is_forgotten():
    assert worse(journal([2] * 7 + [5] * 49)) is None  # the 2s are older than the 42 days before the last 7
    assert worse(journal([2] * 35 + [5] * 14)) is not None


def test_the_rise_must_be_meaningful_in_the_rulebooks_sense():
    from triage import rulebook

    assert rulebook.meaningful_rise(2, 0)
    assert not rulebook.meaningful_rise(1, 1)
    assert worse(journal([3] * 42 + [4] * 7)) is None  # one point is not a rise a clinician calls real
    assert worse(journal([3] * 42 + [5] * 7)) is not None


def test_thresholds_are_configurable():
    series = RunnerSeries(today=WED, entries=journal([2] * 42 + [5] * 7))
    assert worsening_week_on_week(series, T) is not None
    assert worsening_week_on_week(series, Thresholds(worsening_min_entries=8)) is None


# --- severe pain: a review within a day of the second severe entry ----------------------------------------
@pytest.mark.parametrize("jump", range(7), ids=lambda n: f"{(WED + dt.timedelta(days=n)):%A}")
def test_daily_2_then_8_opens_at_the_second_severe_day_on_every_weekday(jump):
    first = WED + dt.timedelta(days=jump)
    pains = [2] * 35 + [8]
    one = RunnerSeries(today=first, entries=journal(pains, today=first))
    two_day = first + dt.timedelta(days=1)
    two = RunnerSeries(today=two_day, entries=journal([*pains, 9], today=two_day))
    assert severe_pain(one, T) is None
    finding = severe_pain(two, T)
    assert finding.evidence["severe_days"] == [first.isoformat(), two_day.isoformat()]
    assert finding.last_day == two_day.isoformat()


def test_a_runner_who_logs_twice_a_week_is_seen_at_the_second_severe_entry():
    # 2/10 for a month then 8/10 on every entry, logged on Mondays and Thursdays
    pains = [2] * 28 + [8] * 14
    monday = dt.date(2026, 3, 16)
    entries_ = journal(pains, today=monday, weekdays=(0, 3))
    assert [e.pain for e in entries_[-3:]] == [8, 8, 8]
    at_second = [e for e in entries_ if e.pain == 8][1].day
    series = RunnerSeries(today=at_second, entries=[e for e in entries_ if e.day <= at_second])
    assert severe_pain(series, T) is not None
    assert persistent_high_pain(RunnerSeries(today=monday, entries=entries_), T) is not None


def test_one_severe_day_or_severe_days_far_apart_do_not_open():
    assert severe_pain(RunnerSeries(today=WED, entries=journal([2] * 13 + [9])), T) is None
    apart = journal([8] + [2] * 7 + [8])  # eight days apart: not in one short window
    assert severe_pain(RunnerSeries(today=WED, entries=apart), T) is None


def test_severe_pain_on_most_logged_days_opens_even_when_the_latest_day_is_better():
    assert severe_pain(RunnerSeries(today=WED, entries=journal([8, 9, 3])), T) is not None
    assert severe_pain(RunnerSeries(today=WED, entries=journal([2, 2, 8, 8, 3])), T) is None


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
    few = RunnerSeries(today=WED, entries=[EntryPoint(day=day(-n), pain=9) for n in range(2)])
    three_a_week = RunnerSeries(today=WED, entries=[EntryPoint(day=day(-n), pain=7) for n in (0, 2, 5, 7, 9, 12)])
    assert persistent_high_pain(half, T) is None
    assert persistent_high_pain(few, T) is None
    assert persistent_high_pain(three_a_week, T).evidence["high_days"] == 6


def test_high_pain_counts_logged_days_so_twice_a_week_is_seen():
    # the old rule needed 4 entries in 14 days; a runner logging twice a week has 3 or 4
    twice = RunnerSeries(today=WED, entries=[EntryPoint(day=day(-n), pain=8) for n in (0, 4, 7)])
    assert persistent_high_pain(twice, T).evidence == {
        "high_days": 3, "logged_days": 3, "threshold": 6, "window_days": 14, "last_day": "2026-03-11",
    }  # fmt: skip


def test_pain_six_is_high_as_in_the_rulebook():
    from triage import rulebook

    six = RunnerSeries(today=WED, entries=[EntryPoint(day=day(-n), pain=6) for n in range(3)])
    assert T.high_pain == rulebook.HIGH_PAIN == 6
    assert persistent_high_pain(six, T) is not None


# --- not improving: moderate pain that has not eased over about six weeks ------------------------------
def test_eight_weeks_at_five_with_no_improvement_opens():
    finding = not_improving(RunnerSeries(today=WED, entries=journal([5] * 56)), T)
    assert finding.evidence == {
        "first_day": "2026-01-29", "start_pain": 5, "now_pain": 5, "moderate_days": 42, "logged_days": 42,
        "threshold": 4, "window_days": 42, "last_day": "2026-03-11",
    }  # fmt: skip


@pytest.mark.parametrize("weekdays", [range(7), (0, 3), (1, 5)], ids=["daily", "Mon and Thu", "Tue and Sat"])
def test_moderate_pain_not_easing_is_seen_daily_or_twice_a_week(weekdays):
    assert not_improving(RunnerSeries(today=WED, entries=journal([6] * 21 + [5] * 21, weekdays=weekdays)), T)


MUST_NOT_IMPROVE = {
    "eased by 2 points (6 to 4)": [6] * 21 + [5] * 14 + [4] * 7,
    "eased by 30 % of a moderate start (7 to 5)": [7] * 35 + [5] * 7,
    "mild pain (3) that never eased": [3] * 42,
    "moderate only at the start": [5] * 7 + [2] * 28 + [5] * 7,
    "not six weeks of entries yet": [5] * 30,
}


@pytest.mark.parametrize("pains", MUST_NOT_IMPROVE.values(), ids=MUST_NOT_IMPROVE.keys())
def test_pain_that_eased_mild_pain_or_too_short_a_journal_does_not_open(pains):
    assert not_improving(RunnerSeries(today=WED, entries=journal(pains)), T) is None


def test_a_fall_of_one_point_from_five_is_not_an_improvement():
    assert not_improving(RunnerSeries(today=WED, entries=journal([5] * 35 + [4] * 7)), T) is not None


# --- pain during or after runs -----------------------------------------------------------------------
def runs_with(pains: list[int], *, every: int = 3, key: str = "during") -> list[SessionRecord]:
    """Runs every ``every`` days, the last one yesterday, oldest first, with this pain during (or after)."""
    out = []
    for i, pain in enumerate(pains):
        on = day(-1 - every * (len(pains) - 1 - i))
        out.append(run(on, **{key: pain}))
    return out


def test_pain_during_runs_rising_from_3_to_9_opens_while_mornings_stay_at_2():
    mornings = journal([2] * 49)
    series = RunnerSeries(today=WED, entries=mornings, sessions=runs_with([3, 3, 3, 3, 4, 5, 6, 7, 8, 9]))
    finding = run_pain(series, T)
    assert finding.evidence["runs"] == [{"run_day": "2026-03-07", "pain": 8}, {"run_day": "2026-03-10", "pain": 9}]
    assert [f.kind for f in evaluate(series)] == ["run_pain"]  # the mornings alone say nothing


def test_two_runs_above_five_open_whatever_came_before():
    series = RunnerSeries(today=WED, sessions=runs_with([6, 7], key="after"))
    assert run_pain(series, T).evidence["limit"] == 5
    assert run_pain(RunnerSeries(today=WED, sessions=runs_with([3, 7])), T) is None  # one hard run alone


def test_a_meaningful_rise_above_the_usual_run_pain_opens_before_passing_five():
    assert run_pain(RunnerSeries(today=WED, sessions=runs_with([1, 1, 1, 1, 2, 4, 4])), T) is not None
    assert run_pain(RunnerSeries(today=WED, sessions=runs_with([1, 1, 1, 1, 2, 3, 3])), T) is None  # still green
    assert run_pain(RunnerSeries(today=WED, sessions=runs_with([3, 3, 3, 3, 4, 4])), T) is None  # one point


# --- standing conditions -----------------------------------------------------------------------------
def test_a_standing_condition_from_the_profile_is_graded_with_the_days_signs():
    leg = RunnerSeries(today=WED, entries=[EntryPoint(day=day(-1), pain=4, symptoms=("leg_neuro",))],
                       standing=("cancer_history",))  # fmt: skip
    finding = emergency_symptoms(leg, T)
    assert finding.evidence == {
        "days": [{"day": "2026-03-10", "symptoms": ["leg_neuro"], "pain": 4}],
        "standing": ["cancer_history"],
        "last_day": "2026-03-10",
    }
    alone = RunnerSeries(today=WED, standing=("cancer_history",))
    assert serious_cause_signs(alone, T).evidence == {
        "days": [],
        "standing": ["cancer_history"],
        "last_day": "2026-03-11",
    }


def test_a_standing_condition_ticked_again_is_not_new_evidence():
    cleared = serious_cause_signs(signs((3, ("cancer_history",))), T).evidence
    again = serious_cause_signs(signs((3, ("cancer_history",)), (0, ("cancer_history",))), T).evidence
    profile = serious_cause_signs(RunnerSeries(today=WED, standing=("cancer_history",)), T).evidence
    assert not signs_are_new(again, cleared)
    assert not signs_are_new(profile, cleared)
    changed = serious_cause_signs(RunnerSeries(today=WED, standing=("cancer_history", "infection_risk")), T)
    assert signs_are_new(changed.evidence, cleared)  # a changed profile
    fever = serious_cause_signs(signs((3, ("cancer_history",)), (0, ("fever",))), T).evidence
    assert signs_are_new(fever, cleared)  # a new sign


def test_signs_got_worse_on_a_new_sign_or_a_higher_tier_not_on_the_same_signs_again():
    before = {"days": [{"day": "2026-03-09", "symptoms": ["both_legs"], "pain": 5}], "standing": []}
    same_later = {"days": [*before["days"], {"day": "2026-03-10", "symptoms": ["both_legs"], "pain": 6}]}
    new_sign = {"days": [*before["days"], {"day": "2026-03-10", "symptoms": ["bladder_bowel"], "pain": 6}]}
    assert not signs_got_worse(same_later, before)
    assert signs_got_worse(new_sign, before)
    leg = {"days": [{"day": "2026-03-09", "symptoms": ["leg_neuro"], "pain": 5}]}
    assert signs_got_worse({**leg, "standing": ["cancer_history"]}, leg)  # see a clinician -> emergency


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
