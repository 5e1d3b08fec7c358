"""Loaded by pytest before Django (``-p tests.testenv``): test-time environment defaults.

Starts a private Redis for the session when REDIS_URL is not set, exactly as `make run` does.
"""

from __future__ import annotations

import atexit
import os
from pathlib import Path

os.environ.setdefault("DEBUG", "true")  # dev defaults (console email, no HTTPS redirect); Django forces DEBUG off
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API beside live_server
os.environ.setdefault("MFA_REQUIRED_FOR_CLINICIANS", "false")  # tests that need it turn it on
# The tests' STATIC_ROOT (tests/conftest.py): an empty folder, which WhiteNoise needs to exist (it warns on every
# request otherwise). Nothing is collected for the tests: live_server serves static files through the finders.
TEST_STATIC_ROOT = Path(__file__).resolve().parent.parent / "var" / "test-static"
TEST_STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# The processes some tests start (gunicorn, Celery) keep the checkout's STATIC_ROOT: it must exist too.
(Path(__file__).resolve().parent.parent / "staticfiles").mkdir(exist_ok=True)

# Each pytest-xdist worker (gw0, gw1...) gets a Redis of its own: the Celery queues, the rate-limit counts and
# the caches of two workers' tests must not mix. A worker inherits the controller's environment.
_xdist_worker = os.environ.get("PYTEST_XDIST_WORKER")
_ours = os.environ.get("BACKTRACK_TEST_REDIS_WORKER") != _xdist_worker and "BACKTRACK_TEST_REDIS_PORT" in os.environ

if not os.environ.get("REDIS_URL") or (_xdist_worker and _ours):
    from scripts.localredis import LocalRedis

    _redis = LocalRedis().start()
    os.environ["REDIS_URL"] = _redis.url
    os.environ["BACKTRACK_TEST_REDIS_PORT"] = str(_redis.port)
    os.environ["BACKTRACK_TEST_REDIS_WORKER"] = _xdist_worker or ""
    atexit.register(_redis.stop)
elif _xdist_worker:  # a Redis given in REDIS_URL: one database number per worker
    _base = (
        os.environ["REDIS_URL"].rsplit("/", 1)[0] if os.environ["REDIS_URL"].count("/") > 2 else os.environ["REDIS_URL"]
    )
    os.environ["REDIS_URL"] = f"{_base}/{int(_xdist_worker.removeprefix('gw')) + 1}"
