"""Celery under faults: a worker killed with SIGKILL mid-scan, and two beats started by mistake."""

from __future__ import annotations

import datetime as dt
import signal
import subprocess
import sys

import pytest
from django.db.models import Count
from django.utils import timezone

from accounts.models import Role, User
from journal.models import Entry
from monitoring.models import Flag, ScanNight
from tests.conftest import ROOT, WorkerProcess
from tests.utils import wait_for

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
    first = WorkerProcess(celery_app_for_tests, redis_url)
    first.env.update(extra_env)
    first.start()
    try:
        celery_app_for_tests.send_task("monitoring.nightly_scan", ignore_result=True)
        assert wait_for(lambda: Flag.objects.filter(kind="night_pain").exists(), timeout=60)
        done_before_kill = Flag.objects.filter(kind="night_pain").count()
        first.stop(signal.SIGKILL)  # mid-scan: no warm shutdown, its current batch is never acknowledged
    finally:
        first.stop()
    assert done_before_kill < runners, "the scan finished before the kill; raise the runner count"

    second = WorkerProcess(celery_app_for_tests, redis_url)
    second.env.update(extra_env)
    second.start()
    try:
        assert wait_for(lambda: Flag.objects.filter(kind="night_pain").count() >= runners, timeout=180)
    finally:
        second.stop()
    assert_one_flag_per_runner(runners)
    assert ScanNight.objects.count() == 1


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
        # Let both beats fire a few more times: every later send finds tonight already claimed.
        wait_for(lambda: False, timeout=8)
    finally:
        for beat in beats:
            beat.terminate()
            beat.wait(timeout=20)
        worker.stop()
    sends = [(tmp_path / f"beat{n}.log").read_text().count("monitoring-nightly-scan") for n in (1, 2)]
    assert min(sends) >= 2, f"each beat should have sent the scan several times: {sends}"
    claims = list(ScanNight.objects.all())
    assert len(claims) == 1
    assert claims[0].batches == 6  # 60 runners in batches of 10, queued once
    assert_one_flag_per_runner(runners)
