"""Celery tasks of the journal: thin wrappers around journal/importing/jobs.py."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from journal.importing.jobs import import_job_run


@shared_task(
    name="journal.run_import",
    time_limit=settings.IMPORT_TASK_TIME_LIMIT,
    soft_time_limit=max(1, settings.IMPORT_TASK_TIME_LIMIT - 10),
)
def run_import(job_id: int) -> None:
    """Reads one chunk of an import job, then queues the next (each file has its own CPU budget)."""
    import_job_run(job_id=job_id)
