"""The flag state machine: every change of a flag's status or evidence, each with its history event.

The scan opens flags, brings their evidence up to date, announces them again when their signs got worse
and closes review and advice flags it no longer sees; people acknowledge, resolve, dismiss and record an
assessment. Each move out of a status is a conditional update (``status`` in the allowed ones), so a
person's decision is never overwritten and two people acting at once cannot lose an event. A flag a
person closed is never reopened: new evidence opens a new one (``monitoring.scan``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User

from .models import NO_LONGER_SEEN_NOTE, WORSE_ACTION, CloseReason, Flag, FlagStatus, Severity
from .selectors import runner_may_record_assessment

WORSE_NOTE = "New warning signs logged while the flag was open; the runner and their physio were told again."


def history_with(
    flag_history: list | None,
    *,
    at: dt.datetime,
    action: str,
    by: User | None,
    note: str = "",
    on: dt.date | None = None,
) -> list:
    """The flag's history with one more event (plain JSON: who, when, what, their note)."""
    event = {"at": at.isoformat(), "action": action, "by": by.name if by else "", "note": note}
    if on is not None:
        event["on"] = on.isoformat()
    return [*(flag_history or []), event]  # fmt: skip


# --- the scan's moves ----------------------------------------------------------------------------------
def flags_open(*, new_flags: Sequence[Flag], runner_ids: Sequence[int]) -> int:
    """Inserts new open flags, skipping any the one-open-flag-per-kind constraint refuses (a concurrent
    scan opened it first); returns how many really opened."""
    open_flags = Flag.objects.filter(runner_id__in=list(runner_ids), status=FlagStatus.OPEN)
    before = open_flags.count()
    Flag.objects.bulk_create(new_flags, ignore_conflicts=True)
    return open_flags.count() - before


def flags_update_evidence(changed: Sequence[Flag]) -> int:
    """Open flags whose figures changed (``Flag(pk=..., evidence=..., updated_at=...)``), in one bulk update."""
    return Flag.objects.bulk_update(changed, ["evidence", "updated_at"]) if changed else 0


def flag_announce_worse(*, pk: int, evidence: dict, history: list, now: dt.datetime) -> int:
    """An open warning-sign flag's signs got worse: new evidence, a ``worse`` event, and its mail un-claimed
    (``notified_at`` emptied) so the usual path (``monitoring.notifications``) announces it again."""
    return Flag.objects.filter(pk=pk, status=FlagStatus.OPEN).update(
        evidence=evidence,
        notified_at=None,
        history=history_with(history, at=now, action=WORSE_ACTION, by=None, note=WORSE_NOTE),
        updated_at=now,
    )


def flag_close_no_longer_seen(*, pk: int, history: list, now: dt.datetime) -> int:
    """A review or advice flag whose condition the scan no longer finds closes itself (if still open)."""
    return Flag.objects.filter(pk=pk, status=FlagStatus.OPEN).update(
        status=FlagStatus.RESOLVED,
        resolved_at=now,
        resolve_note=NO_LONGER_SEEN_NOTE,
        close_reason=CloseReason.NO_LONGER_SEEN,
        history=history_with(history, at=now, action="closed", by=None, note=NO_LONGER_SEEN_NOTE),
        updated_at=now,
    )


# --- people's moves ------------------------------------------------------------------------------------
def _transition(
    *,
    flag: Flag,
    allowed: Sequence[str],
    extra: Q | None = None,
    action: str,
    by: User,
    note: str,
    on: dt.date | None = None,
    **changes,
) -> bool:
    """Moves one flag out of one of the ``allowed`` statuses with a conditional update, adding a history event.

    The row is locked first (``select_for_update``), so two people acting at once cannot lose an event.
    """
    now = timezone.now()
    rows = Flag.objects.select_for_update().filter(pk=flag.pk, status__in=list(allowed))
    if extra is not None:
        rows = rows.filter(extra)
    current = rows.values_list("history", flat=True).first()
    if current is None:
        return False  # not this status (or not this runner's) any more
    history = history_with(current, at=now, action=action, by=by, note=note, on=on)
    return bool(rows.update(history=history, updated_at=now, **changes))


@transaction.atomic
def flag_acknowledge(*, flag: Flag, runner_id: int, by: User, note: str) -> Flag:
    """A clinician has seen an open flag and is handling it. ValidationError if it is no longer open."""
    now = timezone.now()
    note = note.strip()
    done = _transition(
        flag=flag, allowed=[FlagStatus.OPEN], extra=Q(runner_id=runner_id), action="acknowledged", by=by, note=note,
        status=FlagStatus.ACKNOWLEDGED, acknowledged_by=by, acknowledged_at=now, acknowledge_note=note,
        close_reason=CloseReason.CLINICIAN,
    )  # fmt: skip
    if not done:
        raise ValidationError({"note": "This flag is no longer open, so it cannot be acknowledged."})
    return Flag.objects.get(pk=flag.pk)


@transaction.atomic
def flag_resolve(*, flag: Flag, runner_id: int, by: User, note: str) -> Flag:
    """A clinician has dealt with an open or acknowledged flag. ValidationError if already closed."""
    now = timezone.now()
    note = note.strip()
    done = _transition(
        flag=flag, allowed=[FlagStatus.OPEN, FlagStatus.ACKNOWLEDGED], extra=Q(runner_id=runner_id),
        action="resolved", by=by, note=note,
        status=FlagStatus.RESOLVED, resolved_by=by, resolved_at=now, resolve_note=note,
        close_reason=CloseReason.CLINICIAN,
    )  # fmt: skip
    if not done:
        raise ValidationError({"note": "This flag is already resolved."})
    return Flag.objects.get(pk=flag.pk)


@transaction.atomic
def flag_dismiss(*, flag: Flag, by: User, note: str) -> bool:
    """A runner closes one of their own review or advisory flags with a note. False if it was not open."""
    now = timezone.now()
    return _transition(
        flag=flag, allowed=[FlagStatus.OPEN], extra=Q(runner=by) & ~Q(severity=Severity.URGENT),
        action="dismissed", by=by, note=note,
        status=FlagStatus.RESOLVED, resolved_by=by, resolved_at=now, resolve_note=note,
        close_reason=CloseReason.RUNNER_DISMISSED,
    )  # fmt: skip


@transaction.atomic
def flag_record_assessment(*, flag: Flag, by: User, assessed_on: dt.date, note: str) -> bool:
    """ "I have been assessed by a clinician": a runner with no linked physio closes an open urgent flag.

    The date and note stay on the flag (and in its history), so a physio linked later reads them.
    False if the flag is not theirs, not open, or a physio is linked (then the physio closes it).
    """
    if not runner_may_record_assessment(by):
        return False
    now = timezone.now()
    note = note.strip()
    return _transition(
        flag=flag, allowed=[FlagStatus.OPEN], extra=Q(runner=by), action="assessed", by=by, note=note,
        on=assessed_on,
        status=FlagStatus.RESOLVED, resolved_by=by, resolved_at=now, resolve_note=note, assessed_on=assessed_on,
        close_reason=CloseReason.RUNNER_ASSESSED,
    )  # fmt: skip
