"""The journal's field limits are written once, on the models, and the forms and exports read them there."""

from __future__ import annotations

import pytest

from journal.exporting import ENTRY_COLUMNS
from journal.forms import EntryForm, SessionForm
from journal.models import ENTRY_FIELDS, SESSION_FIELDS, Entry, TrainingSession, field_limits


def test_field_limits_are_read_from_the_model_validators():
    assert field_limits(Entry) == {
        "pain": (0, 10),
        "pain_side": (None, 6),
        "morning_stiffness_min": (0, 24 * 60),
        "notes": (None, 4000),
    }
    session = field_limits(TrainingSession)
    assert session["distance_m"] == (0, 300_000)
    assert session["duration_s"] == (1, 48 * 3600)
    assert session["rpe"] == session["pain_during"] == session["pain_after"] == (0, 10)


def test_a_changed_validator_changes_the_limit(monkeypatch):
    from django.core.validators import MaxValueValidator

    field = TrainingSession._meta.get_field("rpe")
    monkeypatch.setattr(field, "validators", [*field.validators, MaxValueValidator(7)])
    assert field_limits(TrainingSession)["rpe"] == (0, 7)


@pytest.mark.django_db
def test_the_forms_show_the_model_limits(runner):
    entry = EntryForm(runner=runner)
    assert [value for value, _ in entry.fields["pain"].choices] == list(range(11))
    stiffness = entry.fields["morning_stiffness_min"].widget.attrs
    assert (stiffness["min"], stiffness["max"]) == (0, 1440)
    session = SessionForm(runner=runner)
    for name in ("rpe", "pain_during", "pain_after"):
        attrs = session.fields[name].widget.attrs
        assert (attrs["min"], attrs["max"]) == (0, 10)


def test_the_entry_field_list_is_the_form_the_csv_and_every_editable_model_field():
    assert EntryForm._meta.fields == ["day", *ENTRY_FIELDS]
    assert ["date", *ENTRY_FIELDS] == ENTRY_COLUMNS
    editable = {f.name for f in Entry._meta.concrete_fields if f.editable and not f.primary_key}
    assert editable - {"runner", "day"} == set(ENTRY_FIELDS)


def test_the_session_field_list_is_the_form_the_services_the_exports_and_every_editable_model_field():
    from journal.exporting import SESSION_COLUMNS
    from journal.forms import SESSION_FORM_NAME

    assert SessionForm._meta.fields == ["day", *(SESSION_FORM_NAME.get(n, n) for n in SESSION_FIELDS)]
    in_csv = {"distance_m": "distance_km", "duration_s": "duration_min"}
    assert set(SESSION_COLUMNS) == {"date", "started_at", "source", *(in_csv.get(n, n) for n in SESSION_FIELDS)}
    editable = {f.name for f in TrainingSession._meta.concrete_fields if f.editable and not f.primary_key}
    # Set by the journal itself, never typed: the owner, the day (asked first), a watch's start and the source.
    assert editable - {"runner", "day", "started_at", "source"} == set(SESSION_FIELDS)


@pytest.mark.django_db
def test_the_csv_importer_reads_its_limits_from_the_model_validators(runner, monkeypatch):
    from django.core.validators import MaxValueValidator

    from journal.importing.journal_csv import ImportRefused, csv_import

    field = Entry._meta.get_field("morning_stiffness_min")
    wider = [v for v in field.validators if not isinstance(v, MaxValueValidator)] + [MaxValueValidator(2000)]
    monkeypatch.setattr(field, "validators", wider)
    csv_import(runner=runner, data=b"date,pain,morning_stiffness_min\n2026-03-01,3,1500\n")
    assert Entry.objects.get(runner=runner).morning_stiffness_min == 1500

    monkeypatch.setattr(field, "validators", [*wider, MaxValueValidator(60)])
    with pytest.raises(ImportRefused):
        csv_import(runner=runner, data=b"date,pain,morning_stiffness_min\n2026-03-02,3,61\n")


def test_the_pain_scale_is_the_rulebooks_everywhere():
    from plans.forms import PAIN_CHOICES as PLAN_PAIN
    from triage.forms import PAIN_CHOICES as CHECK_PAIN
    from triage.rulebook import PAIN_MAX, PAIN_MIN

    scale = list(range(PAIN_MIN, PAIN_MAX + 1))
    assert field_limits(Entry)["pain"] == field_limits(TrainingSession)["pain_during"] == (PAIN_MIN, PAIN_MAX)
    assert [value for value, _ in PLAN_PAIN] == scale
    assert [int(value) for value, _ in CHECK_PAIN if value] == scale
