"""Shared fixtures: personas (after healthchecks' Alice/Bob/Charlie) and their clients, the access matrix's
world, a real Redis and Celery worker, a real browser. Fixtures live in conftest.py files only, each shared one
defined once (tests/quality/test_suite_hygiene.py checks it); helpers that tests import live in modules that
are not tests: tests/utils.py and tests/factories.py, and beside the tests that use them (tests/browser/pages.py,
tests/quality/words.py, tests/triage/formdata.py...)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from hypothesis import settings as hypothesis_settings
from playwright.sync_api import expect

from tests.factories import PERSONAS, CareLinkFactory, world_build
from tests.testenv import TEST_STATIC_ROOT
from tests.utils import COLLECTED, NOW, PAGE_TIMEOUT_MS, WorkerProcess

# Property tests draw the same examples on every run (a seed per test), so the suite gives the same result
# five runs in a row; HYPOTHESIS_PROFILE=explore draws new ones when hunting for bugs by hand.
hypothesis_settings.register_profile("repeatable", derandomize=True, database=None)
hypothesis_settings.register_profile("explore", database=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

ROOT = Path(__file__).resolve().parent.parent

# WhiteNoise reads every file under STATIC_ROOT each time a test client builds its middleware, which is once a
# test (and once a role in the access matrix). The checkout's staticfiles/ holds what the last `collectstatic`
# left there (the deploy rehearsal runs one): about a thousand files, a tenth of a second a client. The tests
# collect nothing and need none of them, so their STATIC_ROOT is an empty folder (tests/testenv.py).
django_settings.STATIC_ROOT = str(TEST_STATIC_ROOT)
# Chromium's headless shell (Debian's chromium-headless-shell, the same Chromium build without its desktop
# browser; what Playwright itself runs headless tests in): the second pass costs about 40 % less CPU than in
# full Chromium's headless mode (docs/performance.md, "Fifth round"). CHROMIUM_PATH=/usr/bin/chromium runs them
# in full Chromium, which `--headed` needs.
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium-headless-shell")
SKIP_BROWSER = os.environ.get("SKIP_BROWSER") == "1"


# --- personas ----------------------------------------------------------------------------------
# Each persona is made by tests.factories.PERSONAS (the access matrix's module-wide world makes the same ones).
@pytest.fixture
def runner(db):
    return PERSONAS["runner"]()


@pytest.fixture
def other_runner(db):
    return PERSONAS["other_runner"]()


@pytest.fixture
def physio(db):
    return PERSONAS["physio"]()


@pytest.fixture
def unlinked_physio(db):
    return PERSONAS["unlinked_physio"]()


@pytest.fixture
def unverified_physio(db):
    return PERSONAS["unverified_physio"]()


@pytest.fixture
def admin_user(db):
    return PERSONAS["admin_user"]()


@pytest.fixture
def link(runner, physio):
    """The runner has given the (verified) physio access."""
    return CareLinkFactory(runner=runner, physio=physio)


@pytest.fixture
def physio_client(client, physio):
    client.force_login(physio)
    return client


@pytest.fixture
def runner_client(client, runner):
    client.force_login(runner)
    return client


@pytest.fixture
def admin_client(client, admin_user):
    """The test client signed in as the admin persona (pytest-django's own makes a user of its own)."""
    client.force_login(admin_user)
    return client


@pytest.fixture
def quiet_monitoring(monkeypatch):
    """Saving to the journal queues no monitoring check (tests of the page, not of the flags it may open)."""
    monkeypatch.setattr("monitoring.queueing.queue_runner_check", lambda runner_id: None)


@pytest.fixture
def still_clock(time_machine):
    """The clock stands still from now on: requests a test makes in a row fall in one window of a fixed-window
    rate limit (per minute), however slowly a busy machine runs them."""
    import datetime as dt

    time_machine.move_to(dt.datetime.now(dt.UTC), tick=False)


@pytest.fixture
def signed_in(client, runner, time_machine):
    """The runner's test client, signed in, on Wednesday 11 March 2026 at noon (UTC, and in London)."""
    time_machine.move_to(NOW, tick=False)
    client.force_login(runner)
    return client


@pytest.fixture
def world(runner, other_runner, physio, unlinked_physio, unverified_physio, admin_user):
    """One runner's data in every kind of object a URL can name, and who is who (the access matrix's eight
    roles): the linked physio, a physio whose link was revoked, the other runner and the rest
    (tests.factories.world_build; the access matrix builds the same world once per module)."""
    return world_build(
        runner=runner,
        other_runner=other_runner,
        physio=physio,
        unlinked_physio=unlinked_physio,
        unverified_physio=unverified_physio,
        admin_user=admin_user,
    )


@pytest.fixture(autouse=True)
def _fresh_advice_copy():
    """Each test starts with no advice texts or visitors' pages in memory: a rolled-back test's must not leak."""
    from triage import pagecache
    from triage.advice import forget_cached, forget_failures

    forget_cached()
    forget_failures()
    pagecache.forget()
    yield
    forget_cached()
    forget_failures()
    pagecache.forget()


def load_initial_content() -> None:
    """The data migrations' content (advice texts, plan stages and exercises), as the migrations leave it."""
    from importlib import import_module

    from django.apps import apps
    from django.test import override_settings

    # The migrations write each first version's history row themselves (their models send no signals); the
    # app's models would add a second one through django-simple-history's signals.
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        import_module("triage.migrations.0002_initial_advice_texts").load_texts(apps, None)
        import_module("triage.migrations.0004_advice_texts_v2").load_texts(apps, None)
        import_module("triage.migrations.0005_advice_drafts").drafts_from_published(apps, None)
        import_module("triage.migrations.0006_advice_texts_issue19").load_texts(apps, None)
        # The plan's stages and exercises (a runner's plan needs them; each loader skips what exists).
        import_module("plans.migrations.0002_initial_stages").load_stages(apps, None)
        import_module("plans.migrations.0009_stage_first_versions").published_from_saved(apps, None)
        import_module("plans.migrations.0004_initial_exercises").load_exercises(apps, None)
        import_module("plans.migrations.0007_exercise_drawings").set_drawings(apps, None)


def is_transactional(item) -> bool:
    """Whether pytest-django runs ``item`` as a TransactionTestCase: committed writes, the tables flushed after."""
    marker = item.get_closest_marker("django_db")
    names = set(getattr(item, "fixturenames", ()))
    return bool(marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))) or bool(
        names & {"transactional_db", "live_server", "django_db_reset_sequences"}
    )


