"""Exercises: the article's two hip exercises given automatically for a stiff hip or prescribed by a physio,
ticked off in one tap, and adherence (done of prescribed, per week) for the runner and the physio."""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import urlencode

import pytest
import time_machine
from django.urls import reverse

from plans.models import Exercise, ExerciseTick, Prescription
from plans.selectors import exercise_state
from plans.services import plan_start
from tests.factories import CareLinkFactory
from tests.triage.formdata import with_signs

pytestmark = pytest.mark.django_db

MON = dt.date(2026, 3, 2)
STIFF_HIP_RESULT = urlencode(
    with_signs({"pain_now": "3", "normal_stride": "yes", "spasm": "no", "pain_side": "left", "pars_defect": "no"})
)


def test_the_initial_exercises_are_the_articles_two_hip_exercises():
    assert sorted(Exercise.objects.values_list("title", "sets", "reps", "hold_seconds", "for_stiff_hip")) == [
        ("Sumo squat stretch", 3, 0, 30, True),
        ("Walking lunge", 2, 10, 0, True),
    ]


def test_a_plan_started_from_a_stiff_hip_result_gets_the_hip_exercises_every_day(client, runner):
    client.force_login(runner)
    page = client.get(reverse("triage:result") + "?" + STIFF_HIP_RESULT).content.decode()
    assert 'name="likely_cause" value="stiff_hip"' in page
    client.post(reverse("plans:start"), {"source": "easy_run", "likely_cause": "stiff_hip"})
    rows = Prescription.objects.filter(plan__runner=runner).values_list("exercise__title", "days", "prescribed_by")
    assert sorted(rows) == [("Sumo squat stretch", list(range(7)), None), ("Walking lunge", list(range(7)), None)]


def test_a_plan_for_muscle_overwork_gets_no_automatic_exercises(runner):
    plan = plan_start(runner=runner, actor=runner, likely_cause="muscle_overwork")
    assert not plan.prescriptions.exists()


def test_the_runner_ticks_an_exercise_off_in_one_tap_and_sees_this_weeks_adherence(client, runner, monday):
    plan = plan_start(runner=runner, actor=runner, likely_cause="stiff_hip")
    lunge = plan.prescriptions.get(exercise__slug="walking-lunge")
    client.force_login(runner)
    page = client.get(reverse("journal:dashboard")).content.decode()
    assert "Walking lunge: 2 × 10" in page
    assert "Sumo squat stretch: 3 × 30 s hold" in page
    assert "This week so far: 0 of 2 exercises done." in page
    assert client.post(reverse("plans:tick", args=[lunge.pk])).status_code == 302
    assert client.post(reverse("plans:tick", args=[lunge.pk])).status_code == 302  # a second tap: still one
    assert list(ExerciseTick.objects.values_list("prescription_id", "day")) == [(lunge.pk, MON)]
    page = client.get(reverse("journal:dashboard")).content.decode()
    assert "This week so far: 1 of 2 exercises done." in page


def test_an_exercise_not_prescribed_today_cannot_be_ticked(client, runner, monday):
    plan = plan_start(runner=runner, actor=runner, likely_cause="stiff_hip")
    lunge = plan.prescriptions.get(exercise__slug="walking-lunge")
    lunge.days = [2, 4]
    lunge.save()
    client.force_login(runner)
    response = client.post(reverse("plans:tick", args=[lunge.pk]))
    assert response.status_code == 400
    assert b"not prescribed for today" in response.content
    assert not ExerciseTick.objects.exists()


def test_someone_elses_exercise_answers_404(client, runner, other_runner):
    plan = plan_start(runner=runner, actor=runner, likely_cause="stiff_hip")
    plan_start(runner=other_runner, actor=other_runner)
    client.force_login(other_runner)
    assert client.post(reverse("plans:tick", args=[plan.prescriptions.first().pk])).status_code == 404


