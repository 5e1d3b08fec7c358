"""A runner through several weeks of a plan, with the clock frozen day by day: progress, a bad day and
a hold, a step back, a pause on a warning sign and a resume. Each decision is read the way
``plan_status --json`` reads it, and each move is made through the runner's own buttons."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from plans.models import Plan

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)  # a Monday; London is on UTC until 29 March


def status(runner) -> dict:
    out = io.StringIO()
    call_command("plan_status", "--runner", runner.email, "--json", stdout=out)
    (row,) = json.loads(out.getvalue())
    return row


def test_a_runner_moves_through_the_plan_as_their_back_responds(client, runner):
    client.force_login(runner)
    with time_machine.travel(START, tick=False) as clock:

        def on(day: int, morning_pain: int, **session):
            clock.move_to(START + dt.timedelta(days=day))
            assert client.post(reverse("journal:quick_pain"), {"pain": morning_pain}).status_code == 302
            if session:
                assert client.post(reverse("plans:log"), session).status_code == 302

        # Week 1: run:walk 1:1 on Tuesday, Thursday, Saturday.
        on(0, 2)
        client.post(reverse("plans:start"), {"source": "easy_run"})
        assert status(runner)["stage"] == 2
        assert status(runner)["next_session"]["day"] == "2026-03-03"
        on(1, 2, outcome="done", pain_during=2)
        assert status(runner)["decision"] == "hold"  # one session so far
        on(2, 2)
        on(3, 2, outcome="done", pain_during=1)
        assert status(runner)["reasons"] == ["Log your back tomorrow morning to see how it settled after Thu 5 Mar."]
        on(4, 2)
        row = status(runner)
        assert row["decision"] == "progress"
        assert row["reasons"][-1] == "You are ready for stage 3."
        client.post(reverse("plans:apply"), {"expected": "progress"})
        assert status(runner)["stage"] == 3

        # A bad day: pain 4 during Saturday's run:walk 2:1 holds the stage.
        on(5, 2, outcome="done_hurt", pain_during=4)
        on(6, 2)
        assert status(runner)["decision"] == "hold"
        assert status(runner)["reasons"] == [
            "Pain during the session on Sat 7 Mar was 4/10: fine to carry on, not yet to do more."
        ]
        on(8, 2, outcome="done", pain_during=2)  # Tuesday
        on(9, 3)  # Wednesday morning one point up on Tuesday's
        row = status(runner)
        assert row["decision"] == "hold"
        assert row["reasons"] == [
            "Pain during the session on Sat 7 Mar was 4/10: fine to carry on, not yet to do more.",
            "The morning after Tue 10 Mar your back was 1 point worse than the morning before.",
        ]

        # A step back: pain 6 during Thursday's session.
        on(10, 2, outcome="done_hurt", pain_during=6)
        on(11, 2)
        row = status(runner)
        assert row["decision"] == "step_back"
        assert row["reasons"][0] == "Pain during the session on Thu 12 Mar was 6/10, above 5/10."
        client.post(reverse("plans:apply"), {"expected": "step_back"})
        plan = Plan.objects.get(runner=runner)
        assert (plan.stage, plan.stage_since) == (2, dt.date(2026, 3, 14))
        assert status(runner)["reasons"] == [
            # Thursday's 6/10 is a flare: it holds for a week, whatever the new stage's sessions.
            "A flare-up: pain reached 6/10 in the session on Thu 12 Mar. Wait for 7 days without one before moving on."
        ]

        # A warning sign pauses the plan: no next session until the runner has been seen and cleared.
        clock.move_to(START + dt.timedelta(days=12))
        response = client.post(
            reverse("journal:entry_new"),
            {"day": "2026-03-14", "pain": 3, "pain_side": "left", "symptoms": ["leg_pain"]},
        )
        assert response.status_code == 302
        row = status(runner)
        assert row["decision"] == "paused"
        assert row["next_session"] is None
        assert "You logged a warning sign (Sat 14 Mar)." in row["reasons"][0]
        clock.move_to(START + dt.timedelta(days=15, hours=2))
        client.post(reverse("plans:cleared"))
        row = status(runner)
        assert row["decision"] == "hold"
        assert row["next_session"] == {
            "day": "2026-03-17",
            "session_type": "run_walk",
            "summary": "Run:walk 20 min: run 1, walk 1, repeat; easy, conversational pace",
        }
        assert list(plan.events.values_list("kind", flat=True)) == ["start", "progress", "step_back", "cleared"]
