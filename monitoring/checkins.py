"""24-hour check-ins: when one is due, creating them for the scan, the runner's answer, and their mail."""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo
from collections.abc import Sequence

from django.db import connection, transaction
from django.utils import timezone

from monitoring import emails

from .models import CheckIn
from .queueing import queue_runner_check

logger = logging.getLogger(__name__)

CHECKIN_CREATE_DAYS = 2  # runs from the last two local days get a check-in if they have none
CHECKIN_EMAIL_STALE = dt.timedelta(days=2)  # a check-in email older than this is no longer sent
CHECKIN_INSERT_CHUNK = 500  # rows per INSERT statement (5 parameters each: well under SQLite's limit)


def checkin_due(
    *, started_at: dt.datetime | None, run_day: dt.date, zone: zoneinfo.ZoneInfo, hours: int
) -> dt.datetime:
    """Due ``hours`` (24) after the run's start; with no start time, at the end of the run's local day."""
    if started_at is not None:
        return started_at + dt.timedelta(hours=hours)
    return dt.datetime.combine(run_day + dt.timedelta(days=1), dt.time(0), tzinfo=zone)


def checkins_insert(rows: Sequence[tuple], *, now: dt.datetime) -> int:
    """Inserts (session id, runner id, run day, due at) check-ins, skipping sessions that already have one.

    Returns how many rows this call really inserted: ``INSERT ... ON CONFLICT DO NOTHING RETURNING id``
    (SQLite 3.35+ and PostgreSQL) names exactly our new rows, so a check-in another scan inserted first
    is not counted (``bulk_create(ignore_conflicts=True)`` cannot say which rows it skipped).
    """
    ops = connection.ops
    quote = ops.quote_name
    table = quote(CheckIn._meta.db_table)
    columns = ", ".join(quote(c) for c in ("session_id", "runner_id", "run_day", "due_at", "created_at"))
    created = 0
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHECKIN_INSERT_CHUNK):
            chunk = rows[start : start + CHECKIN_INSERT_CHUNK]
            values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(chunk))
            params: list = []
            for sid, rid, day, due in chunk:
                params += [
                    sid, rid, ops.adapt_datefield_value(day), ops.adapt_datetimefield_value(due),
                    ops.adapt_datetimefield_value(now),
                ]  # fmt: skip
            sql = (
                f"INSERT INTO {table} ({columns}) VALUES {values} "  # noqa: S608 - names from the model, values as parameters
                f"ON CONFLICT ({quote('session_id')}) DO NOTHING RETURNING {quote('id')}"
            )
            cursor.execute(sql, params)
            created += len(cursor.fetchall())
    return created


@transaction.atomic
def checkin_answer(*, checkin: CheckIn, settled: bool) -> CheckIn:
    """Records whether the pain settled after the run, and re-checks the runner after commit."""
    checkin.settled = settled
    checkin.answered_at = timezone.now()
    checkin.save(update_fields=["settled", "answered_at"])
    queue_runner_check(checkin.runner_id)
    return checkin


def checkins_send_due(*, now: dt.datetime | None = None) -> int:
    """Emails each due, unanswered check-in once, to runners who opted in."""
    now = now or timezone.now()
    due = CheckIn.objects.filter(
        due_at__lte=now,
        due_at__gte=now - CHECKIN_EMAIL_STALE,
        emailed_at=None,
        answered_at=None,
        runner__email_checkins=True,
        runner__is_active=True,
    ).select_related("runner")
    sent = 0
    for checkin in due:
        try:
            with transaction.atomic():
                if CheckIn.objects.filter(pk=checkin.pk, emailed_at=None).update(emailed_at=now):
                    emails.send_checkin(checkin)
                    sent += 1
        except Exception:
            logger.exception("Could not send check-in %s; the next run will try again", checkin.pk)
    return sent
