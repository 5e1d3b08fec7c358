"""Saving a triage result into the journal (the service), and the demo journal."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from journal import demo
from journal.models import Entry, SavedCheck, TrainingSession
from journal.presentation import dashboard_context
from journal.services import saved_check_create
from tests.factories import EntryFactory, RunnerFactory

pytestmark = pytest.mark.django_db


def _save(runner, **overrides):
    values = {
        "runner": runner,
        "answers": {"pain_now": 5, "symptoms": ["leg_pain", "fever"]},
        "verdict": "see_clinician",
        "likely_cause": "",
        "rule_ids": ["leg_symptoms"],
        "advice_versions": [{"code": "see_clinician", "version_id": 12}],
        "pain": 5,
        "pain_side": "left",
        "normal_stride": False,
        "spasm": None,
        "journal_symptoms": ["leg_pain"],
    }
    values.update(overrides)
    check, _merge = saved_check_create(**values)
    return check


def test_a_saved_check_fills_todays_entry_and_keeps_the_advice_versions(runner, monkeypatch, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 11, 23, 30, tzinfo=dt.UTC), tick=False)  # 11 March in London
    queued: list[int] = []
    monkeypatch.setattr("monitoring.queueing.queue_runner_check", queued.append)
    check = _save(runner)
    assert check.day == dt.date(2026, 3, 11)
    assert check.advice_versions == [{"code": "see_clinician", "version_id": 12}]
    entry = Entry.objects.get(runner=runner)
    assert (entry.day, entry.pain, entry.pain_side, entry.normal_stride, entry.symptoms) == (
        dt.date(2026, 3, 11),
        5,
        "left",
        False,
        ["leg_pain"],
    )
    assert queued == [runner.pk]


def test_a_saved_check_merges_into_an_existing_entry_and_overwrites_nothing(runner, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 11, 12, tzinfo=dt.UTC), tick=False)
    EntryFactory(
        runner=runner,
        day=dt.date(2026, 3, 11),
        pain=2,
        pain_side="",
        normal_stride=True,
        spasm=None,
        notes="sore after hills",
        symptoms=["night_pain"],
    )
    _check, merge = saved_check_create(
        runner=runner,
        answers={"pain_now": 6},
        verdict="urgent",
        likely_cause="",
        rule_ids=["urgent.fever"],
        advice_versions=[],
        pain=6,
        pain_side="left",
        normal_stride=False,
        spasm=None,
        journal_symptoms=["fever", "night_pain"],
    )
    entry = Entry.objects.get(runner=runner)
    assert (entry.pain, entry.pain_side, entry.normal_stride, entry.notes) == (2, "left", True, "sore after hills")
    assert entry.symptoms == ["fever", "night_pain"]
    assert merge.created is False
    assert merge.added_signs == ("fever",)
    assert merge.filled == ("pain_side",)
    assert merge.kept == (("pain", 2, 6), ("normal_stride", True, False))
    assert SavedCheck.objects.filter(runner=runner).count() == 1


def test_the_demo_journal_tells_a_build_up_flare_and_recovery_story(time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 11, 12, tzinfo=dt.UTC), tick=False)
    runner = RunnerFactory(email=demo.DEMO_RUNNER)
    demo.seed(io.StringIO())
    demo.seed(io.StringIO())  # idempotent
    entries = Entry.objects.filter(runner=runner)
    assert 60 <= entries.count() <= 75
    assert entries.filter(pain_side="right", pain__gte=5).exists()  # one-sided flare
    assert TrainingSession.objects.filter(runner=runner, session_type="run_walk").exists()  # recovery
    trends = dashboard_context(runner=runner, weeks=12)
    assert trends["spikes"]  # the jump in distance before the flare
    assert max(w["max_pain"] or 0 for w in trends["weekly"]) >= 6
    assert trends["weekly"][-1]["max_pain"] <= 2