def test_adherence_counts_prescribed_days_up_to_today_per_week(runner):
    with time_machine.travel("2026-03-04 08:00 +00:00", tick=False):  # a Wednesday
        plan = plan_start(runner=runner, actor=runner, since=dt.date(2026, 2, 23), likely_cause="stiff_hip")
    Prescription.objects.filter(plan=plan).update(days=[0, 2, 4])  # Mon, Wed, Fri
    lunge = plan.prescriptions.get(exercise__slug="walking-lunge")
    ExerciseTick.objects.create(prescription=lunge, day=dt.date(2026, 3, 9))
    ExerciseTick.objects.create(prescription=lunge, day=dt.date(2026, 3, 11))
    state = exercise_state(plan, today=dt.date(2026, 3, 11), weeks=3)
    # Week of 23 Feb: before the exercises were given. Week of 2 Mar: Wed and Fri (given on Wed) x 2.
    # Week of 9 Mar: Mon and Wed so far x 2, of which 2 done.
    assert state["weeks"] == [
        {"week": dt.date(2026, 3, 2), "done": 0, "prescribed": 4},
        {"week": dt.date(2026, 3, 9), "done": 2, "prescribed": 4},
    ]
    assert [(t["prescription"].exercise.slug, t["done"]) for t in state["today"]] == [
        ("sumo-squat-stretch", False),
        ("walking-lunge", True),
    ]


def test_a_physio_prescribes_changes_and_stops_an_exercise_and_sees_adherence(client, runner, physio, monday):
    link = CareLinkFactory(runner=runner, physio=physio)
    plan = plan_start(runner=runner, actor=runner)
    squat = Exercise.objects.get(slug="sumo-squat-stretch")
    client.force_login(physio)
    url = reverse("plans:client_exercise", args=[link.public_id])
    data = {"exercise": squat.pk, "sets": "2", "hold_seconds": "45", "days": ["0", "3"]}
    assert client.post(url, data).status_code == 302
    assert client.post(url, {**data, "sets": "4"}).status_code == 302  # the same exercise: its dose changes
    rx = Prescription.objects.get(plan=plan)
    assert (rx.sets, rx.reps, rx.hold_seconds, rx.days, rx.prescribed_by) == (4, 0, 45, [0, 3], physio)
    page = client.get(reverse("plans:client", args=[link.public_id])).content.decode()
    assert "4 × 45 s hold" in page
    assert 'id="adherence"' in page
    client.post(reverse("plans:client_exercise_remove", args=[link.public_id, rx.pk]))
    assert not Prescription.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"sets": "2", "reps": "10", "days": ["0"]}, "This field is required."),
        ({"exercise": "999", "sets": "2", "reps": "10", "days": ["0"]}, "Select a valid choice."),
        ({"exercise": "LUNGE", "sets": "0", "reps": "10", "days": ["0"]}, "greater than or equal to 1"),
        ({"exercise": "LUNGE", "sets": "2", "reps": "10"}, "Choose at least one day."),
        ({"exercise": "LUNGE", "sets": "2", "days": ["0"]}, "Give the repetitions, or a hold in seconds."),
        ({"exercise": "LUNGE", "sets": "2", "hold_seconds": "1e5", "days": ["0"]}, "Enter a whole number."),
    ],
)
def test_a_bad_prescription_answers_400_with_the_message_and_saves_nothing(client, runner, physio, data, message):
    link = CareLinkFactory(runner=runner, physio=physio)
    plan_start(runner=runner, actor=runner)
    if data.get("exercise") == "LUNGE":
        data = {**data, "exercise": str(Exercise.objects.get(slug="walking-lunge").pk)}
    client.force_login(physio)
    response = client.post(reverse("plans:client_exercise", args=[link.public_id]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Prescription.objects.exists()


def test_the_json_export_holds_the_plans_history_and_the_exercise_ticks(client, runner, monday):
    plan = plan_start(runner=runner, actor=runner, likely_cause="stiff_hip")
    lunge = plan.prescriptions.get(exercise__slug="walking-lunge")
    ExerciseTick.objects.create(prescription=lunge, day=MON)
    client.force_login(runner)
    data = json.loads(b"".join(client.get(reverse("journal:export_json")).streaming_content))
    assert [(e["kind"], e["stage"]) for e in data["plan_events"]] == [("start", 1)]
    assert data["exercise_ticks"] == [{"day": "2026-03-02", "prescription__exercise__title": "Walking lunge"}]
