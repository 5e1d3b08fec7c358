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
# WhiteNoise serves STATIC_ROOT and warns on every request when it does not exist (nothing is collected in tests).
(Path(__file__).resolve().parent.parent / "staticfiles").mkdir(exist_ok=True)

if not os.environ.get("REDIS_URL"):
    from scripts.localredis import LocalRedis

    _redis = LocalRedis().start()
    os.environ["REDIS_URL"] = _redis.url
    os.environ["BACKTRACK_TEST_REDIS_PORT"] = str(_redis.port)
    atexit.register(_redis.stop)
