"""Fixtures that run the app as production does: gunicorn processes on a real PostgreSQL and Redis."""

from __future__ import annotations

import subprocess
import sys

import pytest
import requests

from scripts.localredis import free_port
from scripts.pgcluster import PgCluster
from scripts.prodenv import production_env as _production_env
from tests.foundation.test_settings import ROOT
from tests.utils import wait_for


@pytest.fixture(scope="module")
def pg_cluster():
    with PgCluster() as cluster:
        subprocess.run(
            [cluster.tool("psql"), cluster.url(), "-c", "CREATE DATABASE backtrack"], check=True, capture_output=True
        )
        yield cluster


def production_env(database_url: str, redis_url: str) -> dict[str, str]:
    # Production settings, with static files served uncollected (tests/process_settings.py).
    return _production_env(database_url, redis_url, DJANGO_SETTINGS_MODULE="tests.process_settings")


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


class Gunicorn:
    def __init__(self, env: dict[str, str], workers: int = 2) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--timeout",
                "30",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        assert wait_for(self._up, timeout=30), "gunicorn did not start"

    def _up(self) -> bool:
        try:
            return requests.get(self.url + "/healthz", timeout=1).status_code in (200, 503)
        except requests.RequestException:
            return False

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)
