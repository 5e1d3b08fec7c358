"""Everything that writes to a runner's journal. Each service runs in one transaction and queues a
monitoring check for the runner, which is sent only once the transaction has committed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import User
from journal.models import ENTRY_FIELDS, SESSION_FIELDS, Entry, SavedCheck, TrainingSession
from journal.signals import announce_journal_changed


def _pick(data: dict[str, Any], names: Iterable[str]) -> dict[str, Any]:
    return {name: data[name] for name in names if name in data}


def entry_create(*, runner: User, day: dt.date, data: dict[str, Any]) -> Entry:
    """A new entry for ``day``; ValidationError on ``day`` when that day already has one."""
    try:
        with transaction.atomic():
            entry = Entry.objects.create(runner=runner, day=day, **_pick(data, ENTRY_FIELDS))
            announce_journal_changed(runner.pk)
    except IntegrityError as exc:  # another request saved this day first
        raise ValidationError({"day": "You already have an entry for this day. Edit that one instead."}) from exc
    return entry


def entry_update(*, entry: Entry, data: dict[str, Any]) -> Entry:
    """Changes an entry (its day too, when ``data`` has one and no other entry holds that day)."""
    try:
        with transaction.atomic():
            for name, value in _pick(data, ("day", *ENTRY_FIELDS)).items():
                setattr(entry, name, value)
            entry.save()
            announce_journal_changed(entry.runner_id)
    except IntegrityError as exc:
        raise ValidationError({"day": "You already have an entry for this day. Edit that one instead."}) from exc
    return entry


@dataclass(frozen=True)
class PainBefore:
    """The day's pain and side before a one-tap save; ``pain`` is None when the day had no entry."""

    pain: int | None
    pain_side: str = ""


def entry_log_pain_undoable(
    *, runner: User, day: dt.date, pain: int, pain_side: str = "", kept_at: dt.datetime | None = None
) -> tuple[Entry, PainBefore | None]:
    """Today's pain in one tap: creates the day's entry or changes only its pain (and side, if given), and
    gives what the day held before, so that the runner can undo the tap.

    ``kept_at``: when a phone kept the tap offline. A day changed after that keeps its newer pain, and
    ``before`` is None (nothing was saved)."""
    with transaction.atomic():
        entry = Entry.objects.select_for_update().filter(runner=runner, day=day).first()
        if entry is not None and kept_at is not None and entry.updated_at > kept_at:
            return entry, None
        if entry is None:
            before = PainBefore(pain=None)
            entry = Entry.objects.create(runner=runner, day=day, pain=pain, pain_side=pain_side)
        else:
            before = PainBefore(pain=entry.pain, pain_side=entry.pain_side)
            entry.pain = pain
            if pain_side:
                entry.pain_side = pain_side
            entry.save(update_fields=["pain", "pain_side", "updated_at"])
        announce_journal_changed(runner.pk)
    return entry, before


def _only_pain(entry: Entry) -> bool:
    """True when the entry holds nothing but its pain and side (what a one-tap save creates)."""
    return (
        entry.normal_stride is None
        and entry.spasm is None
        and not entry.symptoms
        and entry.morning_stiffness_min is None
        and not entry.sleep_disturbed
        and not entry.notes
    )


def entry_undo_pain(*, runner: User, day: dt.date, saved: PainBefore, before: PainBefore) -> bool:
    """Puts back the day's pain and side from before a one-tap save (``before``), or removes the entry that
    the tap created. Only when the day still holds what was saved (``saved``): True if something was undone."""
    with transaction.atomic():
        entry = Entry.objects.select_for_update().filter(runner=runner, day=day).first()
        if entry is None or entry.pain != saved.pain or entry.pain_side != saved.pain_side:
            return False
        if before.pain is None:
            if not _only_pain(entry):
                return False  # details were added since: keep them
            entry.delete()
        else:
            entry.pain, entry.pain_side = before.pain, before.pain_side
            entry.save(update_fields=["pain", "pain_side", "updated_at"])
        announce_journal_changed(runner.pk)
    return True


def session_create(*, runner: User, data: dict[str, Any]) -> TrainingSession:
    with transaction.atomic():
        session = TrainingSession.objects.create(runner=runner, **_pick(data, ("day", *SESSION_FIELDS)))
        announce_journal_changed(runner.pk)
    return session


def session_update(*, session: TrainingSession, data: dict[str, Any]) -> TrainingSession:
    with transaction.atomic():
        for name, value in _pick(data, ("day", *SESSION_FIELDS)).items():
            setattr(session, name, value)
        session.save()
        announce_journal_changed(session.runner_id)
    return session


def session_delete(*, session: TrainingSession) -> None:
    with transaction.atomic():
        runner_id = session.runner_id
        session.delete()
        announce_journal_changed(runner_id)


@dataclass(frozen=True)
class EntryMerge:
    """What saving a check did to that day's entry: nothing the runner logged is overwritten."""

    created: bool
    added_signs: tuple[str, ...] = ()  # warning signs answered yes that the entry did not hold yet
    filled: tuple[str, ...] = ()  # empty entry fields filled from the check
    kept: tuple[tuple[str, Any, Any], ...] = ()  # (field, the entry's value kept, the check's value)


def saved_check_create(
    *,
    runner: User,
    answers: dict[str, Any],
    verdict: str,
    likely_cause: str,
    rule_ids: list[str],
    advice_versions: list[dict[str, Any]],
    pain: int,
    pain_side: str,
    normal_stride: bool | None,
    spasm: bool | None,
    journal_symptoms: list[str],
) -> tuple[SavedCheck, EntryMerge]:
    """Keeps a triage result and merges what the check asked into that local day's entry.

    A new entry takes the check's answers. An existing entry gains every warning sign answered yes
    and any field it left empty; a value the runner already logged stays, and is reported as kept.
    """
    day = runner.local_today()
    with transaction.atomic():
        check = SavedCheck.objects.create(
            runner=runner,
            day=day,
            answers=answers,
            verdict=verdict,
            likely_cause=likely_cause or "",
            rule_ids=list(rule_ids),
            advice_versions=list(advice_versions),
        )
        entry = Entry.objects.select_for_update().filter(runner=runner, day=day).first()
        fields = {
            "pain": pain,
            "pain_side": pain_side or "",
            "normal_stride": normal_stride,
            "spasm": spasm,
        }
        signs = sorted(set(journal_symptoms))
        if entry is None:
            Entry.objects.create(runner=runner, day=day, symptoms=signs, **fields)
            merge = EntryMerge(created=True, added_signs=tuple(signs))
        else:
            filled, kept = [], []
            for name, value in fields.items():
                current = getattr(entry, name)
                if current in (None, "") and value not in (None, ""):
                    setattr(entry, name, value)
                    filled.append(name)
                elif value not in (None, "") and current != value:
                    kept.append((name, current, value))
            added = sorted(set(signs) - set(entry.symptoms or []))
            entry.symptoms = sorted(set(entry.symptoms or []) | set(signs))
            entry.save()
            merge = EntryMerge(created=False, added_signs=tuple(added), filled=tuple(filled), kept=tuple(kept))
        announce_journal_changed(runner.pk)
    return check, merge
