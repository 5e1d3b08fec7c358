"""docs/monitoring.md against the code: every flag kind with its severity, every default it quotes, and every
rulebook fact it names (the test ids it names are checked by tests/quality/test_docs.py)."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from journal import metrics
from monitoring.models import SEVERITY_OF, FlagKind
from monitoring.thresholds import DEFAULTS, Thresholds
from triage import rulebook

DOC = (Path(__file__).resolve().parents[2] / "docs" / "monitoring.md").read_text()
WORD = {"urgent": "urgent", "review": "review", "advisory": "advice"}


def test_every_flag_kind_is_in_the_table_with_its_severity():
    rows = dict(re.findall(r"^\| `(\w+)` \| (\w+) \|", DOC, re.M))
    assert set(rows) == set(FlagKind.values)
    assert {kind: rows[kind] for kind in rows} == {kind: WORD[SEVERITY_OF[kind]] for kind in FlagKind.values}


def test_every_default_the_doc_quotes_is_the_code_default():
    fields = {f.name for f in dataclasses.fields(Thresholds)}
    quoted = re.findall(r"`(\w+)` \((?:`\w+`, )?(\d+)", DOC)
    checked = [(name, int(value)) for name, value in quoted if name in fields]
    assert len(checked) >= 20  # the doc quotes the defaults it relies on
    assert [(name, value) for name, value in checked if getattr(DEFAULTS, name) != value] == []


def test_every_rulebook_fact_the_doc_names_exists_with_the_value_it_gives():
    named = set(re.findall(r"`([A-Z][A-Z_]+|sign_tier|tier_rank|meaningful_rise|meaningful_fall|settling\w*)`", DOC))
    assert {"SEVERE_PAIN", "HIGH_PAIN", "MODERATE_PAIN", "ACCEPTABLE_PAIN", "settling_after", "tier_rank"} <= named
    elsewhere = {"SPIKE_RATIO": metrics}  # the journal's run-spike ratio, not a rulebook fact
    settings = {n for n in named if n.startswith("MONITORING_")}  # settings, not facts
    missing = sorted(n for n in named - settings if not hasattr(rulebook, n) and not hasattr(elsewhere.get(n), n))
    assert missing == []
    for name, value in re.findall(r"`([A-Z][A-Z_]+)` (\d+)", DOC):
        assert getattr(rulebook, name) == int(value), name
    for name, value in re.findall(r"`([A-Z][A-Z_]+)`, (\d+)", DOC):
        assert getattr(rulebook, name) == int(value), name
