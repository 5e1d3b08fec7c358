"""The progression rule, as tables: every threshold at and either side of its boundary (no database).

Each number comes from the rulebook (``triage.rulebook``); the tables name the rulebook fact they test.
The properties over whole journals are in ``test_progression_properties.py``."""

from __future__ import annotations

import datetime as dt

import pytest

from plans.progression import HOLD, PAUSED, PROGRESS, STEP_BACK, Facts, Logged, decide, morning_change, morning_trend
from triage import rulebook as rb

MON = dt.date(2026, 3, 2)
TUE = MON + dt.timedelta(days=1)
WED = MON + dt.timedelta(days=2)
THU = MON + dt.timedelta(days=3)
TODAY = MON + dt.timedelta(days=5)  # Saturday


def run(day: dt.date, during: int | None = 2, *, after: int | None = None, kind="run_walk", minutes=20) -> Logged:
    return Logged(day, pain_during=during, pain_after=after, session_type=kind, minutes=minutes)


def facts(pains=(2, 2), mornings=None, **kwargs) -> Facts:
    """A run:walk stage of 20 minutes; two sessions (Monday, Wednesday) with these pains during; mornings
    default to a steady 2/10 from the Sunday before to today."""
    sessions = kwargs.pop("sessions", None)
    if sessions is None:
        sessions = (run(MON, pains[0]), run(WED, pains[1]))
    morning = {MON + dt.timedelta(days=n): 2 for n in range(-1, 6)}
    morning.update(mornings or {})
    return Facts(
        stage=kwargs.pop("stage", 3),
        last_stage=10,
        today=kwargs.pop("today", TODAY),
        planned_type=kwargs.pop("planned_type", "run_walk"),
        planned_minutes=kwargs.pop("planned_minutes", 20),
        sessions=sessions,
        morning_pain=morning,
        **kwargs,
    )


def test_the_plan_facts_are_the_rulebooks():
    assert (rb.SESSIONS_TO_PROGRESS, rb.PRESCRIBED_MINUTES_SHARE, rb.SKIPPED_FOR_PAIN_IN_A_ROW) == (2, 0.8, 2)
    assert (rb.TREND_DAYS, rb.TREND_MIN_MORNINGS) == (7, 3)
    assert (rb.GREEN_PAIN, rb.ACCEPTABLE_PAIN, rb.RUN_CEILING) == (3, 5, 5)
    assert (rb.WINDOWS.flare_days, rb.WINDOWS.clinician_check_days) == (7, 14)


@pytest.mark.parametrize(
    ("pains", "expected"),
    [
        ((0, 0), PROGRESS),
        ((3, 3), PROGRESS),  # GREEN_PAIN: may progress
        ((3, 4), HOLD),  # above GREEN_PAIN, up to ACCEPTABLE_PAIN: hold
        ((5, 2), HOLD),
        ((5, 5), HOLD),
        ((2, 6), STEP_BACK),  # above ACCEPTABLE_PAIN: step back
        ((6, 2), STEP_BACK),
        ((10, 10), STEP_BACK),
    ],
)
def test_pain_during_decides_at_each_boundary(pains, expected):
    assert decide(facts(pains)).decision == expected


@pytest.mark.parametrize(
    ("after", "expected"),
    [(None, PROGRESS), (0, PROGRESS), (3, PROGRESS), (4, HOLD), (5, HOLD), (6, STEP_BACK), (8, STEP_BACK)],
)
def test_pain_after_decides_like_pain_during(after, expected):
    decision = decide(facts(sessions=(run(MON), run(WED, after=after))))
    assert decision.decision == expected
    if expected != PROGRESS:
        assert f"Pain after the session on Wed 4 Mar was {after}/10" in decision.reasons[0]


@pytest.mark.parametrize(
    ("next_morning", "expected", "settling"),
    [
        (0, PROGRESS, rb.SETTLED),  # better than the morning before
        (2, PROGRESS, rb.SETTLED),  # the same as the morning before
        (3, HOLD, rb.SLOW),  # up by 1
        (4, STEP_BACK, rb.NOT_SETTLED),  # up by MIC_POINTS
        (7, STEP_BACK, rb.NOT_SETTLED),
    ],
)
def test_next_morning_pain_settles_as_the_rulebook_says(next_morning, expected, settling):
    decision = decide(facts(mornings={THU: next_morning}))  # the morning after Wednesday's session
    assert decision.decision == expected
    assert decision.data["sessions"][-1]["settling"] == settling == rb.settling(2, next_morning)


def test_a_next_morning_above_the_ceiling_and_no_better_has_not_settled():
    """Mornings at a constant 6/10: each next morning equals the one before, and has still not settled."""
    decision = decide(facts(mornings={MON + dt.timedelta(days=n): 6 for n in range(-1, 6)}))
    assert decision.decision == STEP_BACK
    assert decision.reasons[0] == (
        "The morning after Mon 2 Mar your back was 6/10 and no better than the morning before: it had not settled."
    )


