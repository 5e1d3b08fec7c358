"""docs/triage-rules.md lists every engine rule once, and each points at a test that exists."""

from __future__ import annotations

import re
from pathlib import Path

from tests.triage.test_engine import CAUSE_TRIGGERS, RISK_TRIGGERS, VERDICT_TRIGGERS
from triage.engine import ALL_RULES

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
