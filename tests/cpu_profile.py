"""CPU seconds per test, counting every process a test makes work: the pytest process (with the live server's
thread), Playwright's driver, Chromium's browser, renderer and service processes, Celery workers. Wall times
(`--durations`) on this shared 2-core machine move with other people's load; CPU seconds move much less.

    .venv/bin/python -m pytest -p tests.cpu_profile -n 2 --dist worksteal -m shared_db -q
    .venv/bin/python -m tests.cpu_profile          # the slowest tests and the totals, from var/cpu-profile/

Each pytest process becomes a "child subreaper" (Linux prctl), so that a process whose parent ends before it
(Chromium starts its renderers through a zygote that leaves its parent) stays in the tree and its CPU time is
counted: `/usr/bin/time` and the rusage of children miss those. Not used by `make test`; a tool for measuring
(docs/performance.md, "Test suite")."""

from __future__ import annotations

import ctypes
import json
import os
import sys
import time
from pathlib import Path

import pytest

OUT = Path(__file__).resolve().parent.parent / "var" / "cpu-profile"
TICK = os.sysconf("SC_CLK_TCK")
PR_SET_CHILD_SUBREAPER = 36
_rows: list[dict] = []


def tree_cpu_seconds(root: int | None = None) -> float:
    """User and system CPU seconds of ``root`` and every process under it, including the children each has
    waited for (and zombies not yet waited for)."""
    total, stack, seen = 0, [root or os.getpid()], set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += sum(int(fields[i]) for i in (11, 12, 13, 14))  # utime, stime, cutime, cstime
            for task in os.listdir(f"/proc/{pid}/task"):
                stack += [int(child) for child in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
        except OSError:  # it ended meanwhile
            continue
    return total / TICK


def pytest_configure(config):
    ctypes.CDLL(None).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    if not hasattr(config, "workerinput"):  # the run's first process: forget the last run's figures
        for old in OUT.glob("*.json"):
            old.unlink()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    cpu, wall, own = tree_cpu_seconds(), time.monotonic(), time.process_time()
    yield
    _rows.append(
        {
            "test": item.nodeid,
            "cpu": round(tree_cpu_seconds() - cpu, 2),  # set-up, call and teardown, every process
            "pytest_cpu": round(time.process_time() - own, 2),  # of which the pytest process (and live server)
            "wall": round(time.monotonic() - wall, 2),
        }
    )


def pytest_sessionfinish(session):
    OUT.mkdir(parents=True, exist_ok=True)
    name = os.environ.get("PYTEST_XDIST_WORKER", "main")
    (OUT / f"{name}.json").write_text(json.dumps({"tests": _rows, "process_tree_cpu": tree_cpu_seconds()}))


def main(top: int = 30) -> None:
    tests, trees = [], {}
    for path in sorted(OUT.glob("*.json")):
        data = json.loads(path.read_text())
        tests += data["tests"]
        trees[path.stem] = data["process_tree_cpu"]
    # The first process's tree holds the xdist workers' (they end before it does).
    run = trees.get("main", sum(trees.values()))
    tests.sort(key=lambda row: -row["cpu"])
    for row in tests[:top]:
        print(f"{row['cpu']:7.2f} CPU s {row['pytest_cpu']:6.2f} in pytest {row['wall']:7.2f} wall s  {row['test']}")
    print(
        f"{len(tests)} tests: {sum(row['cpu'] for row in tests):.1f} CPU s, of which "
        f"{sum(row['pytest_cpu'] for row in tests):.1f} in pytest processes; "
        f"{sum(row['wall'] for row in tests):.1f} wall s summed over workers; "
        f"the whole run {run:.1f} CPU s (start-up included)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
