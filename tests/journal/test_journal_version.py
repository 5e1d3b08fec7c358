"""The per-runner journal version (journal/versions.py): every write path raises it in its own transaction.

Three checks: each write path, run here one by one, changes the version (and a rolled-back one does not);
no module calls ``bulk_create``/``bulk_update``/``QuerySet.update()`` on a tracked model without announcing
the change; every model that holds a runner's journal data is tracked."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
import time_machine
from django.apps import apps
from django.db import transaction

from accounts.services import account_delete
from journal import services
from journal.importing.journal_csv import csv_import
from journal.importing.sessions import watch_file_import
from journal.models import Entry, JournalVersion, SavedCheck, TrainingSession
from journal.versions import journal_version, journal_version_bump, tracked_models
from plans import services as plan_services
from plans.models import Exercise, ExerciseTick, Plan, PlanEvent, PlanSkip, Prescription, Review
from tests.factories import EntryFactory, TrainingSessionFactory
from tests.journal.watchfiles import gpx_file

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _monday():
    with time_machine.travel("2026-03-02 08:00 +00:00", tick=False):
        yield


def bumps(runner, write) -> int:
    """Runs ``write`` and returns how much the runner's version rose (it must rise)."""
    before = journal_version(runner.pk)
    write()
    after = journal_version(runner.pk)
    assert after > before, f"{write.__name__}: the journal version did not change"
    return after - before


TODAY = dt.date(2026, 3, 2)
SESSION = {"day": TODAY, "session_type": "easy", "distance_m": 5000, "duration_s": 1800, "rpe": 4}


def test_every_journal_service_raises_the_version(runner):
    def entry_create():
        services.entry_create(runner=runner, day=TODAY - dt.timedelta(days=1), data={"pain": 3})

    def entry_update():
        services.entry_update(
            entry=Entry.objects.get(runner=runner, day=TODAY - dt.timedelta(days=1)), data={"pain": 4}
        )

    state = {}

    def quick_pain():
        state["entry"], state["before"] = services.entry_log_pain_undoable(runner=runner, day=TODAY, pain=5)

    def quick_pain_again():  # the day has an entry now: the save changes it
        services.entry_log_pain_undoable(runner=runner, day=TODAY, pain=6)

    def quick_pain_undo():
        saved = services.PainBefore(pain=6, pain_side="")
        assert services.entry_undo_pain(runner=runner, day=TODAY, saved=saved, before=services.PainBefore(pain=5))

    def offline_sync():  # a tap kept on the phone and sent later (kept_at): the view calls the same service
        services.entry_log_pain_undoable(
            runner=runner, day=TODAY - dt.timedelta(days=2), pain=2, kept_at=dt.datetime(2026, 3, 2, 7, tzinfo=dt.UTC)
        )

    def session_create():
        state["session"] = services.session_create(runner=runner, data=SESSION)

    def session_update():
        services.session_update(session=state["session"], data={**SESSION, "rpe": 6})

    def session_delete():
        services.session_delete(session=state["session"])

    def saved_check():
        services.saved_check_create(
            runner=runner,
            answers={},
            verdict="easy_run",
            likely_cause="",
            rule_ids=[],
            advice_versions=[],
            pain=3,
            pain_side="left",
            normal_stride=True,
            spasm=False,
            journal_symptoms=[],
        )

    for write in (
        entry_create,
        entry_update,
        quick_pain,
        quick_pain_again,
        quick_pain_undo,
        offline_sync,
        session_create,
        session_update,
        session_delete,
        saved_check,
    ):
        bumps(runner, write)


def test_undoing_a_tap_that_created_the_entry_deletes_it_and_raises_the_version(runner):
    services.entry_log_pain_undoable(runner=runner, day=TODAY, pain=3)

    def undo_to_nothing():
        saved = services.PainBefore(pain=3)
        assert services.entry_undo_pain(runner=runner, day=TODAY, saved=saved, before=services.PainBefore(pain=None))

    bumps(runner, undo_to_nothing)
    assert not Entry.objects.filter(runner=runner).exists()


