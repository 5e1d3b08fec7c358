"""The progression rule, as a table: every threshold at and either side of its boundary (no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from plans.progression import DEFAULTS, HOLD, PAUSED, PROGRESS, STEP_BACK, Facts, Logged, decide, morning_change

MON = dt.date(2026, 3, 2)
WED = MON + dt.timedelta(days=2)
THU = MON + dt.timedelta(days=3)
TODAY = MON + dt.timedelta(days=5)


def facts(pains=(2, 2), mornings=None, **kwargs) -> Facts:
    """Two sessions (Monday, Wednesday) with these pains during; mornings default to a steady 2/10."""
    sessions = kwargs.pop("sessions", None)
    if sessions is None:
        sessions = (Logged(MON, pains[0]), Logged(WED, pains[1]))
    morning = {MON + dt.timedelta(days=n): 2 for n in range(-1, 6)}
    morning.update(mornings or {})
    return Facts(
        stage=kwargs.pop("stage", 3), last_stage=10, today=TODAY, sessions=sessions, morning_pain=morning, **kwargs
    )


@pytest.mark.parametrize(
    ("pains", "expected"),
    [
        ((0, 0), PROGRESS),
        ((3, 3), PROGRESS),  # at most 3/10: may progress
        ((3, 4), HOLD),  # 4-5: hold
        ((5, 2), HOLD),
        ((5, 5), HOLD),
        ((2, 6), STEP_BACK),  # above 5: step back
        ((6, 2), STEP_BACK),
        ((10, 10), STEP_BACK),
    ],
)
def test_pain_during_decides_at_each_boundary(pains, expected):
    assert decide(facts(pains)).decision == expected


@pytest.mark.parametrize(
    ("next_morning", "expected"),
    [
        (0, PROGRESS),  # better than the morning before
        (1, PROGRESS),
        (2, PROGRESS),  # the same as the morning before
        (3, HOLD),  # up by 1
        (4, STEP_BACK),  # up by 2
        (7, STEP_BACK),
    ],
)
def test_next_morning_pain_against_the_morning_before_decides(next_morning, expected):
    decision = decide(facts(mornings={THU: next_morning}))  # the morning after Wednesday's session
    assert decision.decision == expected


def test_the_morning_before_is_the_session_day_entry_or_else_the_day_before():
    assert morning_change(WED, {WED: 2, THU: 3}) == 1
    assert morning_change(WED, {WED - dt.timedelta(days=1): 4, THU: 3}) == -1
    assert morning_change(WED, {THU: 3}) is None
    assert morning_change(WED, {WED: 3}) is None


@pytest.mark.parametrize(
    ("skips", "expected"),
    [
        (("pain", "pain"), STEP_BACK),  # two in a row for pain
        (("other", "pain"), HOLD),
        (("pain", "other"), HOLD),
        (("other", "other"), HOLD),
    ],
)
def test_two_sessions_in_a_row_skipped_for_pain_step_back(skips, expected):
    sessions = (Logged(MON - dt.timedelta(days=3), 1), Logged(MON, skipped=skips[0]), Logged(WED, skipped=skips[1]))
    assert decide(facts(sessions=sessions)).decision == expected


def test_a_skip_for_pain_after_a_session_is_not_two_in_a_row():
    sessions = (Logged(MON, skipped="pain"), Logged(WED, 2), Logged(THU + dt.timedelta(days=1), skipped="pain"))
    assert decide(facts(sessions=sessions)).decision == HOLD


def test_only_the_last_two_sessions_are_judged():
    sessions = (Logged(MON - dt.timedelta(days=2), 8), Logged(MON, 2), Logged(WED, 3))
    assert decide(facts(sessions=sessions)).decision == PROGRESS


@pytest.mark.parametrize(
    ("sessions", "reason"),
    [
        ((), "Do 2 more sessions"),
        ((Logged(WED, 1),), "Do 1 more session "),
        ((Logged(MON, 1), Logged(WED, None)), "Add how much your back hurt"),
    ],
)
def test_too_little_data_holds_and_says_what_is_missing(sessions, reason):
    decision = decide(facts(sessions=sessions))
    assert decision.decision == HOLD
    assert any(r.startswith(reason) for r in decision.reasons), decision.reasons


def test_a_session_done_today_waits_for_tomorrows_morning_entry():
    f = Facts(
        stage=3,
        last_stage=10,
        today=WED,
        sessions=(Logged(MON, 1), Logged(WED, 1)),
        morning_pain={MON: 2, MON + dt.timedelta(days=1): 2, WED: 2},
    )
    decision = decide(f)
    assert decision.decision == HOLD
    assert decision.reasons == ("Log your back tomorrow morning to see how it settled after Wed 4 Mar.",)


@pytest.mark.parametrize(
    "extra",
    [
        {"warning_days": (WED,)},
        {"urgent_flags": ("leg symptoms logged",)},
        {"worrying_checks": ("see a clinician before you run",)},
        {"physio_paused": True},
    ],
)
def test_any_warning_sign_urgent_flag_worrying_check_or_physio_pause_pauses_even_a_good_week(extra):
    decision = decide(facts(**extra))
    assert decision.decision == PAUSED
    assert decision.reasons


def test_pause_outranks_step_back():
    assert decide(facts((8, 8), warning_days=(WED,))).decision == PAUSED


def test_step_back_outranks_hold():
    assert decide(facts((5, 6))).decision == STEP_BACK


def test_stage_one_holds_instead_of_stepping_back():
    decision = decide(facts((7, 7), stage=1))
    assert decision.decision == HOLD
    assert "first stage" in decision.reasons[-1]


def test_the_last_stage_holds_instead_of_progressing():
    decision = decide(facts(stage=10))
    assert decision.decision == HOLD
    assert decision.reasons[-1] == "This is the last stage: keep training like this."


def test_a_physio_hold_keeps_a_runner_who_could_progress_on_the_stage():
    decision = decide(facts(physio_hold=True))
    assert decision.decision == HOLD
    assert decision.reasons == ("Your physio asked you to stay on this stage for now.",)


def test_progress_gives_the_numbers_in_plain_words_and_the_data_behind_them():
    decision = decide(facts((1, 3)))
    assert decision.reasons[0].startswith("Pain during your last 2 sessions was 1/10 and 3/10 (3/10 or less)")
    assert decision.reasons[1] == "You are ready for stage 4."
    assert decision.data["sessions"][1] == {"day": "2026-03-04", "pain_during": 3, "skipped": "", "morning_change": 0}


def test_the_thresholds_are_the_documented_defaults():
    assert (DEFAULTS.progress_max_pain_during, DEFAULTS.hold_max_pain_during) == (3, 5)
    assert (DEFAULTS.hold_morning_rise, DEFAULTS.step_back_morning_rise) == (1, 2)
    assert (DEFAULTS.sessions_to_progress, DEFAULTS.skipped_for_pain_in_a_row) == (2, 2)


def test_two_sessions_on_one_day_ask_for_its_mornings_once():
    # Monday's walk and a run the same day, and no morning logged after it yet (today is Monday).
    sessions = (Logged(MON, 2), Logged(MON, 1))
    waiting = Facts(stage=3, last_stage=10, today=MON, sessions=sessions, morning_pain={MON: 2})
    reasons = decide(waiting).reasons
    assert len(reasons) == len(set(reasons)), reasons
    assert any("tomorrow morning" in reason for reason in reasons), reasons