def test_the_morning_before_is_the_session_day_entry_or_else_the_day_before():
    assert morning_change(WED, {WED: 2, THU: 3}) == 1
    assert morning_change(WED, {WED - dt.timedelta(days=1): 4, THU: 3}) == -1
    assert morning_change(WED, {THU: 3}) is None
    assert morning_change(WED, {WED: 3}) is None


@pytest.mark.parametrize(
    ("minutes", "counts"),
    [(20, True), (16, True), (15.9, False), (10, False)],  # PRESCRIBED_MINUTES_SHARE of 20 is 16
)
def test_a_session_counts_only_with_most_of_its_minutes(minutes, counts):
    decision = decide(facts(sessions=(run(MON), run(WED, minutes=minutes))))
    assert (decision.decision == PROGRESS) is counts
    assert decision.data["counting_days"] == (["2026-03-02", "2026-03-04"] if counts else ["2026-03-02"])


@pytest.mark.parametrize(
    ("planned", "kind", "counts"),
    [
        ("run_walk", "run_walk", True),
        ("run_walk", "walk", False),  # a walk never counts for a run:walk stage
        ("easy", "walk", False),
        ("easy", "run_walk", False),
        ("easy", "long", True),  # both continuous easy running
        ("long", "easy", True),
        ("walk", "walk", True),
        ("walk", "easy", False),
        ("fartlek", "fartlek", True),
    ],
)
def test_a_session_counts_only_when_it_is_the_stages_type(planned, kind, counts):
    sessions = (run(MON, kind=kind, minutes=30), run(WED, kind=kind, minutes=30))
    decision = decide(facts(sessions=sessions, planned_type=planned, planned_minutes=30))
    assert (decision.decision == PROGRESS) is counts


def test_sessions_on_the_same_day_count_once():
    decision = decide(facts(sessions=(run(WED), run(WED))))
    assert decision.decision == HOLD
    assert decision.reasons[0] == (
        "Do 1 more session of this stage before moving on, each on a different day and each a run:walk of at "
        "least 16 minutes."
    )


def test_sessions_before_the_plan_or_the_stage_began_do_not_count():
    decision = decide(facts(counting_from=TUE))
    assert decision.decision == HOLD
    assert decision.data["counting_days"] == ["2026-03-04"]


def test_a_session_that_does_not_count_is_still_judged_for_pain():
    sessions = (run(MON), run(WED), run(THU, 7, kind="walk", minutes=10))
    assert decide(facts(sessions=sessions)).decision == STEP_BACK


@pytest.mark.parametrize(
    ("this_week", "expected"),
    [
        (2, PROGRESS),  # no rise
        (1, PROGRESS),  # a fall
        (3, HOLD),  # any rise holds
        (4, STEP_BACK),  # a meaningful_rise (MIC_POINTS) steps back
    ],
)
def test_morning_pain_must_not_rise_from_week_to_week(this_week, expected):
    """The median of the last TREND_DAYS mornings against the TREND_DAYS before; each next morning of the
    judged sessions equals the morning before, so only the trend can hold."""
    week_before = {TODAY - dt.timedelta(days=n): 2 for n in range(7, 14)}
    this = {TODAY - dt.timedelta(days=n): this_week for n in range(7)}
    decision = decide(facts(mornings={**week_before, **this}))
    assert decision.decision == expected
    assert decision.data["morning_trend"]["rise"] == this_week - 2


def test_the_median_ignores_one_bad_morning_but_not_a_bad_week():
    week_before = {TODAY - dt.timedelta(days=n): 2 for n in range(7, 14)}
    one_bad = {**week_before, **{TODAY - dt.timedelta(days=n): 2 for n in range(7)}, TUE: 4}
    assert morning_trend(facts(mornings=one_bad))["rise"] == 0


@pytest.mark.parametrize(("mornings_before", "judged"), [(2, False), (3, True)])  # TREND_MIN_MORNINGS
def test_the_trend_needs_enough_mornings_in_each_week(mornings_before, judged):
    week_before = {TODAY - dt.timedelta(days=n): 1 for n in range(7, 7 + mornings_before)}
    trend = morning_trend(facts(mornings=week_before))
    assert (trend["rise"] is not None) is judged


@pytest.mark.parametrize(("days_ago", "expected"), [(6, HOLD), (7, PROGRESS)])  # WINDOWS.flare_days
def test_a_session_above_acceptable_pain_in_the_last_week_holds(days_ago, expected):
    flare = TODAY - dt.timedelta(days=days_ago)
    mornings = {flare - dt.timedelta(days=1): 2, flare: 2, flare + dt.timedelta(days=1): 2}
    sessions = (run(flare, 10), run(MON, 3), run(WED, 3))
    decision = decide(facts(sessions=sessions, mornings=mornings))
    assert decision.decision == expected


