import subprocess
import sys

import pytest

from scripts.pgcluster import PgCluster
from tests.utils import ROOT


@pytest.fixture(scope="module")
def pg():
    with PgCluster() as cluster:
        yield cluster


def _manage(*args, database_url):
    env = {"DEBUG": "true", "DATABASE_URL": database_url, "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)


def test_backup_wipe_and_restore_loses_nothing(pg):
    url = pg.url("backtrack_backup")
    subprocess.run(
        [pg.tool("psql"), pg.url(), "-c", "CREATE DATABASE backtrack_backup"], check=True, capture_output=True
    )
    assert _manage("migrate", "--noinput", database_url=url).returncode == 0
    seeded = _manage("seed_demo", database_url=url)
    assert seeded.returncode == 0, seeded.stderr

    result = subprocess.run(
        [sys.executable, "scripts/backup_restore_check.py", url],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"BACKTRACK_PG_BIN": str(pg.bin), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "every table identical" in result.stdout
    # The restored database really holds the data (the demo accounts at least).
    count = subprocess.run(
        [pg.tool("psql"), url, "-A", "-t", "-c", "SELECT count(*) FROM accounts_user"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert int(count) >= 3


def test_the_check_fails_loudly_when_a_restore_differs(pg, tmp_path, monkeypatch):
    from scripts import backup_restore_check as brc

    calls = iter([{"accounts_user": (3, "a")}, {"accounts_user": (2, "b")}])
    monkeypatch.setattr(brc, "fingerprint", lambda url: next(calls))
    monkeypatch.setattr(brc, "psql", lambda url, sql: "")
    monkeypatch.setattr(brc.subprocess, "run", lambda *a, **k: (tmp_path / "x.dump").write_bytes(b"x"))
    monkeypatch.setattr(sys, "argv", ["brc", pg.url("whatever"), "--keep-dump", str(tmp_path / "x.dump")])
    assert brc.main() == 1
