"""The docs cannot drift: every path, `make` target, management command and test id that README.md or a
file in docs/ names must exist, and the query counts docs/performance.md quotes are the ones the tests
assert (tests/query_counts.py)."""

from __future__ import annotations

import functools
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.management import get_commands

from tests.query_counts import QUERY_COUNTS

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.M | re.S)
SPAN = re.compile(r"`([^`\n]+)`")
TEST_ID = re.compile(r"\btests/[\w/]+\.py::[\w\[\].-]+")
MAKE = re.compile(r"(?:^|[\s`(])make ([a-z][\w-]*)")
MANAGE = re.compile(r"manage\.py ([a-z][a-z0-9_]*)")
COMMAND_LIKE = re.compile(r"^(bench|seed)_[a-z_]+$")  # the commands docs list without `manage.py`
PATH = re.compile(r"^\.?[\w-]+(?:/[\w.-]*)+$")
EXTENSIONS = {".py", ".md", ".html", ".js", ".css", ".txt", ".toml", ".csv", ".json", ".sh", ".yml", ".cfg"}
MADE_BY_MAKE = (".venv/",)  # created by `make install-dev`, not kept in the repository


@dataclass
class Named:
    paths: set[str] = field(default_factory=set)
    targets: set[str] = field(default_factory=set)
    commands: set[str] = field(default_factory=set)
    test_ids: set[str] = field(default_factory=set)


def top_level_names() -> set[str]:
    return {p.name for p in ROOT.iterdir()}


def code_of(text: str) -> list[str]:
    """The text of fenced blocks and inline code spans: what a doc presents as a name to type."""
    blocks = FENCE.findall(text)
    prose = FENCE.sub("", text)
    return blocks + SPAN.findall(prose)


def names_in(text: str, top_level: set[str]) -> Named:
    named = Named()
    for code in code_of(text):
        named.test_ids.update(TEST_ID.findall(code))
        named.targets.update(MAKE.findall(code))
        named.commands.update(MANAGE.findall(code))
        first = code.split()[0] if code.split() else ""
        if COMMAND_LIKE.match(first):
            named.commands.add(first)
        for token in re.split(r"[\s,;()]+", TEST_ID.sub("", code)):
            token = token.rstrip(".:")
            if not PATH.match(token) or token.startswith(MADE_BY_MAKE):
                continue
            head = token.split("/")[0]
            if token.endswith("/") or Path(token).suffix in EXTENSIONS or head in top_level:
                named.paths.add(token)
    return named


def make_targets() -> set[str]:
    return set(re.findall(r"^([a-z][\w-]*):", (ROOT / "Makefile").read_text(), re.M))


@functools.cache
def collected_ids(files: frozenset[str]) -> frozenset[str]:
    """Every test id pytest itself collects from these files (parametrized ids included)."""
    existing = sorted(f for f in files if (ROOT / f).is_file())
    if not existing:
        return frozenset()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *existing],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return frozenset(line.strip() for line in result.stdout.splitlines() if "::" in line)


def all_doc_test_files() -> frozenset[str]:
    ids = set().union(*(names_in(doc.read_text(), top_level_names()).test_ids for doc in DOCS))
    return frozenset(test_id.split("::")[0] for test_id in ids)


def missing_test_ids(ids: set[str]) -> set[str]:
    """An id pytest cannot collect does not exist; a parametrized test may be named without its parameters."""
    files = frozenset(test_id.split("::")[0] for test_id in ids)
    docs_files = all_doc_test_files()
    collected = collected_ids(docs_files if files <= docs_files else docs_files | files)
    return {t for t in ids if t not in collected and not any(c.startswith(t + "[") for c in collected)}


def problems(named: Named) -> list[str]:
    out = [f"path {p} does not exist" for p in sorted(named.paths) if not (ROOT / p).exists()]
    out += [f"make target {t} does not exist" for t in sorted(named.targets - make_targets())]
    out += [f"management command {c} does not exist" for c in sorted(named.commands - set(get_commands()))]
    out += [f"test {t} does not exist" for t in sorted(missing_test_ids(named.test_ids))]
    return out


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_path_target_command_and_test_a_doc_names_exists(doc):
    named = names_in(doc.read_text(), top_level_names())
    assert problems(named) == []


def test_the_checker_catches_each_kind_of_stale_name():
    doc = """
Run `make run` or `make nosuchtarget`; see `docs/journal.md` and `docs/no-such-doc.md`.
```bash
python manage.py seed_demo
python manage.py no_such_command
```
`bench_nothing --runs 3`, `tests/ops/test_celery_faults.py::test_no_such_test`,
`tests/ops/test_celery_faults.py::test_two_beats_started_by_mistake_still_run_one_scan_a_night`.
Not paths: `/journal/entries/` (a URL), `30/m/ip` (a rate), `.venv/bin/python` (made by make).
"""
    named = names_in(doc, top_level_names())
    assert named.paths == {"docs/journal.md", "docs/no-such-doc.md"}
    assert problems(named) == [
        "path docs/no-such-doc.md does not exist",
        "make target nosuchtarget does not exist",
        "management command bench_nothing does not exist",
        "management command no_such_command does not exist",
        "test tests/ops/test_celery_faults.py::test_no_such_test does not exist",
    ]


def quoted_query_counts() -> dict[str, int]:
    """The table under "## Query counts" in docs/performance.md: | what | queries | test |."""
    text = (ROOT / "docs" / "performance.md").read_text()
    section = text.split("## Query counts", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| ([^|]+?) \| (\d+) \| `([^`]+)` \|$", section, re.M)
    return {what: int(count) for what, count, _ in rows}


def test_the_query_counts_in_the_performance_doc_are_the_ones_the_tests_assert():
    assert quoted_query_counts() == QUERY_COUNTS
