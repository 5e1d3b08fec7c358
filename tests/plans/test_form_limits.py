"""The plan forms' number limits are the plan models' validators, read there (journal.models.number_range)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from journal.models import TrainingSession, field_limits
from plans.forms import LogForm, PlanEditForm, PrescribeForm
from plans.models import Prescription, StageTemplate
from plans.services import plan_start
from tests.factories import CareLinkFactory


@pytest.mark.parametrize(
    ("form", "model", "names"),
    [
        (PlanEditForm, StageTemplate, ("minutes", "run_minutes", "walk_minutes")),
        (PrescribeForm, Prescription, ("sets", "reps", "hold_seconds")),
    ],
)
def test_each_number_field_has_its_models_limits(form, model, names):
    limits = field_limits(model)
    for name in names:
        field = form.base_fields[name]
        assert (field.min_value, field.max_value) == limits[name], name


def test_the_session_pain_choices_are_the_journals_scale():
    low, high = field_limits(TrainingSession)["pain_during"]
    assert [value for value, _ in LogForm.base_fields["pain_during"].choices] == list(range(low, high + 1))


@pytest.mark.django_db
def test_the_physios_plan_page_asks_within_those_limits(client, runner, physio, monday):
    link = CareLinkFactory(runner=runner, physio=physio)
    plan_start(runner=runner, actor=runner, likely_cause="stiff_hip")
    client.force_login(physio)
    page = client.get(reverse("plans:client", args=[link.public_id])).content.decode()
    for name, model in [("walk_minutes", StageTemplate), ("sets", Prescription)]:
        low, high = field_limits(model)[name]
        assert re.search(rf'<input type="number" name="{name}" id="[^"]+" min="{low}" max="{high}"', page), name
