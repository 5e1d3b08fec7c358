"""The audit trail's one writer: every row that says who looked at or changed whose data comes from here.

A row holds who, whose data, what and when; never any journal content. Rows are append-only
(``AuditEvent`` refuses changes and deletes). The clinic, plans and the admin call these functions
instead of creating ``AuditEvent`` rows themselves.
"""

from __future__ import annotations

from django.db import connection
from django.utils import timezone

from accounts.models import AuditAction, AuditEvent, User

AUDIT_INSERT_ROWS = 1000  # clients per INSERT: far below every database's limit on parameters


def audit_record(*, actor: User, runner: User, action: str) -> AuditEvent:
    """Appends one audit row: who, whose data, what, when. Never any journal content."""
    return AuditEvent.objects.create(actor=actor, actor_email=actor.email, runner=runner, action=action)


def audit_caseload(*, actor: User, runner_ids: list[int]) -> int:
    """One audit row per client whose summary (pain, flags, last entry) the caseload showed: one INSERT for
    up to AUDIT_INSERT_ROWS clients (so a constant number per page). Returns how many rows."""
    meta, qn = AuditEvent._meta, connection.ops.quote_name
    columns = ", ".join(qn(meta.get_field(name).column) for name in ("actor", "actor_email", "runner", "action", "at"))
    at = connection.ops.adapt_datetimefield_value(timezone.now())
    written = 0
    with connection.cursor() as cursor:
        for start in range(0, len(runner_ids), AUDIT_INSERT_ROWS):
            chunk = runner_ids[start : start + AUDIT_INSERT_ROWS]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                # Table and column names come from the models' _meta, every value is a parameter.
                f"INSERT INTO {qn(meta.db_table)} ({columns}) "  # noqa: S608
                f"SELECT %s, %s, {qn('id')}, %s, %s FROM {qn(User._meta.db_table)} WHERE {qn('id')} IN ({marks})",
                [actor.pk, actor.email, AuditAction.CASELOAD.value, at, *chunk],
            )
            written += cursor.rowcount
    return written