def test_csv_imports_of_entries_and_sessions_raise_the_version(runner):
    EntryFactory(runner=runner, day=TODAY - dt.timedelta(days=3), pain=1)

    def new_days_only_csv():  # bulk_create alone: no model signal, the import must announce it
        data = f"date,pain\n{TODAY - dt.timedelta(days=6)},2\n{TODAY - dt.timedelta(days=5)},2\n".encode()
        assert csv_import(runner=runner, data=data).created == 2

    bumps(runner, new_days_only_csv)

    def entries_csv():  # one new day (bulk_create) and one changed day (save)
        data = f"date,pain\n{TODAY - dt.timedelta(days=4)},3\n{TODAY - dt.timedelta(days=3)},5\n".encode()
        assert csv_import(runner=runner, data=data).created == 1

    def sessions_csv():
        data = f"date,distance_km,duration_min,session_type\n{TODAY - dt.timedelta(days=4)},5,30,easy\n".encode()
        assert csv_import(runner=runner, data=data).created == 1

    bumps(runner, entries_csv)
    bumps(runner, sessions_csv)


def test_a_watch_import_chunk_raises_the_version(runner):
    start = dt.datetime(2026, 3, 1, 7, tzinfo=dt.UTC)

    def watch_chunk():  # a job's chunk reads each file with announce=False and announces once at the end
        result = watch_file_import(runner=runner, name="run.gpx", data=gpx_file(start), announce=False)
        assert result.added

    bumps(runner, watch_chunk)


def test_plan_writes_raise_the_version(runner, physio):
    state = {}

    def start():
        state["plan"] = plan_services.plan_start(runner=runner, actor=runner)

    def log_a_skip():
        plan_services.plan_log(plan=state["plan"], outcome=plan_services.SKIPPED_OTHER, pain_during=None)

    def prescribe():
        state["prescription"] = plan_services.exercise_prescribe(
            plan=state["plan"], actor=physio, exercise=Exercise.objects.first(), sets=2, reps=10, hold_seconds=0,
            days=list(range(7)),
        )  # fmt: skip

    def tick():
        plan_services.exercise_tick(prescription=state["prescription"], day=TODAY)

    def review():
        plan_services.review_save(plan=state["plan"], activities=[{"activity": "running", "score": 5}], groc=1)

    def pause():
        state["plan"] = plan_services.plan_pause(plan=state["plan"], actor=physio, note="")

    def resume():
        state["plan"] = plan_services.plan_resume(plan=state["plan"], actor=physio)

    def edit():
        state["plan"] = plan_services.plan_edit(
            plan=state["plan"], actor=physio, stage=2, hold=False, note="", custom=None
        )

    def remove_exercise():
        plan_services.exercise_remove(prescription=state["prescription"], actor=physio)

    def end():
        state["plan"] = plan_services.plan_end(plan=state["plan"], actor=runner)

    for write in (start, log_a_skip, prescribe, tick, review, pause, resume, edit, remove_exercise, end):
        bumps(runner, write)
    assert PlanSkip.objects.exists()
    assert Review.objects.exists()
    assert PlanEvent.objects.count() > 3


def test_a_save_outside_any_service_raises_the_version_too(runner):
    """What the admin or a shell does: plain save() and delete() on the models."""
    entry = EntryFactory(runner=runner, day=TODAY)
    session = TrainingSessionFactory(runner=runner, day=TODAY)

    def save_entry():
        entry.pain = 9
        entry.save()

    bumps(runner, save_entry)
    bumps(runner, session.delete)
    bumps(runner, lambda: Entry.objects.filter(runner=runner).delete())  # a queryset delete sends post_delete


def test_a_write_that_is_rolled_back_leaves_the_version_as_it_was(runner):
    journal_version_bump(runner.pk)
    before = journal_version(runner.pk)

    class Undone(Exception):
        pass

    inside = []

    def write_then_fail():
        with transaction.atomic():
            services.session_create(runner=runner, data=SESSION)
            services.entry_log_pain_undoable(runner=runner, day=TODAY, pain=4)
            inside.append(journal_version(runner.pk))
            raise Undone

    with pytest.raises(Undone):
        write_then_fail()
    assert inside[0] > before  # raised inside the transaction...
    assert journal_version(runner.pk) == before  # ...and back where it was once it rolled back
    assert not TrainingSession.objects.filter(runner=runner).exists()


