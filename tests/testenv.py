"""Loaded by pytest before Django (``-p tests.testenv``): test-time environment defaults.

Starts a private Redis for the session when REDIS_URL is not set, exactly as `make run` does.
"""

from __future__ import annotations

import atexit
import os

os.environ.setdefault("DEBUG", "true")  # dev defaults (console email, no HTTPS redirect); Django forces DEBUG off
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API beside live_server
os.environ.setdefault("MFA_REQUIRED_FOR_CLINICIANS", "false")  # tests that need it turn it on
os.environ.setdefault("STATIC_PLAIN", "true")

if not os.environ.get("REDIS_URL"):
    from scripts.localredis import LocalRedis

    _redis = LocalRedis().start()
    os.environ["REDIS_URL"] = _redis.url
    os.environ["BACKTRACK_TEST_REDIS_PORT"] = str(_redis.port)
    atexit.register(_redis.stop)
