"""Restart PostgreSQL under a running app: requests recover without restarting the app."""

import pytest
import requests

from scripts.localredis import LocalRedis
from tests.utils import Gunicorn, manage, production_env, wait_for


@pytest.mark.integration
def test_requests_recover_after_postgresql_restarts(pg_cluster):
    with LocalRedis() as redis_server:
        env = production_env(pg_cluster.url("backtrack"), redis_server.url)
        manage(env, "migrate", "--noinput")
        manage(env, "createcachetable")
        app = Gunicorn(env, workers=2)
        try:
            session = requests.Session()
            for _ in range(6):  # warm every worker's persistent connection
                assert session.get(app.url + "/healthz", timeout=5).json()["database"] == "ok"
            assert session.get(app.url + "/accounts/login/", timeout=5).status_code == 200

            pg_cluster.stop("fast")  # kills every server-side connection the workers hold
            assert session.get(app.url + "/healthz", timeout=5).status_code == 503  # down is reported, not a crash
            pg_cluster.start()

            # Django health-checks a persistent connection before reusing it, so no request fails now.
            assert wait_for(lambda: session.get(app.url + "/healthz", timeout=5).status_code == 200, timeout=10)
            statuses = [session.get(app.url + "/accounts/login/", timeout=5).status_code for _ in range(10)]
            assert statuses == [200] * 10
            assert app.process.poll() is None  # the same gunicorn, never restarted
        finally:
            app.stop()
