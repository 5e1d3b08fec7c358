"""Back up a PostgreSQL database, wipe it, restore it, and prove nothing was lost.

    python scripts/backup_restore_check.py DATABASE_URL [--keep-dump PATH]

Takes a custom-format dump with pg_dump, fingerprints every table (row count and an md5 of all rows),
drops and recreates the database, restores with pg_restore, and compares the fingerprints.
Exits 0 and prints a summary when every table matches; exits 1 and names the tables that differ otherwise.
Uses the pg_dump/pg_restore/psql next to the server (BACKTRACK_PG_BIN) or on PATH.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlparse


def tool(name: str) -> str:
    pg_bin = os.environ.get("BACKTRACK_PG_BIN")
    if pg_bin and (Path(pg_bin) / name).exists():
        return str(Path(pg_bin) / name)
    found = shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: install the PostgreSQL client tools")
    return found


def psql(url: str, sql: str) -> str:
    out = subprocess.run(
        [tool("psql"), url, "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql],
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip()


def fingerprint(url: str) -> dict[str, tuple[int, str]]:
    tables = psql(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1").split()
    result = {}
    for table in tables:
        row = psql(
            url,
            f"SELECT count(*), coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM \"{table}\" t",  # noqa: S608 - names from pg_tables
        )
        count, digest = row.split("|")
        result[table] = (int(count), digest)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("database_url")
    parser.add_argument("--keep-dump", type=Path)
    args = parser.parse_args()
    url = args.database_url.replace("postgres://", "postgresql://", 1)
    parsed = urlparse(url)
    dbname = parsed.path.lstrip("/")
    admin_url = parsed._replace(path="/postgres").geturl()

    before = fingerprint(url)
    workdir = Path(tempfile.mkdtemp(prefix="backtrack-backup-"))
    dump = args.keep_dump or workdir / f"{dbname}.dump"
    try:
        subprocess.run([tool("pg_dump"), "--format=custom", "--no-owner", f"--file={dump}", url], check=True)
        print(
            f"backup: {dump} ({dump.stat().st_size} bytes), {len(before)} tables, "
            f"{sum(c for c, _ in before.values())} rows"
        )
        psql(admin_url, f'DROP DATABASE "{dbname}" WITH (FORCE)')
        psql(admin_url, f'CREATE DATABASE "{dbname}"')
        print(f"wiped: database {dbname} dropped and recreated empty")
        subprocess.run([tool("pg_restore"), "--no-owner", "--exit-on-error", f"--dbname={url}", str(dump)], check=True)
        after = fingerprint(url)
    finally:
        if not args.keep_dump:
            shutil.rmtree(workdir, ignore_errors=True)

    differing = sorted(t for t in before.keys() | after.keys() if before.get(t) != after.get(t))
    if differing:
        print(f"FAILED: {len(differing)} table(s) differ after restore: {', '.join(differing)}")
        return 1
    print(f"restored: {len(after)} tables, {sum(c for c, _ in after.values())} rows, every table identical")
    return 0


if __name__ == "__main__":
    sys.exit(main())
