"""Through real Redis and a real Celery worker process: the on-save check, and surviving a Redis outage."""

from __future__ import annotations

import time

import pytest
from django.db import transaction
from django.urls import reverse

from journal.models import Entry
from monitoring.models import CheckIn, Flag
from monitoring.queueing import queue_runner_check
from scripts.localredis import LocalRedis
from tests.factories import TrainingSessionFactory
from tests.utils import WorkerProcess, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def log_entry_and_queue_check(runner, **fields) -> float:
    """What the journal's entry service does: save, and queue the check after commit. Returns seconds taken."""
    started = time.monotonic()
    with transaction.atomic():
        Entry.objects.create(runner=runner, day=runner.local_today(), **fields)
        queue_runner_check(runner.id)
    return time.monotonic() - started


def test_saving_an_entry_gets_a_flag_opened_by_the_real_worker(real_worker, runner):
    log_entry_and_queue_check(runner, pain=6, symptoms=["leg_pain"])
    assert wait_for(lambda: Flag.objects.filter(runner=runner, kind="leg_symptoms", status="open").exists())
    assert wait_for(lambda: Flag.objects.filter(runner=runner, notified_at__isnull=False).exists())


def _use_broker(app, settings, url: str) -> None:
    settings.CELERY_BROKER_URL = url
    app.conf.update(broker_url=url, result_backend=url)
    # Forget pooled connections to the previous broker (the app, its producers and the control mailbox).
    app._pool = None
    app.amqp._producer_pool = None
    app.control.mailbox._producer_pool = None


def test_with_redis_down_saves_succeed_quickly_and_the_nightly_scan_catches_up(
    celery_app_for_tests, settings, runner, redis_url, client
):
    app = celery_app_for_tests
    redis = LocalRedis().start()
    port = redis.port
    worker = None
    try:
        _use_broker(app, settings, redis.url)
        session = TrainingSessionFactory(runner=runner, day=runner.local_today())
        checkin = CheckIn.objects.create(runner=runner, session=session, run_day=session.day, due_at=session.created_at)
        redis.stop()

        # An entry saved the way the journal's service saves it: no error, and no long wait for the broker.
        elapsed = log_entry_and_queue_check(runner, pain=7, symptoms=["leg_neuro"])
        assert Entry.objects.filter(runner=runner).count() == 1
        assert elapsed < 2.0, f"the save waited {elapsed:.2f} s for a dead broker"

        # Through a view as well: the runner sees the normal redirect and message, not an error.
        client.force_login(runner)
        started = time.monotonic()
        response = client.post(reverse("monitoring:checkin_answer", args=[checkin.pk]), {"settled": "no"})
        assert response.status_code == 302
        assert time.monotonic() - started < 2.0
        assert not Flag.objects.filter(runner=runner).exists()  # no check could run

        # Redis comes back on the same port; the nightly scan runs on a real worker and opens the flags.
        redis = LocalRedis(port=port).start()
        _use_broker(app, settings, redis.url)
        worker = WorkerProcess(app, redis.url).start()
        app.send_task("monitoring.nightly_scan")
        assert wait_for(
            lambda: set(Flag.objects.filter(runner=runner).values_list("kind", flat=True))
            == {"leg_symptoms", "not_settling_24h"},
            timeout=30,
        )
    finally:
        if worker:
            worker.stop()
        redis.stop()
        _use_broker(app, settings, redis_url)
