"""Fixtures for the tests that start processes: a PostgreSQL cluster of their own (the helpers that start
gunicorn and manage.py as production does are in tests/utils.py)."""

from __future__ import annotations

import subprocess

import pytest

from scripts.pgcluster import PgCluster


@pytest.fixture(scope="module")
def pg_cluster():
    with PgCluster() as cluster:
        subprocess.run(
            [cluster.tool("psql"), cluster.url(), "-c", "CREATE DATABASE backtrack"], check=True, capture_output=True
        )
        yield cluster
