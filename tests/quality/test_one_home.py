"""One home each for access checks and for audit writing (issue 21): a second copy cannot creep back.

- Pages check the kind of account with ``accounts.decorators.runner_required`` / ``physio_required``; no
  app outside ``accounts`` calls the role rules itself or builds its own access decorator.
- Audit rows are written by ``accounts/audit.py`` only.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.quality.layering import ROOT, layers_from

LAYERS = layers_from((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
ROLE_CHECK = re.compile(r"\brequire_(?:runner|physio)\(|\bAwaitingVerification\b|def (?:physio|runner)_view\b")
# Rows created through the manager, built by hand, or inserted in raw SQL on the model's table (``_meta``).
AUDIT_WRITE = re.compile(r"AuditEvent(?:\.objects\.(?:create|bulk_create|get_or_create)\b|\._meta\b|\()")


def python_files(apps) -> list[Path]:
    return [p for app in apps for p in sorted((ROOT / app).rglob("*.py")) if "migrations" not in p.parts]


def hits(pattern: re.Pattern[str], files, *, allowed: set[str]) -> list[str]:
    found = []
    for path in files:
        name = str(path.relative_to(ROOT))
        if name in allowed:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                found.append(f"{name}:{number}: {line.strip()}")
    return found


def test_no_app_checks_the_kind_of_account_itself():
    outside = [app for app in LAYERS if app != "accounts"]
    assert not hits(ROLE_CHECK, python_files(outside), allowed=set())


def test_audit_rows_are_written_by_accounts_audit_only():
    assert not hits(AUDIT_WRITE, python_files(LAYERS), allowed={"accounts/audit.py", "accounts/models.py"})


def test_the_checks_see_the_copies_they_forbid(tmp_path):
    """The patterns match the code issue 21 found (physio_view in two apps, AuditEvent rows in three)."""
    sample = tmp_path / "views.py"
    sample.write_text(
        "def physio_view(view):\n"
        "    runner = access.require_runner(request.user)\n"
        "    AuditEvent.objects.create(actor=actor, runner=runner, action=action)\n"
        "    meta = AuditEvent._meta\n",
        encoding="utf-8",
    )
    text = sample.read_text(encoding="utf-8").splitlines()
    assert [bool(ROLE_CHECK.search(line)) for line in text] == [True, True, False, False]
    assert [bool(AUDIT_WRITE.search(line)) for line in text] == [False, False, True, True]
