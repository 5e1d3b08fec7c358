"""Monitoring's dashboard panels (monitoring/panels.py): what they fetch, in which order."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from monitoring.models import Flag
from monitoring.panels import open_flags_list
from monitoring.selectors import open_flags_for
from tests.factories import FlagFactory

pytestmark = pytest.mark.django_db


def test_the_panels_open_flags_come_in_the_selectors_order(runner, other_runner):
    # The panels sort in Python what open_flags_for sorts in SQL: most serious first, newest first within
    # a severity; only the runner's own open flags.
    now = timezone.now()
    made = [
        ("night_pain", "review", 3),
        ("leg_symptoms", "urgent", 5),
        ("load_spike", "advisory", 1),
        ("worsening_week_on_week", "review", 1),
        ("emergency_symptoms", "urgent", 2),
        ("run_pain", "advisory", 4),
    ]
    for kind, severity, days_ago in made:
        FlagFactory(runner=runner, kind=kind, severity=severity)
        Flag.objects.filter(runner=runner, kind=kind).update(opened_at=now - dt.timedelta(days=days_ago))
    FlagFactory(runner=runner, kind="severe_pain", severity="urgent", status="resolved")
    FlagFactory(runner=other_runner, kind="not_improving", severity="urgent")

    kinds = [f.kind for f in open_flags_list(runner)]
    assert kinds == [f.kind for f in open_flags_for(runner)]
    assert kinds == [
        "emergency_symptoms",
        "leg_symptoms",
        "worsening_week_on_week",
        "night_pain",
        "load_spike",
        "run_pain",
    ]


def test_a_flags_blank_form_is_crispys_markup_kept_by_its_prefix():
    from django.template import engines

    from monitoring.forms import AssessedForm, DismissForm
    from monitoring.panels import form_html

    def crispy(form) -> str:
        return engines["django"].from_string("{% load crispy_forms_tags %}{{ form|crispy }}").render({"form": form})

    today = dt.date(2026, 3, 11)
    for form in (DismissForm(prefix="flag-7"), AssessedForm(prefix="assessed-7", today=today)):
        assert form_html(form) == crispy(form)
        assert form_html(form) is form_html(form)  # kept
    assert 'name="flag-8-note"' in form_html(DismissForm(prefix="flag-8"))
    assert 'name="flag-7-note"' not in form_html(DismissForm(prefix="flag-8"))
    refused = DismissForm({"flag-7-note": ""}, prefix="flag-7")
    assert not refused.is_valid()
    assert "Say why you are dismissing it first." in form_html(refused)
    assert "Say why you are dismissing it first." not in form_html(DismissForm(prefix="flag-7"))
