"""Monitoring reads for pages and commands (no writes)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.conf import settings
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils import timezone

from accounts.access import linked_physios
from accounts.models import Role, User
from core.notes import Audience, NoteKind, readable

from .models import SEVERITY_RANK, CheckIn, Flag, FlagStatus
from .thresholds import Thresholds

PENDING_CHECKIN_DAYS = 7  # unanswered check-ins older than this drop off the dashboard

_severity_order = Case(
    *[When(severity=severity, then=Value(rank)) for severity, rank in SEVERITY_RANK.items()],
    output_field=IntegerField(),
)


def thresholds_from_settings() -> Thresholds:
    """The operator's thresholds (``MONITORING_THRESHOLDS``, built from the environment in settings)."""
    return getattr(settings, "MONITORING_THRESHOLDS", None) or Thresholds()


def monitored_runners() -> QuerySet[User]:
    """Every account the scan looks at: active runners (not physios, not staff)."""
    return User.objects.filter(is_active=True, role=Role.RUNNER, is_staff=False)


def open_flags_for(runner: User) -> QuerySet[Flag]:
    """The runner's open flags, most serious first, newest first within a severity."""
    return Flag.objects.filter(runner=runner, status=FlagStatus.OPEN).order_by(_severity_order, "-opened_at")


def closed_flags_for(runner: User, *, limit: int = 20) -> QuerySet[Flag]:
    return Flag.objects.filter(runner=runner).exclude(status=FlagStatus.OPEN).order_by("-updated_at")[:limit]


def pending_checkins_for(runner: User, *, now: dt.datetime | None = None) -> QuerySet[CheckIn]:
    """Due, unanswered check-ins from the last week."""
    now = now or timezone.now()
    return CheckIn.objects.filter(
        runner=runner,
        answered_at=None,
        due_at__lte=now,
        due_at__gte=now - dt.timedelta(days=PENDING_CHECKIN_DAYS),
    ).order_by("-due_at")


def runner_may_record_assessment(runner: User) -> bool:
    """A runner closes an urgent flag themselves ("I have been assessed") only when no physio is linked."""
    return not linked_physios(runner).exists()


def open_flags(*, runner_email: str | None = None) -> QuerySet[Flag]:
    """Every open flag (one runner's, with ``runner_email``), for ``manage.py scan_flags``."""
    flags = Flag.objects.filter(status=FlagStatus.OPEN).select_related("runner")
    if runner_email:
        flags = flags.filter(runner__email__iexact=runner_email)
    return flags.order_by("runner__email", _severity_order, "kind")


def flag_as_json(flag: Flag) -> dict:
    return {
        "runner": flag.runner.email,
        "kind": flag.kind,
        "severity": flag.severity,
        "status": flag.status,
        "opened": flag.opened_at.isoformat(),
        "evidence": flag.evidence,
    }


# A history event's action and the kind of note it carries (core.notes decides who reads which).
HISTORY_NOTE_KINDS = {
    "acknowledged": NoteKind.FLAG_ACKNOWLEDGE,
    "resolved": NoteKind.FLAG_CLOSE,
    "dismissed": NoteKind.FLAG_CLOSE,
    "assessed": NoteKind.FLAG_CLOSE,
}


def flag_history_for(history: list, *, audience: str) -> list:
    """The flag's history with each note kept only where ``audience`` may read it (core.notes)."""
    return [
        {
            **event,
            "note": readable(
                event.get("note", ""), kind=HISTORY_NOTE_KINDS.get(event.get("action"), ""), audience=audience
            ),
        }
        for event in history or []
    ]


def flags_for_runner_export(runner: User) -> Iterator[dict]:
    """The runner's flags for their own data export (journal.json), notes as core.notes lets a runner read them."""
    rows = Flag.objects.filter(runner=runner).order_by("opened_at").values(
        "kind", "severity", "status", "opened_at", "evidence", "acknowledged_at", "resolved_at",
        "close_reason", "assessed_on", "resolve_note", "history",
    )  # fmt: skip
    for row in rows.iterator(chunk_size=500):
        yield {
            **row,
            "resolve_note": readable(row["resolve_note"], kind=NoteKind.FLAG_CLOSE, audience=Audience.RUNNER),
            "history": flag_history_for(row["history"], audience=Audience.RUNNER),
        }
