"""docs/plans.md quotes the rulebook facts the progression rule uses: each figure must be the rulebook's, and
each rule names a test (whose existence tests/quality/test_docs.py checks)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from triage import rulebook as rb

DOC = Path(__file__).resolve().parents[2] / "docs" / "plans.md"
ROW = re.compile(
    r"^\| (?P<rule>[^|]+) \| `(?P<fact>[\w.]+)`[^|]* \| *(?P<value>[\d.]*) \| (?P<source>[^|]+) \| (?P<test>[^|]+) \|$"
)


def rule_rows() -> list[dict]:
    section = DOC.read_text().split("## The progression rule", 1)[1].split("\n## ", 1)[0]
    return [m.groupdict() for line in section.splitlines() if (m := ROW.match(line))]


def fact(name: str):
    value = rb
    for part in name.split("."):
        value = getattr(value, part)
    return value


def test_the_doc_lists_the_rules():
    names = {row["fact"] for row in rule_rows()}
    assert {
        "SESSIONS_TO_PROGRESS",
        "PRESCRIBED_MINUTES_SHARE",
        "PLAN_TYPES_THAT_COUNT",
        "ACCEPTABLE_PAIN",
        "GREEN_PAIN",
        "settling",
        "TREND_DAYS",
        "TREND_MIN_MORNINGS",
        "MIC_POINTS",
        "WINDOWS.flare_days",
        "RUN_CEILING",
        "SKIPPED_FOR_PAIN_IN_A_ROW",
        "WINDOWS.clinician_check_days",
    } <= names


@pytest.mark.parametrize("row", rule_rows(), ids=lambda row: row["fact"])
def test_each_rule_quotes_the_rulebook_and_names_a_source_and_a_test(row):
    value = fact(row["fact"])  # the fact exists
    if row["value"]:
        assert float(row["value"]) == value, f"{row['fact']} is {value} in the rulebook"
    assert row["source"].strip()
    assert row["test"].strip().startswith("`tests/plans/")


def test_the_settling_row_quotes_the_rulebooks_thresholds():
    (row,) = [line for line in DOC.read_text().splitlines() if line.startswith("| settled by the next morning")]
    assert f"`MIC_POINTS` {rb.MIC_POINTS}" in row
    assert f"`RUN_CEILING` {rb.RUN_CEILING}" in row
