from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from monitoring.models import Flag
from tests.factories import RunnerFactory

from .conftest import log_symptom

pytestmark = pytest.mark.django_db


def scan(*args) -> str:
    out = StringIO()
    call_command("scan_flags", *args, stdout=out)
    return out.getvalue()


def test_scan_flags_prints_the_open_flags_as_json(runner, frozen):
    log_symptom(runner, "saddle_numbness")
    data = json.loads(scan("--json"))
    assert data == [
        {
            "runner": "robin@example.com",
            "kind": "emergency_symptoms",
            "severity": "urgent",
            "status": "open",
            "opened": "2026-03-11T12:00:00+00:00",
            "evidence": {
                "days": [{"day": "2026-03-11", "symptoms": ["saddle_numbness"], "pain": 5}],
                "last_day": "2026-03-11",
            },
        }
    ]


def test_running_scan_flags_twice_opens_nothing_new(runner, frozen):
    log_symptom(runner, "night_pain")
    assert "opened 1 new flag(s)" in scan()
    second = scan()
    assert "opened 0 new flag(s)" in second
    assert "robin@example.com  review    night_pain" in second
    assert Flag.objects.count() == 1


def test_scan_flags_can_scan_one_runner(runner, other_runner, frozen):
    log_symptom(runner, "leg_pain")
    log_symptom(other_runner, "leg_pain")
    data = json.loads(scan("--runner", "ROBIN@example.com", "--json"))
    assert [f["runner"] for f in data] == ["robin@example.com"]
    assert not Flag.objects.filter(runner=other_runner).exists()


def test_scan_flags_refuses_an_unknown_runner(db):
    with pytest.raises(CommandError, match="No active runner"):
        scan("--runner", "nobody@example.com")


def test_the_demo_seeder_scans_every_runner_without_sending_mail(frozen, mailoutbox):
    from monitoring import demo

    runner = RunnerFactory()
    log_symptom(runner, "leg_pain")
    out = StringIO()
    demo.seed(out)
    demo.seed(out)
    assert Flag.objects.filter(runner=runner, notified_at__isnull=False).count() == 1
    assert mailoutbox == []


def test_bench_scan_seeds_runners_with_a_year_each_and_times_the_scan(db):
    from journal.models import Entry
    from monitoring.management.commands.bench_scan import Command

    assert Command().seed(3) == 3
    assert Command().seed(3) == 0  # reused on the next run
    assert Entry.objects.filter(runner__email__endswith="@bench.backtrack.local").count() == 3 * 365
    out = StringIO()
    # The timed part normally runs in a fresh process; here it runs in the test's, on the test database.
    call_command("bench_scan", "--runners", "3", "--batch-size", "2", "--scan-only", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("first scan (opens flags): 3 runners in")
    assert lines[1].startswith("second scan (re-evaluates every open flag; nothing new): 3 runners in")
    assert "0 flag(s) opened, 0 updated, 0 closed" in lines[1]
    assert lines[2].startswith("next day's scan (re-evaluates: figures change, some flags close): 3 runners in")
    assert all("this process's CPU" in line and "peak RSS" in line for line in lines)
