"""The Patient-Specific Functional Scale and the global rating of change: rated at plan start and every two
weeks, the change in the mean against the 2-point MCID, on the dashboard, the physio page and the export."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.urls import reverse

from plans.measures import PSFS_MCID, psfs_change, review_due, sparkline_points
from plans.models import Review
from plans.services import plan_start
from tests.factories import CareLinkFactory

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("means", "expected"),
    [
        ([4.0], None),
        ([4.0, 5.9], {"first": 4.0, "latest": 5.9, "change": 1.9, "matters": False}),
        ([4.0, 6.0], {"first": 4.0, "latest": 6.0, "change": 2.0, "matters": True}),
        ([6.0, 5.0, 3.5], {"first": 6.0, "latest": 3.5, "change": -2.5, "matters": True}),
    ],
)
def test_a_change_of_two_points_in_the_mean_is_the_one_that_matters(means, expected):
    assert PSFS_MCID == 2.0
    assert psfs_change(means) == expected


@pytest.mark.parametrize(("days_since", "due"), [(None, True), (0, False), (13, False), (14, True)])
def test_a_review_is_due_every_two_weeks(days_since, due):
    today = dt.date(2026, 3, 20)
    last = None if days_since is None else today - dt.timedelta(days=days_since)
    assert review_due(last, today) is due


def test_the_line_runs_from_the_first_mean_to_the_latest_on_a_0_to_10_scale():
    assert sparkline_points([0, 10]) == "0.0,30.0 120.0,0.0"
    assert sparkline_points([5]) == "0.0,15.0"


def test_the_runner_rates_activities_at_start_and_again_two_weeks_later(client, runner, physio):
    link = CareLinkFactory(runner=runner, physio=physio)
    client.force_login(runner)
    with time_machine.travel(START, tick=False) as clock:
        plan = plan_start(runner=runner, actor=runner)
        assert 'id="plan-review-link"' in client.get(reverse("journal:dashboard")).content.decode()
        response = client.post(
            reverse("plans:review"),
            {"name_1": "Running downhill", "score_1": "3", "name_2": "Tying my shoes", "score_2": "5", "name_3": ""},
        )
        assert response.status_code == 302
        page = client.get(reverse("journal:dashboard")).content.decode()
        assert "Your activities (PSFS): mean 4.0 out of 10." in page
        assert 'id="plan-review-link"' not in page

        clock.move_to(START + dt.timedelta(days=14))
        client.force_login(runner)  # the session cookie lasts two weeks
        form = client.get(reverse("plans:review")).content.decode()
        assert "Running downhill" in form
        assert 'name="name_1"' not in form  # the same activities, rated again
        response = client.post(reverse("plans:review"), {"score_1": "6", "score_2": "7", "groc": "2"})
        assert response.status_code == 302
        page = client.get(reverse("journal:dashboard")).content.decode()
        assert "mean 4.0 → 6.5 out of 10" in page
        assert "(+2.5, a change that matters: 2 points or more)" in page
        assert "Last time you said: much better." in page

    assert [(r.day, r.mean, r.groc) for r in Review.objects.filter(plan=plan)] == [
        (dt.date(2026, 3, 2), 4.0, None),
        (dt.date(2026, 3, 16), 6.5, 2),
    ]
    client.force_login(physio)
    page = client.get(reverse("plans:client", args=[link.public_id])).content.decode()
    assert "Running downhill: 6; Tying my shoes: 7" in page
    assert "at or above the 2-point minimal clinically important difference" in page
    client.force_login(runner)
    data = json.loads(b"".join(client.get(reverse("journal:export_json")).streaming_content))
    assert data["psfs_reviews"][1] == {
        "day": "2026-03-16",
        "activities": [{"name": "Running downhill", "score": 6}, {"name": "Tying my shoes", "score": 7}],
        "groc": 2,
        "final": False,
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Name at least one activity your back makes hard."),
        ({"name_1": "Running"}, "Choose a number from 0 to 10."),
        ({"name_1": "Running", "score_1": "11"}, "Choose a number from 0 to 10."),
        ({"name_1": "x" * 61, "score_1": "3"}, "at most 60 characters"),
        ({"name_1": "Run\x00ning", "score_1": "3"}, "Null characters are not allowed."),
    ],
)
def test_a_bad_first_rating_answers_400_and_saves_nothing(client, runner, data, message):
    plan_start(runner=runner, actor=runner)
    client.force_login(runner)
    response = client.post(reverse("plans:review"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Review.objects.exists()


def test_a_later_rating_needs_every_score_and_the_global_rating(client, runner):
    with time_machine.travel(START, tick=False) as clock:
        plan_start(runner=runner, actor=runner)
        client.force_login(runner)
        client.post(reverse("plans:review"), {"name_1": "Running downhill", "score_1": "3"})
        clock.move_to(START + dt.timedelta(days=14))
        client.force_login(runner)  # the session cookie lasts two weeks
        response = client.post(reverse("plans:review"), {"score_1": "5", "groc": "9"})
        assert response.status_code == 400
        assert "Choose how your back has changed." in response.content.decode()
        assert Review.objects.count() == 1


def test_rating_without_a_plan_answers_404(client, runner):
    client.force_login(runner)
    assert client.get(reverse("plans:review")).status_code == 404