def test_each_runner_has_their_own_version(runner, other_runner):
    services.entry_log_pain_undoable(runner=runner, day=TODAY, pain=4)
    assert journal_version(runner.pk) >= 1
    assert journal_version(other_runner.pk) == 0


def test_deleting_an_account_takes_its_version_with_it(runner):
    services.entry_log_pain_undoable(runner=runner, day=TODAY, pain=4)
    plan_services.plan_start(runner=runner, actor=runner)
    account_delete(user=runner)
    assert not JournalVersion.objects.exists()
    assert not Entry.objects.exists()
    assert not Plan.objects.exists()


# --- no write path can forget it ----------------------------------------------------------------------------
def test_every_model_that_holds_a_runners_journal_is_tracked():
    """A new model in the journal or the plans that belongs to a runner (directly or through a plan) must be
    tracked, or its writes would leave cached history stale."""
    owned = {
        model
        for app in ("journal", "plans")
        for model in apps.get_app_config(app).get_models()
        if any(f.name in ("runner", "plan", "prescription") and f.is_relation for f in model._meta.fields)
    }
    untracked_on_purpose = {
        apps.get_model("journal", "ImportJob"),  # the import's queue: the sessions it adds are tracked
        apps.get_model("journal", "ImportFile"),
        JournalVersion,  # the version itself
    }
    assert owned - untracked_on_purpose <= set(tracked_models())
    assert {Entry, TrainingSession, SavedCheck, Plan, PlanSkip, PlanEvent, Prescription, ExerciseTick, Review} <= set(
        tracked_models()
    )


TRACKED_NAMES = {"Entry", "TrainingSession", "SavedCheck", "Plan", "PlanSkip", "PlanEvent", "Prescription",
                 "ExerciseTick", "Review"}  # fmt: skip
SIGNAL_LESS = {"bulk_create", "bulk_update", "update"}  # write without post_save / post_delete
ANNOUNCED_BY = {"announce_journal_changed", "journal_version_bump"}
# Benchmark commands fill throwaway databases that no web process serves.
NOT_SERVED = {"journal/management/commands/bench_journal.py", "clinic/management/commands/bench_caseload.py"}


def _signal_less_writes_without_announcement(source: str) -> list[str]:
    found = []
    for func in ast.walk(ast.parse(source)):
        if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        calls = [node for node in ast.walk(func) if isinstance(node, ast.Call)]
        names = {c.func.attr if isinstance(c.func, ast.Attribute) else getattr(c.func, "id", "") for c in calls}
        if names & ANNOUNCED_BY:
            continue
        for call in calls:
            if isinstance(call.func, ast.Attribute) and call.func.attr in SIGNAL_LESS:
                receiver = ast.unparse(call.func.value)
                if any(f"{name}.objects" in receiver or f"{name}.all" in receiver for name in TRACKED_NAMES):
                    found.append(f"{func.name}: {receiver}.{call.func.attr}(...)")
    return found


def test_no_module_writes_a_tracked_model_in_bulk_without_announcing_it():
    offenders = []
    for path in ROOT.glob("*/**/*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith((".venv/", "tests/", "var/")) or "/migrations/" in rel or rel in NOT_SERVED:
            continue
        offenders += [f"{rel} {line}" for line in _signal_less_writes_without_announcement(path.read_text())]
    assert offenders == []


def test_the_scan_finds_a_bulk_write_that_forgets_to_announce():
    forgot = (
        "def f(runner):\n    Entry.objects.bulk_create([])\n    Plan.objects.filter(runner=runner).update(stage=2)\n"
    )
    announced = "def f(runner):\n    Entry.objects.bulk_create([])\n    announce_journal_changed(runner.pk)\n"
    assert len(_signal_less_writes_without_announcement(forgot)) == 2
    assert _signal_less_writes_without_announcement(announced) == []
