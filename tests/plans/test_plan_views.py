"""The runner's plan: start, the "This week" card, logging, moving on, pausing and clearing."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from journal.models import SavedCheck, TrainingSession
from plans.models import ExerciseTick, Plan, PlanEvent, PlanSkip, PlanStatus, Review
from plans.services import plan_start
from tests.factories import CareLinkFactory, EntryFactory, FlagFactory, TrainingSessionFactory
from tests.plans.weeks import log_a_good_week
from tests.triage.formdata import with_signs

pytestmark = pytest.mark.django_db

MON = dt.date(2026, 3, 2)


def test_a_runner_starts_a_plan_from_the_dashboard_at_stage_one(client, runner, monday):
    client.force_login(runner)
    response = client.post(reverse("plans:start"), {"source": "dashboard"})
    assert response.status_code == 302
    plan = Plan.objects.get(runner=runner)
    assert (plan.stage, plan.stage_since, plan.status) == (1, MON, PlanStatus.ACTIVE)
    assert PlanEvent.objects.get(plan=plan).kind == "start"


@pytest.mark.parametrize(("source", "stage"), [("walk_instead", 1), ("easy_run", 2)])
def test_a_plan_started_from_a_result_starts_at_the_stage_that_fits_the_answer(client, runner, source, stage):
    client.force_login(runner)
    client.post(reverse("plans:start"), {"source": source})
    assert Plan.objects.get(runner=runner).stage == stage


def test_the_result_page_offers_a_plan_only_for_walk_instead_and_easy_run(client, runner):
    client.force_login(runner)
    base = {"pain_now": "3", "normal_stride": "yes", "spasm": "no", "pain_side": "left", "pars_defect": "no"}
    easy = client.get(reverse("triage:result") + "?" + urlencode(with_signs(base)))
    assert easy.status_code == 200
    assert b'id="plan-start-from-result"' in easy.content
    emergency = client.get(
        reverse("triage:result") + "?" + urlencode(with_signs({**base, "symptoms": ["bladder_bowel"]}))
    )
    assert b'id="plan-start-from-result"' not in emergency.content


def test_a_second_plan_is_refused_with_a_message_and_nothing_saved(client, runner):
    client.force_login(runner)
    client.post(reverse("plans:start"), {"source": "dashboard"})
    response = client.post(reverse("plans:start"), {"source": "dashboard"})
    assert response.status_code == 400
    assert b"already a plan under way" in response.content
    assert Plan.objects.filter(runner=runner).count() == 1


def test_the_card_shows_todays_session_and_logs_it_with_pain_in_two_taps(client, runner, monday):
    plan_start(runner=runner, actor=runner, stage=1)
    client.force_login(runner)
    page = client.get(reverse("journal:dashboard")).content.decode()
    assert "Stage 1 of 10: Walks" in page
    assert "Walk 30 min at a comfortable pace" in page
    response = client.post(reverse("plans:log"), {"outcome": "done", "pain_during": "2"})
    assert response.status_code == 302
    session = TrainingSession.objects.get(runner=runner)
    assert (session.day, session.session_type, session.duration_s, session.pain_during) == (MON, "walk", 1800, 2)
    page = client.get(reverse("journal:dashboard")).content.decode()
    assert 'id="plan-logged"' in page
    assert 'id="plan-log-form"' not in page


def test_a_rest_day_shows_no_log_buttons(client, runner, monday):
    plan_start(runner=runner, actor=runner, stage=2)  # run:walk on Tue, Thu, Sat
    client.force_login(runner)
    page = client.get(reverse("journal:dashboard")).content.decode()
    assert "rest day" in page
    assert 'id="plan-log-form"' not in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, b"Choose how the session went."),
        ({"outcome": "done"}, b"Choose how much your back hurt during the session (0 to 10)."),
        ({"outcome": "done", "pain_during": "11"}, b"Choose a number from 0 to 10."),
        ({"outcome": "done", "pain_during": "nan"}, b"Choose a number from 0 to 10."),
        ({"outcome": "done\x00", "pain_during": "2"}, b"Choose how the session went."),
        ({"outcome": "sprinted", "pain_during": "2"}, b"Choose how the session went."),
    ],
)
def test_a_bad_log_answers_400_with_a_message_and_saves_nothing(client, runner, monday, data, message):
    plan_start(runner=runner, actor=runner)
    client.force_login(runner)
    response = client.post(reverse("plans:log"), data)
    assert response.status_code == 400
    assert message in response.content
    assert not TrainingSession.objects.exists()
    assert not PlanSkip.objects.exists()


def test_a_session_is_logged_once_a_day(client, runner, monday):
    plan_start(runner=runner, actor=runner)
    client.force_login(runner)
    client.post(reverse("plans:log"), {"outcome": "skipped_pain"})
    response = client.post(reverse("plans:log"), {"outcome": "done", "pain_during": "1"})
    assert response.status_code == 400
    assert list(PlanSkip.objects.values_list("day", "reason")) == [(MON, "pain")]
    assert not TrainingSession.objects.exists()


def test_logging_without_a_plan_answers_404(client, runner):
    client.force_login(runner)
    assert client.post(reverse("plans:log"), {"outcome": "skipped_other"}).status_code == 404


def test_progress_shows_a_button_that_moves_the_plan_on_from_tomorrow(client, runner, monday):
    plan = plan_start(runner=runner, actor=runner, stage=2, since=MON - dt.timedelta(days=7))
    log_a_good_week(runner, session_type="run_walk")  # last Tuesday and Thursday's run:walk
    client.force_login(runner)
    page = client.get(reverse("journal:dashboard")).content.decode()
    assert 'data-decision="progress"' in page
    assert "Move on to stage 3" in page
    assert client.post(reverse("plans:apply"), {"expected": "progress"}).status_code == 302
    plan.refresh_from_db()
    assert (plan.stage, plan.stage_since) == (3, MON + dt.timedelta(days=1))
    event = plan.events.last()
    assert event.kind == "progress"
    assert event.data["sessions"][0]["pain_during"] == 2


def test_a_decision_that_has_changed_since_the_page_was_shown_moves_nothing(client, runner, monday):
    plan = plan_start(runner=runner, actor=runner, stage=2)
    client.force_login(runner)
    response = client.post(reverse("plans:apply"), {"expected": "progress"})
    assert response.status_code == 409
    plan.refresh_from_db()
    assert plan.stage == 2


def test_an_urgent_flag_pauses_the_plan_until_the_runner_says_they_were_seen_and_cleared(client, runner, monday):
    plan_start(runner=runner, actor=runner)
    FlagFactory(runner=runner, kind="leg_symptoms", severity="urgent")
    client.force_login(runner)
    page = client.get(reverse("journal:dashboard")).content.decode()
    assert 'id="plan-paused"' in page
    assert "An urgent flag is open: leg symptoms logged." in page
    assert 'id="plan-log-form"' not in page
    # Restarting asks first: the button inside a folded confirmation says what it takes.
    ask = page[page.index('<details id="plan-cleared-ask">') :]
    assert ask.index("Only if a doctor or physiotherapist has checked your back") < ask.index('id="plan-cleared"')
    client.post(reverse("plans:cleared"))
    page = client.get(reverse("journal:dashboard")).content.decode()
    assert 'id="plan-paused"' not in page
    assert 'id="plan-log-form"' in page


def test_with_a_physio_linked_only_they_lift_an_urgent_flags_pause(client, runner, physio, monday):
    CareLinkFactory(runner=runner, physio=physio)
    plan = plan_start(runner=runner, actor=runner)
    FlagFactory(runner=runner, kind="emergency_symptoms", severity="urgent")
    client.force_login(runner)
    response = client.post(reverse("plans:cleared"), follow=True)
    assert "your physio closes urgent flags once they have checked on you" in response.content.decode()
    plan.refresh_from_db()
    assert plan.cleared_at is None
    assert 'id="plan-paused"' in client.get(reverse("journal:dashboard")).content.decode()


def test_a_warning_sign_in_an_entry_pauses_the_plan(client, runner, monday):
    plan_start(runner=runner, actor=runner)
    EntryFactory(runner=runner, day=MON, pain=4, symptoms=["night_pain"])
    client.force_login(runner)
    page = client.get(reverse("journal:dashboard")).content.decode()
    assert "You logged a warning sign (Mon 2 Mar)." in page


def test_a_saved_see_clinician_check_pauses_the_plan(client, runner, monday):
    plan_start(runner=runner, actor=runner)
    client.force_login(runner)
    answers = {
        "pain_now": "3",
        "normal_stride": "yes",
        "spasm": "no",
        "pain_side": "left",
        "symptoms": ["night_pain"],
        "pars_defect": "no",
    }
    client.post(reverse("journal:save_triage"), with_signs(answers))
    page = client.get(reverse("journal:dashboard")).content.decode()
    assert "Your saved check said: see a clinician before you run." in page


def test_the_runner_may_end_their_plan(client, runner):
    plan = plan_start(runner=runner, actor=runner)
    client.force_login(runner)
    client.post(reverse("plans:end"))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ENDED
    page = client.get(reverse("journal:dashboard")).content.decode()
    assert 'id="plan-start"' in page


def _dashboard_queries(client, user) -> int:
    client.force_login(user)
    client.get(reverse("journal:dashboard"))  # warm the session and caches
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("journal:dashboard")).status_code == 200
    return len(ctx.captured_queries)


def _with_plan(runner, days: int) -> None:
    plan = plan_start(runner=runner, actor=runner, since=MON - dt.timedelta(days=days), likely_cause="stiff_hip")
    for n in range(days):
        day = MON - dt.timedelta(days=n)
        for prescription in plan.prescriptions.all():
            ExerciseTick.objects.create(prescription=prescription, day=day)
        Review.objects.create(plan=plan, day=day, activities=[{"name": "Running", "score": n % 11}], groc=0)
        EntryFactory(runner=runner, day=day, pain=2, symptoms=["night_pain"] if n == days - 1 else [])
        TrainingSessionFactory(runner=runner, day=day, session_type="walk", pain_during=1)


def test_a_plan_adds_eight_queries_to_the_dashboard_whatever_the_data(client, runner, other_runner, monday):
    without_plan = _dashboard_queries(client, runner)  # the card's one query finds no plan
    _with_plan(runner, 1)
    _with_plan(other_runner, 60)
    # + 1 the stages, 2 the stage's sessions, 3 its skips, 4 entries (mornings and warning signs),
    #   5 saved checks that pause, 6 prescribed exercises, 7 their ticks this week, 8 PSFS reviews;
    #   open flags are monitoring's list, already read for its status summary
    assert _dashboard_queries(client, runner) == without_plan + 8
    assert _dashboard_queries(client, other_runner) == without_plan + 8


def test_the_card_and_the_physio_page_show_the_episodes_length(client, runner, physio, monday):
    from tests.factories import CareLinkFactory

    link = CareLinkFactory(runner=runner, physio=physio)
    plan_start(runner=runner, actor=runner)
    for offset, pain in ((-20, 3), (-12, 0), (-9, 2), (-1, 4), (0, 3)):
        EntryFactory(runner=runner, day=MON + dt.timedelta(days=offset), pain=pain)
    client.force_login(runner)
    page = client.get(reverse("journal:dashboard")).content.decode()
    assert "Day 21 of this episode of back pain (since 10 Feb)." in page
    client.force_login(physio)
    page = client.get(reverse("plans:client", args=[link.public_id])).content.decode()
    assert "Episode length: day 21 (first painful day 10 Feb 2026)." in page


def test_a_paused_plan_says_it_comes_before_todays_run_check(client, runner, monday):
    plan_start(runner=runner, actor=runner)
    EntryFactory(runner=runner, day=MON, pain=2)
    SavedCheck.objects.create(runner=runner, day=MON, verdict="easy_run")  # today's saved check: run easy
    FlagFactory(runner=runner, kind="leg_symptoms", severity="urgent")
    client.force_login(runner)
    page = client.get(reverse("journal:dashboard")).content.decode()
    assert 'id="today-verdict"' in page
    assert 'id="plan-paused"' in page
    assert 'This comes before today\'s check ("Run, but keep it easy"): the pause is the one to follow.' in page


def test_the_result_page_offers_no_plan_to_a_runner_who_has_one(client, runner):
    plan_start(runner=runner, actor=runner)
    client.force_login(runner)
    base = {"pain_now": "3", "normal_stride": "yes", "spasm": "no", "pain_side": "left", "pars_defect": "no"}
    easy = client.get(reverse("triage:result") + "?" + urlencode(with_signs(base)))
    assert easy.status_code == 200
    assert easy.context["assessment"].verdict == "easy_run"
    assert b'id="plan-start-from-result"' not in easy.content


@pytest.mark.parametrize(
    "data",
    [{"source": "x" * 70_000}, {"source": "dashboard\x00"}, {"source": "easy_run", "likely_cause": "nonsense"}],
)
def test_a_start_with_junk_is_refused_and_starts_nothing(client, runner, data):
    # (The hostile-input sweep cannot find this form: its runner already has a plan.)
    client.force_login(runner)
    response = client.post(reverse("plans:start"), data)
    assert response.status_code == 400
    assert not Plan.objects.filter(runner=runner).exists()
