"""docs/triage-rules.md lists every engine rule once, and each points at a test that exists."""

from __future__ import annotations

import re
from pathlib import Path

from tests.triage.rule_triggers import CAUSE_TRIGGERS, RISK_TRIGGERS, VERDICT_TRIGGERS
from triage.engine import ALL_RULES
from triage.rulebook import (
    ADULT_AGE,
    FIRST_EPISODE_OVER_50,
    FRAIL_AGE,
    OLDER_AGE,
    OVER_AGE,
    RUN_CEILING,
    WEAK_SIGNS,
    WEAK_SIGNS_FOR_URGENT,
)

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "triage-rules.md").read_text()
ROWS = re.findall(r"^\| `([a-z_]+\.[a-z_0-9]+)` \|.*\| `([^`]+)` \|$", DOC, flags=re.MULTILINE)


def test_every_rule_is_listed_exactly_once():
    listed = [rule_id for rule_id, _ in ROWS]
    assert sorted(listed) == sorted(rule.id for rule in ALL_RULES)


def test_every_listed_test_exists_and_covers_that_rule():
    known_ids = set(VERDICT_TRIGGERS) | set(CAUSE_TRIGGERS) | set(RISK_TRIGGERS)
    for rule_id, node in ROWS:
        match = re.fullmatch(r"(tests/[\w/]+\.py)::(\w+)\[([\w.+-]+)\]", node)
        assert match, node
        path, function, param = match.groups()
        assert f"def {function}(" in (ROOT / path).read_text(), node
        assert param.split("-")[-1] == rule_id, node
        assert rule_id in known_ids


def test_the_doc_states_the_rulebook_facts_the_engine_uses():
    """The numbers and codes the doc gives are the rulebook's, so a change there shows here."""
    assert f"`pain_now` > {RUN_CEILING} (`RUN_CEILING`)" in DOC
    assert f"`pain_now` from 1 to {RUN_CEILING}" in DOC
    assert f"stop if the pain rises above {RUN_CEILING}" in DOC
    assert f"pain above the running ceiling ({RUN_CEILING + 1}/10 or more)" in DOC
    assert f"`age` < {ADULT_AGE}, or no `age` given" in DOC
    assert f"`age` >= {OLDER_AGE}, or no `age` given" in DOC
    assert f"`age` >= {FRAIL_AGE}, or no `age` given" in DOC
    assert f"`age` under {FRAIL_AGE}" in DOC
    assert f"`age` > {OVER_AGE}" in DOC
    assert f"{WEAK_SIGNS_FOR_URGENT} or more of the `WEAK_SIGNS`" in DOC
    weak_row = next(line for line in DOC.splitlines() if line.startswith("| `urgent.weak_signs_together`"))
    for code in WEAK_SIGNS - {FIRST_EPISODE_OVER_50}:
        assert f"`{code}`" in weak_row
    assert "a first episode at 50 or over" in weak_row