@pytest.fixture
def _content_after_flush(request, django_db_blocker):
    """Set up before pytest-django's database helper, so torn down after it: a transactional test's flush
    empties every table, and this puts the data migrations' content back at once. So every test, in whatever
    order a worker runs it (`--dist worksteal` hands a worker tests from another's queue), starts with the
    database as the migrations left it."""
    yield
    if is_transactional(request.node):
        with django_db_blocker.unblock():
            load_initial_content()


@pytest.fixture
def _django_db_helper(_content_after_flush, _django_db_helper):
    """pytest-django's own set-up and tear-down of the test database, with `_content_after_flush` around it."""
    return _django_db_helper


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is the real hasher (asserted in tests/accounts/test_accounts.py); tests hash with MD5 for speed.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _locmem_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request, django_db_modify_db_settings_parallel_suffix):
    """On SQLite, the test database lives in memory unless a test of this session lets another process or
    thread read it (a live server, a Celery worker: the `shared_db` marker); then it is a file, one per xdist
    worker. Creating and flushing a file costs seconds a session and half a second a transactional test.
    TEST_DB_FILE=1 keeps the file (to open it after a run)."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    runs = [item for item in request.session.items if not item.get_closest_marker("skip")]
    in_memory = not any(needs_database_file(item) for item in runs) and os.environ.get("TEST_DB_FILE") != "1"
    if db["ENGINE"].endswith("sqlite3") and in_memory:
        db["TEST"] = {**db.get("TEST", {}), "NAME": ":memory:"}
    elif db["ENGINE"].endswith("sqlite3"):
        # No fsync from the test process: a crash loses only a throwaway database, and the migrations and
        # each transactional test's flush stop waiting on the disk (the worker processes keep the default).
        options = db.setdefault("OPTIONS", {})
        options["init_command"] = options.get("init_command", "") + "PRAGMA synchronous=OFF;"


# --- Redis and Celery ----------------------------------------------------------------------------
@pytest.fixture(autouse=True)
def _tasks_run_in_process():
    """Tasks queued with apply_async/delay (the apps' mail) run in the test's own process, so
    mail.outbox sees them. Tests with a real worker ask for celery_app_for_tests, which turns this off."""
    from config.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture(scope="session")
def redis_url() -> str:
    return os.environ["REDIS_URL"]


@pytest.fixture
def celery_app_for_tests(redis_url):
    """The project's Celery app, pointed at the test Redis (a real broker, never eager mode)."""
    from config.celery import app

    app.conf.update(broker_url=redis_url, result_backend=redis_url, task_always_eager=False)
    return app


IMPORTS_QUEUE = "imports"  # the watch imports' own queue (CELERY_TASK_ROUTES)
IDLE_QUEUE = "tests-idle"  # a queue nobody sends to: the session's worker listens there between tests


@pytest.fixture(scope="session")
def _session_worker(redis_url, django_db_setup, django_db_blocker):
    """One real Celery worker process for the whole session (starting one takes seconds). Between tests it
    consumes only from IDLE_QUEUE, so a task queued by some other test never runs in the middle of another."""
    from config.celery import app

    app.conf.update(broker_url=redis_url, result_backend=redis_url, task_always_eager=False)
    worker = WorkerProcess(app, redis_url, extra_args=("--queues", IDLE_QUEUE)).start()
    yield worker
    worker.stop()


@pytest.fixture
def real_worker(_session_worker, celery_app_for_tests, transactional_db):
    """A real Celery worker process consuming from the test Redis and writing to the test database.

    A separate process, not celery.contrib.testing's worker thread: in a thread the worker can end up
    sharing the test's database connection (seen on PostgreSQL after Playwright tests), which is not
    what production does. The fault tests start (and kill) workers of their own.
    """
    app, worker = celery_app_for_tests, _session_worker
    assert worker.process.poll() is None, "the session's Celery worker has died"
    queues = (app.conf.task_default_queue, IMPORTS_QUEUE)  # what production's workers consume (Procfile)
    # Start from empty queues: a task left over by an earlier test must not run now.
    app.control.purge()
    for queue in queues:
        app.control.add_consumer(queue, destination=[worker.hostname], reply=True)
    yield worker
    for queue in queues:
        app.control.cancel_consumer(queue, destination=[worker.hostname], reply=True)


# --- browser -------------------------------------------------------------------------------------
# Playwright's expect() retries until its assertion holds; it gives up after PAGE_TIMEOUT_MS, not its 5 s.
expect.set_options(timeout=PAGE_TIMEOUT_MS)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def phone(browser, live_server):
    """A phone-sized page (iPhone 13 proportions) with live_server's address as base URL."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, base_url=live_server.url
    )
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    page.live_server_url = live_server.url  # where tests.utils.login puts a saved sign-in
    yield page
    context.close()


@pytest.fixture
def axe_page(browser, live_server):
    """A phone-sized page for the accessibility scans: axe is injected as a script tag, which the app's CSP
    (rightly) forbids, so this context bypasses CSP."""
    context = browser.new_context(base_url=live_server.url, bypass_csp=True, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    page.live_server_url = live_server.url  # where tests.utils.login puts a saved sign-in
    yield page
    context.close()


@pytest.fixture
def desk(browser, live_server):
    """A desktop-sized page, for physios and admins."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    page.live_server_url = live_server.url  # where tests.utils.login puts a saved sign-in
    yield page
    context.close()


# Fixtures through which another process or thread reads the test database: it must be a file then.
SHARED_DB_FIXTURES = {"live_server", "real_worker", "_session_worker"}
DB_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"}


def uses_database(item) -> bool:
    return item.get_closest_marker("django_db") is not None or bool(
        DB_FIXTURES & set(getattr(item, "fixturenames", ()))
    )


def needs_database_file(item) -> bool:
    """A live server or a Celery worker reads the test database, or an integration test that uses it starts
    processes that do (the fault tests' own workers). The deploy rehearsal and the other integration tests
    with servers and databases of their own do not need it."""
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(fixtures & SHARED_DB_FIXTURES) or (
        item.get_closest_marker("integration") is not None and uses_database(item)
    )


@pytest.hookimpl(tryfirst=True)  # before `-m` selects by the markers added here
def pytest_collection_modifyitems(config, items):
    config.stash[COLLECTED] = list(items)  # every test collected, before `-m` deselects (test_suite_hygiene)
    # Every Playwright fixture (page, context, phone, desk, axe_page...) stands on pytest-playwright's `browser`:
    # a test whose fixture closure holds it is a browser test, marked here so that none can be missed.
    browser_items = [item for item in items if "browser" in getattr(item, "fixturenames", ())]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
    for item in items:
        if uses_database(item):
            item.add_marker(pytest.mark.database)
        if needs_database_file(item):
            item.add_marker(pytest.mark.shared_db)
    if SKIP_BROWSER:
        skip = pytest.mark.skip(reason="SKIP_BROWSER=1 was set explicitly")
        for item in browser_items:
            item.add_marker(skip)
    elif browser_items and not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        pytest.exit(
            f"No Chromium at {CHROMIUM}: run `make browser`, or set SKIP_BROWSER=1 to skip browser tests", returncode=3
        )
