"""Rules the test suite keeps, checked on its own source (issue 21)."""

from __future__ import annotations

import ast
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
