"""The environment of a production-like process on this machine (loopback, plain HTTP)."""

from __future__ import annotations

import os
import secrets
import sys


def production_env(database_url: str, redis_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG"}}
    defaults = {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SECURE_SSL_REDIRECT": "false",  # no TLS proxy on loopback
        "DJANGO_SETTINGS_MODULE": "scripts.loopback_settings",  # cookies without Secure: plain HTTP on loopback
        "MFA_REQUIRED_FOR_CLINICIANS": "false",  # load-test physios have no authenticator app
    }
    env.update(defaults, **extra)
    return env


def gunicorn_command(port: int, workers: int, *extra: str) -> list[str]:
    """gunicorn serving the app on 127.0.0.1:``port`` with ``workers`` processes, logging warnings only."""
    return [
        sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers), "--log-level", "warning", *extra,
    ]  # fmt: skip
