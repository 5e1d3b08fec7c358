"""Small helpers shared by tests."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
import requests

from scripts.localredis import free_port
from scripts.prodenv import gunicorn_command
from scripts.prodenv import production_env as _production_env

ROOT = Path(__file__).resolve().parent.parent
NOW = dt.datetime(2026, 3, 11, 12, 0, tzinfo=dt.UTC)  # Wednesday noon, UTC and London: `signed_in`'s clock

# A production environment (DEBUG off) for `manage.py` and settings read in a fresh process.
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "x" * 30 + "-a-long-random-production-secret-value-1234567890",
    "ALLOWED_HOSTS": "backtrack.example.com",
    "DATABASE_URL": "sqlite:////tmp/backtrack-deploy-check.sqlite3",
    "REDIS_URL": "redis://127.0.0.1:6399/0",
    "MFA_REQUIRED_FOR_CLINICIANS": "true",
}
TEST_ONLY_ENV = {"DJANGO_ALLOW_ASYNC_UNSAFE"}
# How long a browser test waits for what it expects (a page, a navigation, an element): generous, because the
# machine is shared and a wait ends as soon as what it waits for happens (10 s timed out once at load 12).
PAGE_TIMEOUT_MS = 30_000
COLLECTED = pytest.StashKey[list]()  # every test a run collected, before `-m` chose (tests/conftest.py)


def production_process_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """The test process's environment less its test switches and production's names, plus ``env``."""
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV and k not in TEST_ONLY_ENV}
    return {**clean, **(PRODUCTION_ENV if env is None else env)}


def production_settings(*names: str) -> dict:
    """The values config/settings.py gives ``names`` with PRODUCTION_ENV, read in a fresh process."""
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {list(names)!r}}}))"
    )
    env = {**production_process_env(), "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def wait_for(predicate: Callable[[], bool], timeout: float = 20.0, interval: float = 0.1) -> bool:
    """Polls ``predicate`` until it is true or ``timeout`` seconds pass (for real workers and servers)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


def sees_client(physio, runner) -> bool:
    """Whether ``physio`` may open ``runner``'s client page, asked through the function every clinic client
    view calls (``accounts.access.client_link``) with each link the pair has ever had."""
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from accounts import access
    from accounts.models import CareLink

    for link in CareLink.objects.filter(physio=physio, runner=runner):
        try:
            access.client_link(physio, link.public_id)
        except (Http404, PermissionDenied):
            continue
        return True
    return False


def saved_sign_in(user) -> str:
    """The session cookie's value a sign-in of ``user`` leaves (made by Django's test client, as
    `force_login` does): a browser test that is not about signing in starts from it instead of the form."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def login(page, user, password=None, *, through_the_form: bool = False):
    """Sign a persona in, and check that it worked: the start page is one for this signed-in user (their
    name and the log-out button in the menu). With a password, or ``through_the_form``, it types into the
    real login form; otherwise the browser gets the user's saved sign-in (a session cookie) and opens the
    start page: the form itself is tested by tests/browser/test_auth_flow.py."""
    from django.conf import settings

    from tests.factories import TEST_PASSWORD

    origin = page.url.split("/", 3)[:3] if page.url.startswith("http") else None
    live = getattr(page, "live_server_url", None) or ("/".join(origin) if origin else None)
    if password is None and not through_the_form and live:
        page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": saved_sign_in(user), "url": live}])
        page.goto("/")
    else:
        page.goto("/accounts/login/")
        page.get_by_label("Email").fill(user.email)
        page.get_by_label("Password").fill(password or TEST_PASSWORD)
        page.get_by_role("button", name="Log in", exact=True).click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
    assert page.locator("form[action$='/accounts/logout/']").count() == 1, f"not signed in at {page.url}"
    assert user.name in (page.locator("nav[aria-label='Main']").text_content() or ""), (
        f"signed in as someone else at {page.url}"
    )


def manage_py(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """``manage.py *args`` in a fresh process with ``env`` in place of the test switches (production_process_env)."""
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=production_process_env(env), capture_output=True, text=True
    )


# --- processes: a Celery worker on the test database, gunicorn on production settings ----------------------
def test_database_url() -> str:
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        if ":memory:" in str(db["NAME"]) or "mode=memory" in str(db["NAME"]):
            raise RuntimeError("another process cannot open an in-memory database: see needs_database_file()")
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


class WorkerProcess:
    """A real `celery worker` process on the test database and the test Redis."""

    def __init__(self, app, redis_url: str, extra_args: tuple[str, ...] = ()) -> None:
        self.app = app
        self.env = {
            **os.environ,
            "DATABASE_URL": test_database_url(),
            "REDIS_URL": redis_url,
            "DEBUG": "true",
        }
        self.env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        self.extra_args = extra_args
        self.process: subprocess.Popen | None = None
        self.hostname = f"test-{uuid.uuid4().hex[:8]}@localhost"

    def start(self) -> WorkerProcess:
        args = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool",
            "solo",
            "--loglevel",
            "WARNING",
            "--hostname",
            self.hostname,
            "--without-gossip",
            "--without-mingle",
            "--queues",
            "celery,imports",  # the default queue and the imports' own (CELERY_TASK_ROUTES)
            *self.extra_args,
        ]
        self.process = subprocess.Popen(args, env=self.env, cwd=ROOT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"celery worker exited with {self.process.returncode}")
            if self.app.control.ping(destination=[self.hostname], timeout=0.5):
                return self
        self.stop()
        raise RuntimeError("celery worker did not start within 60 s")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


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
            gunicorn_command(self.port, workers, "--timeout", "30"),
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


def totp_code(secret: str) -> str:
    """The authenticator's current code for ``secret``, never in the last 5 s of its 30-second step.

    allauth accepts a code in its own step only (no tolerance), so a code typed in a step's last seconds can
    reach the server in the next one and fail by chance on a slow machine: wait for the next step instead."""
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    while time.time() % 30 > 25:
        time.sleep(0.5)
    return format_hotp_value(hotp_value(secret, int(time.time() // 30)))
