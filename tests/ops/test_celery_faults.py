"""Celery under faults: a worker killed with SIGKILL mid-scan, and two beats started by mistake."""

from __future__ import annotations

import datetime as dt
import signal
import subprocess
import sys
from contextlib import contextmanager

import pytest
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from accounts.models import Role, User
from journal.models import Entry
from monitoring.models import Flag, ScanNight
from tests.utils import ROOT, WorkerProcess, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def seed_runners_with_night_pain(count: int) -> None:
    """Each runner logs night pain on the last three nights: exactly one night_pain flag each."""
    users = User.objects.bulk_create(
        User(email=f"fault{i}@example.com", role=Role.RUNNER, password="!", time_zone="UTC") for i in range(count)
    )
    today = timezone.now().date()
    Entry.objects.bulk_create(
        Entry(runner=user, day=today - dt.timedelta(days=d), pain=4, symptoms=["night_pain"])
        for user in users
        for d in (1, 2, 3)
    )


def assert_one_flag_per_runner(count: int) -> None:
    per_runner = Flag.objects.filter(kind="night_pain").values("runner").annotate(n=Count("id"))
    assert len(per_runner) == count, "a flag is missing"
    assert {row["n"] for row in per_runner} == {1}, "a flag was duplicated"


@contextmanager
def database_writes_held():
    """Holds the write lock the scan's batches need, so a worker's next batch stops inside its task:
    SQLite's BEGIN IMMEDIATE (every atomic block on this project's SQLite settings), or on PostgreSQL an
    EXCLUSIVE lock on the flag table (reads go on, the batch's flag insert waits)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("LOCK TABLE monitoring_flag IN EXCLUSIVE MODE")
        yield


def running_batch(app, hostname: str) -> str | None:
    """The id of the scan_batch task the worker is executing right now, as the worker itself reports it."""
    replies = app.control.inspect(destination=[hostname], timeout=1).active() or {}
    for task in replies.get(hostname, []):
        if task["name"] == "monitoring.scan_batch":
            return task["id"]
    return None


def unacknowledged_batches(redis_url: str) -> set[str]:
    """Ids of scan_batch messages a worker took and never acknowledged (kombu's Redis "unacked" hash)."""
    import json

    import redis

    ids = set()
    for raw in redis.Redis.from_url(redis_url).hvals("unacked"):
        headers = json.loads(raw)[0].get("headers") or {}
        if headers.get("task") == "monitoring.scan_batch":
            ids.add(headers["id"])
    return ids


def requeued_batches(redis_url: str) -> set[str]:
    """Ids of scan_batch messages waiting in the queue (a restored unacknowledged one comes back here)."""
    import json

    import redis

    ids = set()
    for raw in redis.Redis.from_url(redis_url).lrange("celery", 0, -1):
        headers = json.loads(raw).get("headers") or {}
        if headers.get("task") == "monitoring.scan_batch":
            ids.add(headers["id"])
    return ids


def all_batches_finished(app, redis_url: str, hostname: str) -> bool:
    """No scan_batch is queued or unacknowledged in Redis, and the worker holds none (running or prefetched),
    so none is in flight between the two."""
    if unacknowledged_batches(redis_url) or requeued_batches(redis_url):
        return False
    inspect = app.control.inspect(destination=[hostname], timeout=1)
    held = (inspect.active() or {}).get(hostname), (inspect.reserved() or {}).get(hostname)
    return held == ([], []) and not unacknowledged_batches(redis_url) and not requeued_batches(redis_url)


def test_a_worker_killed_mid_scan_is_replaced_and_the_scan_completes_exactly_once(
    celery_app_for_tests, redis_url, settings
):
    runners = 1500
    seed_runners_with_night_pain(runners)
    celery_app_for_tests.control.purge()
    # Small batches, and a short visibility timeout so the killed worker's unacknowledged batch comes back soon.
    # The replacement worker sweeps for them every second (production: every 100 s, after an hour).
    extra_env = {
        "MONITORING_BATCH_SIZE": "25",
        "CELERY_VISIBILITY_TIMEOUT": "5",
        "CELERY_UNACKED_RESTORE_INTERVAL": "1",
        "CELERY_UNACKED_RESTORE_THROTTLE": "1",
    }
    # A thread pool of one, so the worker answers "what are you running?" while its batch waits for the lock.
    first = WorkerProcess(celery_app_for_tests, redis_url, extra_args=("--pool", "threads", "--concurrency", "1"))
    first.env.update(extra_env)
    first.start()
    try:
        celery_app_for_tests.send_task("monitoring.nightly_scan", ignore_result=True)
        assert wait_for(lambda: Flag.objects.filter(kind="night_pain").exists(), timeout=60)
        # While the lock is held, every batch waits at its next write, so the scan cannot move on.
        with database_writes_held():
            seen: list[str | None] = []
            assert wait_for(lambda: seen.append(running_batch(celery_app_for_tests, first.hostname)) or seen[-1])
            done_before_kill = Flag.objects.filter(kind="night_pain").count()
            first.stop(signal.SIGKILL)  # no warm shutdown: the batch it holds is never acknowledged
            # Proof it was mid-scan: the worker reported a scan_batch running (``seen``), and it died holding
            # batches it had taken and never acknowledged: still in the "unacked" hash, or (when the 5 s
            # visibility timeout passed while the lock was held) already restored to the queue.
            held = seen[-1]
            not_finished = unacknowledged_batches(redis_url) | requeued_batches(redis_url)
    finally:
        first.stop()
    assert 0 < done_before_kill < runners
    assert held, "the worker reported no scan_batch running"
    assert not_finished, "the worker held no unfinished scan_batch when it was killed"

    second = WorkerProcess(celery_app_for_tests, redis_url)
    second.env.update(extra_env)
    second.start()
    try:
        assert wait_for(lambda: Flag.objects.filter(kind="night_pain").count() >= runners, timeout=180)
        # The killed worker's batches were delivered again and finished: nothing stays unacknowledged or
        # queued. Waited for with the worker still running: with a 5 s visibility timeout, batches this
        # worker prefetched can be restored and delivered twice, and the spare copy may still be in hand
        # when the last flag is written (the flags below prove a second run writes nothing).
        assert wait_for(lambda: all_batches_finished(celery_app_for_tests, redis_url, second.hostname), timeout=60), (
            f"still unacknowledged: {unacknowledged_batches(redis_url)}, queued: {requeued_batches(redis_url)}"
        )
    finally:
        second.stop()
    assert_one_flag_per_runner(runners)
    assert ScanNight.objects.count() == 1


def sends(tmp_path) -> list[int]:
    """How many times each beat has sent the nightly scan so far (from its log)."""
    return [(tmp_path / f"beat{n}.log").read_text().count("monitoring-nightly-scan") for n in (1, 2)]


def queue_drained(app, redis_url: str, hostname: str) -> bool:
    """No message waits in the default queue and the worker runs nothing."""
    import redis

    waiting = redis.Redis.from_url(redis_url).llen("celery")
    running = (app.control.inspect(destination=[hostname], timeout=1).active() or {}).get(hostname)
    return waiting == 0 and running == []


def test_two_beats_started_by_mistake_still_run_one_scan_a_night(celery_app_for_tests, redis_url, tmp_path):
    runners = 60
    seed_runners_with_night_pain(runners)
    celery_app_for_tests.control.purge()
    worker = WorkerProcess(celery_app_for_tests, redis_url)
    worker.env["MONITORING_BATCH_SIZE"] = "10"
    worker.start()
    # Both beats fire the "nightly" scan every 2 seconds, so each sends it several times.
    env = {**worker.env, "DJANGO_SETTINGS_MODULE": "tests.process_settings", "MONITORING_SCAN_EVERY_SECONDS": "2"}
    beats = []
    try:
        for n in (1, 2):
            with open(tmp_path / f"beat{n}.log", "w") as log:
                beats.append(
                    subprocess.Popen(
                        [
                            sys.executable,
                            "-m",
                            "celery",
                            "-A",
                            "config",
                            "beat",
                            "--loglevel",
                            "INFO",
                            "--schedule",
                            str(tmp_path / f"beat{n}"),
                        ],
                        cwd=ROOT,
                        env=env,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                    )
                )
        assert wait_for(lambda: Flag.objects.filter(kind="night_pain").count() >= runners, timeout=60)
        # Both beats go on firing: wait until each has sent the scan twice more after the flags were all
        # open, and until the worker has taken every message (each later send finds tonight claimed).
        done = sends(tmp_path)
        assert wait_for(
            lambda: all(now >= then + 2 for now, then in zip(sends(tmp_path), done, strict=False)), timeout=30
        )
        assert wait_for(lambda: queue_drained(celery_app_for_tests, redis_url, worker.hostname), timeout=30)
    finally:
        for beat in beats:
            beat.terminate()
            beat.wait(timeout=20)
        worker.stop()
    claims = list(ScanNight.objects.all())
    assert len(claims) == 1
    assert claims[0].batches == 6  # 60 runners in batches of 10, queued once
    assert_one_flag_per_runner(runners)
