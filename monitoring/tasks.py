"""Celery tasks: thin wrappers around monitoring.scan, monitoring.checkins and monitoring.reminders (ids in, re-read from the database).

Each task is idempotent (a second run finds the same flags open and opens nothing), acknowledged
late, retried with backoff when the database or the broker blinks, and time-limited.
"""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from . import checkins, reminders, scan

logger = logging.getLogger(__name__)

TRANSIENT = (OperationalError, InterfaceError, KombuOperationalError, RedisConnectionError, RedisTimeoutError)
COMMON = {
    "acks_late": True,
    "autoretry_for": TRANSIENT,
    "retry_backoff": 5,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 8,
    "ignore_result": True,
}


@shared_task(name="monitoring.check_runner", time_limit=60, soft_time_limit=50, **COMMON)
def check_runner(runner_id: int) -> int:
    """One runner, right after they saved an entry, a session or a check-in answer."""
    return scan.scan_batch(runner_ids=[runner_id]).opened


@shared_task(name="monitoring.scan_batch", time_limit=300, soft_time_limit=270, **COMMON)
def scan_batch(runner_ids: list[int]) -> int:
    """One page of the nightly scan."""
    return scan.scan_batch(runner_ids=runner_ids).opened


NIGHTLY_TIME_LIMIT = 300


@shared_task(name="monitoring.nightly_scan", time_limit=NIGHTLY_TIME_LIMIT, soft_time_limit=270, **COMMON)
def nightly_scan() -> int:
    """Pages through every active runner and queues one scan_batch task per page, once per night.

    The night is claimed in the database first: a second beat (started by mistake) queues nothing.
    """
    claim = scan.scan_night_claim(now=timezone.now(), stale_after=dt.timedelta(seconds=NIGHTLY_TIME_LIMIT))
    if claim is None:
        logger.info("Tonight's scan is already claimed; nothing queued")
        return 0
    pages = 0
    for page in scan.runner_id_pages(batch_size=settings.MONITORING_BATCH_SIZE):
        scan_batch.delay(page)
        pages += 1
    scan.scan_night_queued(claim=claim, batches=pages)
    return pages


@shared_task(name="monitoring.send_due_checkins", time_limit=300, soft_time_limit=270, **COMMON)
def send_due_checkins() -> int:
    return checkins.checkins_send_due()


@shared_task(name="monitoring.send_daily_reminders", time_limit=300, soft_time_limit=270, **COMMON)
def send_daily_reminders() -> int:
    return reminders.reminders_send_due()
