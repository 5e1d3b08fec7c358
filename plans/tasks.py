"""Celery tasks: thin wrappers around plans.report (ids in, re-read from the database).

WeasyPrint is imported here, at the top: a worker loads this module as it starts, before it forks its
processes, so no warm-up pays the library's load (about 0.3 s of CPU) when a physio is waiting. The web
process never imports this module (it queues the task by name), so it does not load WeasyPrint until a
PDF is actually asked for there.
"""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task

from monitoring.tasks import TRANSIENT
from plans import report


def load_weasyprint() -> bool:
    """Loads WeasyPrint (once per worker, before it forks: see above). Without the PDF libraries the worker
    still starts, since mail, scans and imports run on it too; only a warm-up then fails."""
    try:
        import weasyprint  # noqa: F401
    except Exception:
        logging.getLogger(__name__).warning("WeasyPrint could not start; PDF warm-ups will fail", exc_info=True)
        return False
    return True


load_weasyprint()


@shared_task(
    name=report.REPORT_WARM_TASK,
    time_limit=report.REPORT_WARM_SECONDS,
    soft_time_limit=report.REPORT_WARM_SECONDS - 10,
    acks_late=True,
    autoretry_for=TRANSIENT,
    retry_backoff=2,
    retry_jitter=True,
    max_retries=2,  # a warm-up is worth a few seconds' retries, not minutes': the download makes it anyway
    ignore_result=True,
)
def report_warm(runner_id: int, author_id: int, start: str, end: str) -> bool:
    """The PDF a physio is about to download, made and kept before the click (plans.report.report_warm)."""
    return report.report_warm(
        runner_id=runner_id, author_id=author_id, start=dt.date.fromisoformat(start), end=dt.date.fromisoformat(end)
    )
