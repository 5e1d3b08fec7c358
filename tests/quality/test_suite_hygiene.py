"""Rules the test suite keeps, checked on its own source (issue 21)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]


def tuple_statements(source: str) -> list[int]:
    """Lines of statements that only build a tuple: `expect(x).to_be_hidden(), "why"` throws its message
    away (it belongs in `expect(x, "why")`), and a bare `x == y, "why"` checks nothing at all."""
    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Tuple)
    ]


def test_the_check_finds_a_message_thrown_away_after_an_expectation():
    assert tuple_statements('expect(page).to_be_hidden(), "a message"\n') == [1]
    assert tuple_statements('expect(page, "a message").to_be_hidden()\n') == []


@pytest.mark.parametrize("path", sorted(TESTS.rglob("*.py")), ids=lambda p: str(p.relative_to(TESTS)))
def test_no_statement_only_builds_a_tuple(path):
    assert tuple_statements(path.read_text()) == []


# --- where tests live, and what they may import ------------------------------------------------------------
AREAS = {"accounts", "clinic", "core", "journal", "monitoring", "plans", "triage", "browser", "ops", "quality"}


def test_the_test_folders_are_the_product_areas():
    """tests/<app>/ per product area, tests/browser/ for Chromium, tests/ops/ for what starts processes and
    tests/quality/ for cross-cutting checks: no folder named after a work round."""
    folders = {p.name for p in TESTS.iterdir() if p.is_dir() and not p.name.startswith((".", "__"))}
    assert folders == AREAS


def imported_test_modules(source: str) -> list[str]:
    """Test modules and conftest files a module imports from: a fixture or helper shared by two modules
    belongs in a conftest.py (fixtures) or a module that is not a test (helpers)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
        names += [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
        found += [n for n in names if n.startswith("tests.") and n.split(".")[-1].startswith(("test_", "conftest"))]
    return found


def test_the_check_finds_an_import_from_a_test_module_or_a_conftest():
    assert imported_test_modules("from tests.quality.test_vocabulary import findings\n") == [
        "tests.quality.test_vocabulary"
    ]
    assert imported_test_modules("def f():\n    from tests.conftest import ROOT\n") == ["tests.conftest"]
    assert imported_test_modules("import tests.ops.conftest\nfrom tests.utils import login\n") == ["tests.ops.conftest"]


@pytest.mark.parametrize("path", sorted(TESTS.rglob("*.py")), ids=lambda p: str(p.relative_to(TESTS)))
def test_no_module_imports_from_a_test_module_or_a_conftest(path):
    assert imported_test_modules(path.read_text()) == []


def fixture_names(source: str) -> set[str]:
    """Names of the functions decorated with ``pytest.fixture`` (called or not)."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                if isinstance(target, ast.Attribute) and target.attr == "fixture":
                    names.add(node.name)
    return names


def test_the_shared_fixtures_are_defined_once():
    """A persona or shared fixture (tests/conftest.py) means one thing everywhere: no module or folder
    defines another fixture of the same name (a `signed_in` that also moves the clock, a second `world`)."""
    shared = fixture_names((TESTS / "conftest.py").read_text())
    assert {"runner", "physio", "link", "signed_in", "world", "admin_client"} <= shared
    again = {
        f"{path.relative_to(TESTS)}: {name}"
        for path in TESTS.rglob("*.py")
        if path != TESTS / "conftest.py"
        for name in fixture_names(path.read_text()) & shared
    }
    assert not again


# --- Chromium tests: marked, in tests/browser/, skipped on request --------------------------------------------
def test_every_chromium_test_of_this_run_is_marked_and_lives_in_tests_browser(request):
    """tests/conftest.py marks a test `browser` when its fixtures stand on pytest-playwright's `browser`;
    the Chromium tests are the ones in tests/browser/ (checked over every test this run collected, before `-m`
    chose: `make test` runs this check in the pass without the browser tests)."""
    from tests.utils import COLLECTED

    browser_folder = TESTS / "browser"
    for item in request.config.stash[COLLECTED]:
        marked = item.get_closest_marker("browser") is not None
        uses_chromium = "browser" in getattr(item, "fixturenames", ())
        in_folder = browser_folder in Path(item.path).parents
        assert marked == uses_chromium, f"{item.nodeid}: marked browser {marked}, uses Chromium {uses_chromium}"
        assert marked == in_folder, f"{item.nodeid}: a Chromium test belongs in tests/browser/ (and only they do)"


def test_skip_browser_skips_the_chromium_tests_instead_of_failing():
    """The README's promise: SKIP_BROWSER=1 skips the browser tests (even with no Chromium installed)."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "SKIP_BROWSER": "1", "CHROMIUM_PATH": "/nonexistent/chromium"}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist", "-rs"]
        + ["tests/browser/test_auth_flow.py"],
        cwd=TESTS.parent,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 skipped" in result.stdout, result.stdout
    assert "SKIP_BROWSER=1" in result.stdout, result.stdout


# --- what the tests' own comments cite ------------------------------------------------------------------------
CITED = re.compile(r"(?<![\w/.])tests/[\w/.-]*[\w/]")


def cited_paths(source: str) -> set[str]:
    """Every tests/... path a module names (in a comment, a docstring or a message)."""
    return {m.group(0) for m in CITED.finditer(source)}


def test_the_check_finds_a_cited_folder():
    gone = "tests" + "/foundation/test_accounts.py"  # spelt in two parts: this module's own check reads it
    assert cited_paths(f"# asserted in {gone}, see tests/ops/") == {gone, "tests/ops/"}


@pytest.mark.parametrize("path", sorted(TESTS.rglob("*.py")), ids=lambda p: str(p.relative_to(TESTS)))
def test_every_path_a_test_module_cites_exists(path):
    root = TESTS.parent
    assert sorted(p for p in cited_paths(path.read_text()) if not (root / p).exists()) == []


def test_after_a_transactional_tests_flush_the_next_test_finds_the_migrations_content():
    """`make test` hands tests out with `--dist worksteal`, so a worker may run any test after a transactional
    one, whose flush empties every table (tests/quality/flush_probe.py)."""
    import os
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist"]
        + ["tests/quality/flush_probe.py"],
        cwd=TESTS.parent,
        env=os.environ,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout, result.stdout
