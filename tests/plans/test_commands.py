"""plan_start and plan_status: clinics onboarding clients already in rehabilitation, and the state of
every plan, computed from the journal as it stands (imported sessions and entries count)."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from plans.models import Plan, PlanEvent

pytestmark = pytest.mark.django_db

MON = dt.date(2026, 3, 2)


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_plan_start_starts_at_a_stage_as_from_a_day(runner, monday):
    out = run("plan_start", "--runner", "ROBIN@example.com", "--stage", "4", "--since", "2026-02-23")
    assert out == "Started a plan for robin@example.com at stage 4, counting from 2026-02-23.\n"
    plan = Plan.objects.get(runner=runner)
    assert (plan.stage, plan.stage_since, plan.started_on, plan.started_by) == (
        4,
        dt.date(2026, 2, 23),
        dt.date(2026, 2, 23),
        None,
    )
    assert PlanEvent.objects.get(plan=plan).kind == "start"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--runner", "nobody@example.com"), "No active account with the email nobody@example.com"),
        (("--runner", "robin@example.com", "--stage", "11"), "Choose a stage from 1 to 10."),
        (("--runner", "robin@example.com", "--stage", "0"), "Choose a stage from 1 to 10."),
        (("--runner", "robin@example.com", "--since", "2026-03-03"), "The start day cannot be in the future."),
        (("--runner", "robin@example.com", "--since", "02/03/2026"), "--since must be a date as YYYY-MM-DD"),
        (("--runner", "robin@example.com", "--since", "0001-01-01"), "The start day can be at most 365 days ago."),
        (("--runner", "pat@example.com"), "Plans are for runners."),
    ],
)
def test_plan_start_refuses_bad_arguments_and_saves_nothing(runner, physio, monday, args, message):
    with pytest.raises(CommandError, match=message):
        run("plan_start", *args)
    assert not Plan.objects.exists()


def test_plan_start_refuses_a_second_plan(runner, monday):
    run("plan_start", "--runner", runner.email)
    with pytest.raises(CommandError, match="already a plan under way"):
        run("plan_start", "--runner", runner.email)


def test_plan_status_counts_sessions_and_entries_imported_from_csv(runner, other_runner, monday, tmp_path):
    run("plan_start", "--runner", runner.email, "--stage", "2", "--since", "2026-02-23")
    run("plan_start", "--runner", other_runner.email)
    entries = tmp_path / "entries.csv"
    entries.write_text(
        "date,pain,pain_side\n" + "".join(f"2026-02-{d},2,left\n" for d in range(23, 29)) + "2026-03-01,2,left\n"
    )
    sessions = tmp_path / "sessions.csv"
    sessions.write_text(
        "date,session_type,distance_km,duration_min,rpe,pain_during\n"
        "2026-02-24,run_walk,3,20,3,2\n"
        "2026-02-26,run_walk,3,20,3,3\n"
    )
    call_command("import_journal", "--user", runner.email, str(entries), str(sessions), stdout=io.StringIO())
    rows = json.loads(run("plan_status", "--json"))
    assert [row["runner"] for row in rows] == ["robin@example.com", "olive@example.com"]
    robin = rows[0]
    assert robin == {
        "runner": "robin@example.com",
        "stage": 2,
        "stage_name": "Run:walk 1:1",
        "decision": "progress",
        "reasons": [
            "Pain during your last 2 sessions was 2/10 and 3/10 (3/10 or less), and each next morning was no worse "
            "than the morning before.",
            "You are ready for stage 3.",
        ],
        "next_session": {
            "day": "2026-03-03",
            "session_type": "run_walk",
            "summary": "Run:walk 20 min: run 1, walk 1, repeat; easy, conversational pace",
        },
    }
    assert rows[1]["decision"] == "hold"
    assert rows[1]["next_session"]["day"] == "2026-03-02"  # walks from Monday, today


def test_plan_status_in_words_and_for_one_runner(runner, other_runner, monday):
    run("plan_start", "--runner", runner.email)
    run("plan_start", "--runner", other_runner.email)
    out = run("plan_status", "--runner", runner.email)
    assert out.splitlines() == [
        "robin@example.com  stage 1 (Walks)  hold  next: 2026-03-02 Walk 30 min at a comfortable pace",
        "    Do 2 more sessions of this stage before moving on, each on a different day and each a walk of at least "
        "24 minutes.",
    ]
    with pytest.raises(CommandError, match="No plan under way for una@example.com"):
        run("plan_status", "--runner", "una@example.com")
