"""Every flag in the demo data is one the real monitoring rules open on that demo journal, with the
evidence they would give. The demo used to create an urgent "Leg symptoms logged" flag by hand, with
no evidence, on a journal with no leg symptom in it."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from journal.models import Entry
from monitoring.models import Flag, FlagKind
from monitoring.scan import scan_batch

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=io.StringIO())
    return list(Flag.objects.select_related("runner"))


def test_the_demo_has_flags_and_each_carries_evidence(demo):
    assert demo
    for flag in demo:
        assert flag.evidence, f"{flag} has no evidence"
        assert "source" not in flag.evidence
    uma = [f for f in demo if f.runner.email == "uma.urgent@demo.backtrack.local"]
    assert {f.kind for f in uma if f.severity == "urgent"} == {FlagKind.SERIOUS_CAUSE_SIGNS}
    assert FlagKind.LEG_SYMPTOMS in {f.kind for f in uma}


def test_the_rules_run_again_over_the_demo_journal_give_the_same_flags_and_evidence(demo):
    result = scan_batch(runner_ids=sorted({f.runner_id for f in demo}), notify=False)
    assert (result.opened, result.updated, result.closed) == (0, 0, 0)
    assert sorted(result.opened_kinds) == []
    assert Flag.objects.count() == len(demo)


def test_every_symptom_a_flag_cites_is_in_the_journal_on_that_day(demo):
    cited = 0
    for flag in demo:
        for day in flag.evidence.get("days", []):
            entry = Entry.objects.get(runner=flag.runner, day=dt.date.fromisoformat(day["day"]))
            assert set(day["symptoms"]) <= set(entry.symptoms), (flag, day)
            assert entry.pain == day["pain"]
            cited += 1
    assert cited >= 2  # Uma's two days of pain down the leg


def test_seeding_twice_opens_nothing_more(demo):
    call_command("seed_demo", stdout=io.StringIO())
    assert Flag.objects.count() == len(demo)
