"""Queue a monitoring check for a runner once the current transaction commits.

Sending to the broker must never break a save: if Redis is down, the error is logged and the
nightly scan catches the runner up.
"""

from __future__ import annotations

import logging

from celery import current_app
from django.db import transaction

logger = logging.getLogger(__name__)

CHECK_RUNNER_TASK = "monitoring.check_runner"


def _send(runner_id: int) -> None:
    try:
        # ignore_result: nobody waits for the answer, and subscribing to the result backend would
        # retry for ~20 s when Redis is down (the broker itself gives up within a second).
        current_app.send_task(CHECK_RUNNER_TASK, args=[runner_id], ignore_result=True)
    except Exception:
        logger.warning("Could not queue a monitoring check for runner %s; the nightly scan will catch up", runner_id)


def queue_runner_check(runner_id: int) -> None:
    """Call inside the transaction that changed the runner's entries or sessions."""
    transaction.on_commit(lambda: _send(runner_id))