def test_a_flare_before_the_plan_began_still_holds():
    sessions = (Logged(TODAY - dt.timedelta(days=6), pain_after=8, session_type="easy", minutes=40), run(MON), run(WED))
    decision = decide(facts(sessions=sessions, counting_from=MON))
    assert decision.decision == HOLD
    assert decision.reasons[0].startswith("A flare-up: pain reached 8/10 in the session on Sun 1 Mar.")


def test_a_session_whose_next_morning_had_not_settled_in_the_last_week_is_a_flare():
    """Sunday's short walk (not a session of this run:walk stage, so never judged) and a Monday morning two
    points up: a flare, though the judged sessions after it went well."""
    sun = MON - dt.timedelta(days=1)
    decision = decide(facts(sessions=(run(sun, 2, kind="walk", minutes=10), run(MON), run(WED)), mornings={MON: 4}))
    assert decision.decision == HOLD
    assert decision.reasons == (
        "A flare-up: the morning after the session on Sun 1 Mar your back was 4/10, against 2/10 the morning "
        "before. Wait for 7 days without one before moving on.",
    )


def test_a_morning_rise_without_a_session_before_it_is_not_a_flare():
    assert decide(facts(mornings={THU: 0, TODAY - dt.timedelta(days=1): 2})).decision == PROGRESS


@pytest.mark.parametrize(("morning", "expected"), [(5, PROGRESS), (6, HOLD)])  # RUN_CEILING
def test_a_morning_above_the_ceiling_is_not_a_running_day(morning, expected):
    decision = decide(facts(mornings={TODAY: morning, TODAY - dt.timedelta(days=1): morning}))
    assert decision.decision == expected
    if expected == HOLD:
        assert decision.reasons[-1] == (
            f"On the morning of Sat 7 Mar your back was {morning}/10: above 5/10 is not a day for running, "
            f"so the stage waits."
        )


@pytest.mark.parametrize(
    ("skips", "expected"),
    [
        (("pain", "pain"), STEP_BACK),  # SKIPPED_FOR_PAIN_IN_A_ROW
        (("other", "pain"), HOLD),
        (("pain", "other"), HOLD),
        (("other", "other"), HOLD),
    ],
)
def test_two_sessions_in_a_row_skipped_for_pain_step_back(skips, expected):
    sessions = (run(MON - dt.timedelta(days=3), 1), Logged(MON, skipped=skips[0]), Logged(WED, skipped=skips[1]))
    assert decide(facts(sessions=sessions)).decision == expected


def test_a_skip_for_pain_among_the_judged_sessions_holds():
    sessions = (run(MON), Logged(TUE, skipped="pain"), run(WED))
    decision = decide(facts(sessions=sessions))
    assert decision.decision == HOLD
    assert decision.reasons == ("You skipped the session on Tue 3 Mar because of your back.",)


def test_only_the_last_two_counting_days_are_judged():
    sessions = (run(MON - dt.timedelta(days=9), 8), run(MON, 2), run(WED, 3))
    assert decide(facts(sessions=sessions)).decision == PROGRESS


@pytest.mark.parametrize(
    ("sessions", "reason"),
    [
        ((), "Do 2 more sessions"),
        ((run(WED, 1),), "Do 1 more session "),
        ((run(MON, 1), run(WED, None)), "Add how much your back hurt"),
    ],
)
def test_too_little_data_holds_and_says_what_is_missing(sessions, reason):
    decision = decide(facts(sessions=sessions))
    assert decision.decision == HOLD
    assert any(r.startswith(reason) for r in decision.reasons), decision.reasons


def test_a_session_done_today_waits_for_tomorrows_morning_entry():
    decision = decide(facts_waiting())
    assert decision.decision == HOLD
    assert decision.reasons == ("Log your back tomorrow morning to see how it settled after Wed 4 Mar.",)


def facts_waiting() -> Facts:
    return Facts(
        stage=3,
        last_stage=10,
        today=WED,
        planned_type="run_walk",
        planned_minutes=20,
        sessions=(run(MON, 1), run(WED, 1)),
        morning_pain={MON: 2, TUE: 2, WED: 2},
    )


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
    assert decision.data["sessions"][1] == {
        "day": "2026-03-04",
        "session_type": "run_walk",
        "minutes": 20,
        "counts": True,
        "pain_during": 3,
        "pain_after": None,
        "skipped": "",
        "morning_change": 0,
        "settling": rb.SETTLED,
    }


def test_two_sessions_on_one_day_ask_for_its_mornings_once():
    # Monday's walk and a run the same day, and no morning logged after it yet (today is Monday).
    waiting = Facts(
        stage=3,
        last_stage=10,
        today=MON,
        planned_type="run_walk",
        planned_minutes=20,
        sessions=(run(MON - dt.timedelta(days=2)), run(MON), run(MON, kind="walk")),
        morning_pain={MON - dt.timedelta(days=n): 2 for n in range(4)},
    )
    reasons = decide(waiting).reasons
    assert len(reasons) == len(set(reasons)), reasons
    assert any("tomorrow morning" in reason for reason in reasons), reasons
