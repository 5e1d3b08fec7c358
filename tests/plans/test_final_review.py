"""The PSFS at plan end: however a plan ends (the runner, the physio, or completing the last stage), the
runner is asked for a final rating (with the global rating of change) until they give it; it is marked final."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from plans.measures import FINAL_REVIEW_DAYS
from plans.models import PlanStatus, Review
from plans.services import plan_end, plan_start
from tests.factories import CareLinkFactory
from tests.plans.weeks import log_a_good_week

pytestmark = pytest.mark.django_db

MON = dt.date(2026, 3, 2)


@pytest.fixture
def rated_plan(runner, monday):
    plan = plan_start(runner=runner, actor=runner, since=MON - dt.timedelta(days=28))
    Review.objects.create(
        plan=plan, day=MON - dt.timedelta(days=28), activities=[{"name": "Running downhill", "score": 3}]
    )
    return plan


def _dashboard(client, runner) -> str:
    client.force_login(runner)
    return client.get(reverse("journal:dashboard")).content.decode()


def test_after_the_runner_ends_the_plan_the_dashboard_asks_for_the_final_rating_until_it_is_given(
    client, runner, rated_plan
):
    client.force_login(runner)
    client.post(reverse("plans:end"))
    page = _dashboard(client, runner)
    assert 'id="plan-final-review"' in page
    assert 'id="plan-start"' in page, "a new plan can still be started"
    form = client.get(reverse("plans:review")).content.decode()
    assert "Rate your activities one last time" in form
    assert "Running downhill" in form
    assert 'name="groc"' in form
    response = client.post(reverse("plans:review"), {"score_1": "8", "groc": "3"})
    assert response.status_code == 302
    review = Review.objects.get(plan=rated_plan, day=MON)
    assert (review.final, review.mean, review.groc) == (True, 8.0, 3)
    assert 'id="plan-final-review"' not in _dashboard(client, runner)
    assert client.get(reverse("plans:review")).status_code == 404, "asked once"


def test_the_final_rating_needs_every_score_and_the_global_rating(client, runner, rated_plan):
    plan_end(plan=rated_plan, actor=runner)
    client.force_login(runner)
    response = client.post(reverse("plans:review"), {"score_1": "8"})
    assert response.status_code == 400
    assert "Choose how your back has changed." in response.content.decode()
    assert not Review.objects.filter(final=True).exists()


def test_a_physio_ending_the_plan_asks_the_runner_too_and_the_physio_sees_the_final_rating(
    client, runner, physio, rated_plan
):
    link = CareLinkFactory(runner=runner, physio=physio)
    client.force_login(physio)
    assert client.post(reverse("plans:client_end", args=[link.public_id])).status_code == 302
    assert 'id="plan-final-review"' in _dashboard(client, runner)
    client.post(reverse("plans:review"), {"score_1": "7", "groc": "2"})
    client.force_login(physio)
    page = client.get(reverse("clinic:client", args=[link.public_id])).content.decode()
    measures = page.split('id="measures"', 1)[1].split("</section>", 1)[0]
    assert "2 Mar 2026 (final)" in measures
    assert "Running downhill: 7" in measures
    assert "Much better" in measures


def test_completing_the_last_stage_ends_the_plan_and_asks_for_the_final_rating(client, runner, monday):
    plan = plan_start(runner=runner, actor=runner, stage=10, since=MON - dt.timedelta(days=7))
    log_a_good_week(runner, session_type="fartlek", run_pains=(1, 2), day_pain=1)  # the last stage's sessions
    page = _dashboard(client, runner)
    assert 'data-decision="hold"' in page
    assert "This is the last stage: keep training like this." in page
    assert 'id="plan-complete"' in page
    assert client.post(reverse("plans:apply"), {"expected": "complete"}).status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.ended_on, plan.events.last().kind) == (PlanStatus.ENDED, MON, "complete")
    assert 'id="plan-final-review"' in _dashboard(client, runner)


def test_complete_is_refused_before_the_last_stage_is_done(client, runner, monday):
    plan = plan_start(runner=runner, actor=runner, stage=10)
    client.force_login(runner)
    assert 'id="plan-complete"' not in _dashboard(client, runner)
    assert client.post(reverse("plans:apply"), {"expected": "complete"}).status_code == 409
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE


def test_the_dashboard_stops_asking_some_weeks_after_the_end(client, runner, rated_plan):
    plan_end(plan=rated_plan, actor=runner)
    with time_machine.travel(dt.datetime(2026, 3, 2, 8, tzinfo=dt.UTC) + dt.timedelta(days=FINAL_REVIEW_DAYS)):
        assert 'id="plan-final-review"' in _dashboard(client, runner)
    with time_machine.travel(dt.datetime(2026, 3, 2, 8, tzinfo=dt.UTC) + dt.timedelta(days=FINAL_REVIEW_DAYS + 1)):
        assert 'id="plan-final-review"' not in _dashboard(client, runner)
        assert client.get(reverse("plans:review")).status_code == 404


def test_a_new_plan_replaces_the_question(client, runner, rated_plan):
    plan_end(plan=rated_plan, actor=runner)
    plan_start(runner=runner, actor=runner)
    page = _dashboard(client, runner)
    assert 'id="plan-final-review"' not in page
    assert 'id="plan-today"' in page
