"""Issue 19, "The plan moves runners on when a clinician would hold them": each finding as a journal, read
through the plan's own selectors. Every one of these gave ``progress`` before the rule was rebuilt on the
rulebook (checked by running this file against the old rule)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from journal.models import SavedCheck
from plans.models import Plan, Prescription
from plans.progression import PAUSED, PROGRESS
from plans.selectors import plan_decision
from plans.services import plan_start
from tests.factories import EntryFactory, TrainingSessionFactory
from tests.triage.formdata import with_signs

pytestmark = pytest.mark.django_db

MON = dt.date(2026, 3, 2)  # the ``monday`` fixture's day


def day(n: int) -> dt.date:
    return MON + dt.timedelta(days=n)


def mornings(runner, pains: dict[int, int]) -> None:
    for n, pain in pains.items():
        EntryFactory(runner=runner, day=day(n), pain=pain)


def session(runner, n: int, *, kind: str = "run_walk", minutes: int = 20, during: int = 2, after: int | None = None):
    TrainingSessionFactory(
        runner=runner, day=day(n), session_type=kind, duration_s=minutes * 60, pain_during=during, pain_after=after
    )


def started(runner, *, stage: int, since: int):
    return plan_start(runner=runner, actor=runner, stage=stage, since=day(since))


def test_a_good_week_still_progresses(runner, monday):
    """The control: the same journal shape as the findings, with nothing wrong, moves on."""
    plan = started(runner, stage=2, since=-7)
    mornings(runner, dict.fromkeys(range(-14, 1), 2))
    session(runner, -4)
    session(runner, -2)
    assert plan_decision(plan).decision == PROGRESS


def test_every_morning_at_seven_is_not_a_running_week(runner, monday):
    plan = started(runner, stage=2, since=-7)
    mornings(runner, dict.fromkeys(range(-14, 1), 7))
    session(runner, -4)
    session(runner, -2)
    decision = plan_decision(plan)
    assert decision.decision != PROGRESS
    assert any("7/10" in reason for reason in decision.reasons), decision.reasons


def creeping(top: int) -> dict[int, int]:
    """Mornings rising from 1 to ``top`` over three weeks (days -20 to 0), in steps."""
    return {n: 1 + (n + 20) * (top - 1) // 20 for n in range(-20, 1)}


@pytest.mark.parametrize("top", [6, 4])
def test_mornings_creeping_up_over_three_weeks_hold_even_when_each_next_morning_equals_the_one_before(
    runner, monday, top
):
    pains = creeping(top)
    plan = started(runner, stage=2, since=-20)
    mornings(runner, pains)
    settled_days = [n for n in range(-6, 0) if pains[n + 1] == pains[n]]
    for n in settled_days[-2:]:  # each next morning equals the morning before
        session(runner, n)
    assert len(settled_days) >= 2
    decision = plan_decision(plan)
    assert decision.decision != PROGRESS, decision.reasons
    assert any("week before" in reason for reason in decision.reasons), decision.reasons


def test_pain_after_each_session_at_eight_steps_back(runner, monday):
    plan = started(runner, stage=3, since=-7)
    mornings(runner, dict.fromkeys(range(-14, 1), 2))
    session(runner, -4, minutes=21, after=8)
    session(runner, -2, minutes=21, after=8)
    decision = plan_decision(plan)
    assert decision.decision == "step_back"
    assert decision.reasons[0] == "Pain after the session on Thu 26 Feb was 8/10, above 5/10."


def test_two_sessions_on_one_day_are_one_day(runner, monday):
    """A plan started yesterday, two run:walks yesterday, a settled morning today: not ready."""
    plan = started(runner, stage=2, since=-1)
    mornings(runner, {-1: 2, 0: 2})
    session(runner, -1)
    session(runner, -1)
    decision = plan_decision(plan)
    assert decision.decision != PROGRESS
    assert decision.reasons[0].startswith("Do 1 more session of this stage before moving on, each on a different day")


@pytest.mark.parametrize(
    ("stage", "kind", "minutes", "why"),
    [
        (6, "walk", 10, "Your walk on Thu 26 Feb does not count: this stage asks for run:walk sessions."),
        (8, "easy", 5, "Your easy run on Thu 26 Feb was too short to count (5 of 30 minutes)."),
    ],
)
def test_sessions_that_are_not_the_stages_do_not_count(runner, monday, stage, kind, minutes, why):
    plan = started(runner, stage=stage, since=-7)
    mornings(runner, dict.fromkeys(range(-14, 1), 1))
    session(runner, -4, kind=kind, minutes=minutes, during=1)
    session(runner, -2, kind=kind, minutes=minutes, during=1)
    decision = plan_decision(plan)
    assert decision.decision != PROGRESS
    assert why in decision.reasons


def test_a_flare_six_days_ago_holds_after_two_good_sessions(runner, monday):
    plan = started(runner, stage=3, since=-7)
    mornings(runner, dict.fromkeys(range(-14, 1), 2) | {-5: 6})  # the morning after the 10/10 session
    session(runner, -6, minutes=21, during=10)
    session(runner, -4, minutes=21, during=3)
    session(runner, -2, minutes=21, during=3)
    decision = plan_decision(plan)
    assert decision.decision != PROGRESS
    assert (
        "A flare-up: pain reached 10/10 in the session on Tue 24 Feb. Wait for 7 days without one before moving on."
        in (decision.reasons)
    )


PARS_CHECK = {"pars_defect": True, "symptoms": [], "pain_now": 3}


def test_a_see_clinician_check_saved_just_before_the_plan_pauses_it_and_its_cause_drives_no_exercises(
    client, runner, monday
):
    SavedCheck.objects.create(
        runner=runner, day=MON, verdict="see_clinician", likely_cause="stiff_hip", answers=PARS_CHECK
    )
    monday.shift(dt.timedelta(hours=1))
    client.force_login(runner)
    assert client.post(reverse("plans:start"), {"source": "dashboard"}).status_code == 302
    plan = Plan.objects.get(runner=runner)
    mornings(runner, dict.fromkeys(range(-14, 1), 2))
    session(runner, -4)
    session(runner, -2)
    decision = plan_decision(plan)
    assert decision.decision == PAUSED
    assert decision.reasons == ("Your saved check said: see a clinician before you run.",)
    assert not Prescription.objects.filter(plan=plan).exists()


def test_a_cause_posted_with_the_start_drives_no_exercises_after_a_worrying_check(client, runner, monday):
    SavedCheck.objects.create(runner=runner, day=MON, verdict="see_clinician", answers=PARS_CHECK)
    monday.shift(dt.timedelta(hours=1))
    client.force_login(runner)
    client.post(reverse("plans:start"), {"source": "easy_run", "likely_cause": "stiff_hip"})
    assert not Prescription.objects.filter(plan__runner=runner).exists()


def test_a_calm_check_with_a_warning_sign_gives_no_cause_for_exercises(runner, monday):
    """An old check (weeks ago) whose cause came beside leg pain: no hip exercises from it."""
    SavedCheck.objects.create(
        runner=runner,
        day=day(-30),
        verdict="easy_run",
        likely_cause="stiff_hip",
        answers={"symptoms": ["leg_pain"], "pars_defect": False},
    )
    monday.shift(dt.timedelta(days=30))
    plan = plan_start(runner=runner, actor=runner)
    assert not Prescription.objects.filter(plan=plan).exists()


def test_a_calm_latest_check_still_gives_its_cause(runner, monday):
    SavedCheck.objects.create(
        runner=runner, day=MON, verdict="easy_run", likely_cause="stiff_hip", answers={"symptoms": []}
    )
    plan = plan_start(runner=runner, actor=runner)
    assert Prescription.objects.filter(plan=plan).count() == 2


def test_the_result_page_offers_no_plan_within_two_weeks_of_a_worrying_check(client, runner, monday):
    SavedCheck.objects.create(runner=runner, day=MON, verdict="see_clinician", answers=PARS_CHECK)
    client.force_login(runner)
    base = {"pain_now": "3", "normal_stride": "yes", "spasm": "no", "pain_side": "left", "pars_defect": "no"}
    url = reverse("triage:result") + "?" + urlencode(with_signs(base))
    monday.shift(dt.timedelta(days=13, hours=23))
    assert b'id="plan-start-from-result"' not in client.get(url).content
    monday.shift(dt.timedelta(hours=2))  # more than 14 days after the check
    client.force_login(runner)  # the first sign-in has timed out by now
    assert b'id="plan-start-from-result"' in client.get(url).content


def test_a_worrying_check_from_before_the_two_weeks_does_not_pause_a_new_plan(runner, monday):
    SavedCheck.objects.create(runner=runner, day=MON, verdict="see_clinician", answers=PARS_CHECK)
    monday.shift(dt.timedelta(days=15))
    plan = plan_start(runner=runner, actor=runner, stage=2)
    assert plan_decision(plan).decision != PAUSED


@pytest.mark.parametrize(
    ("verdict", "answers", "beside"),
    [
        ("easy_run", {"symptoms": []}, False),
        ("easy_run", {"symptoms": ["leg_neuro"]}, True),  # a warning sign, whatever the verdict
        ("see_clinician", {"symptoms": []}, True),  # a pars defect is an answer, not a sign: the verdict says it
        ("urgent", {}, True),
        ("walk_instead", ["not", "a", "dict"], False),  # old or odd saved answers never raise
        ("walk_instead", {"symptoms": "leg_pain"}, False),
        ("walk_instead", {"symptoms": [7, None]}, False),
    ],
)
def test_which_saved_checks_hold_a_cause_beside_warning_signs(verdict, answers, beside):
    from plans.selectors import _beside_warning_signs

    assert _beside_warning_signs(verdict, answers) is beside
