"""Imports of Backtrack's own CSV files (the export's format): daily entries or sessions.

A CSV file is checked whole before anything is written: one bad row refuses the file, with the
file's line numbers. Re-importing the same file changes nothing.

Files are untrusted: every number must be finite and within the limits the journal models declare
(their validators are the one home of those limits, read with journal.models.field_limits and number_range), every date
between 1900 and today (a time up to tomorrow, for time zones), and no NUL byte may appear.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from journal.exporting import looks_like_formula
from journal.models import (
    EARLIEST_DAY,
    Entry,
    SessionSource,
    SessionType,
    TrainingSession,
    field_limits,
    number_range,
)
from journal.signals import announce_journal_changed
from triage.codes import JOURNAL_SYMPTOMS, PainSide
from triage.rulebook import STANDING_CONDITIONS

MAX_CSV_BYTES = 5 * 1024 * 1024
MAX_CSV_ROWS = 20_000
MAX_NUMBER_CHARS = 32
ENTRY_REQUIRED = ("date", "pain")
SESSION_REQUIRED = ("date", "distance_km", "duration_min", "session_type")
_TYPES_BY_LABEL = {label.lower(): value for value, label in SessionType.choices}
_SIDES = {value for value, _ in PainSide.choices}


class ImportRefused(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass
class ImportResult:
    kind: str  # "entries" or "sessions"
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def summary(self) -> str:
        noun = "entries" if self.kind == "entries" else "sessions"
        return (
            f"Imported {noun}: {self.created} added, {self.updated} changed, "
            f"{self.unchanged} already in your journal and left as they were."
        )


class _RowError(Exception):
    pass


def _unquote(text: str) -> str:
    """Undo the export's formula guard: "'=x" back to "=x"."""
    return text[1:] if text.startswith("'") and looks_like_formula(text[1:]) else text


def _text_limit(model, name: str) -> int:
    highest = field_limits(model)[name][1]
    assert highest is not None, f"{model.__name__}.{name} has no max_length"
    return highest


def _decimal(value: str, name: str) -> Decimal:
    """A finite decimal number; NaN, infinities and absurdly long numbers are refused."""
    shown = value[:MAX_NUMBER_CHARS]
    if len(value) > MAX_NUMBER_CHARS:
        raise _RowError(f"{name} '{shown}...' is not a number")
    try:
        number = Decimal(value)
    except InvalidOperation as exc:
        raise _RowError(f"{name} '{value}' is not a number") from exc
    if not number.is_finite():
        raise _RowError(f"{name} '{value}' is not a finite number")
    return number


def _int(value: str, name: str, low: float, high: float, *, required: bool) -> int | None:
    value = value.strip()
    if not value:
        if required:
            raise _RowError(f"{name} is missing")
        return None
    number = _decimal(value, name)
    if not low <= number <= high:
        raise _RowError(f"{name} {value} must be between {low} and {high}")
    if number != number.to_integral_value():
        raise _RowError(f"{name} '{value}' must be a whole number")
    return int(number)


def _bool(value: str, name: str) -> bool | None:
    value = value.strip().lower()
    if value in ("", "unsure"):
        return None
    if value in ("yes", "y", "true", "1"):
        return True
    if value in ("no", "n", "false", "0"):
        return False
    raise _RowError(f"{name} '{value}' should be yes, no or empty")


def _date(value: str, today: dt.date) -> dt.date:
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise _RowError(f"date '{value}' is not a date written as YYYY-MM-DD") from exc
    if day > today:
        raise _RowError(f"date {day} is in the future")
    if day < EARLIEST_DAY:
        raise _RowError(f"date {day} is before 1900")
    return day


def _decode(data: bytes) -> str:
    if len(data) > MAX_CSV_BYTES:
        raise ImportRefused([f"The file is larger than {MAX_CSV_BYTES // (1024 * 1024)} MB."])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRefused(["The file is not UTF-8 text: save it from your spreadsheet as 'CSV UTF-8'."]) from exc
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ImportRefused([f"Line {line}: the file contains a NUL byte, which no spreadsheet writes."])
    return text


def _rows(text: str):
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration as exc:
        raise ImportRefused(["Line 1: the file is empty."]) from exc
    names = [h.strip().lower() for h in header]
    rows = []
    try:
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            if len(rows) >= MAX_CSV_ROWS:
                raise ImportRefused([f"The file has more than {MAX_CSV_ROWS} rows: split it into smaller files."])
            padded = values + [""] * (len(names) - len(values))
            rows.append((reader.line_num, dict(zip(names, padded, strict=False)), len(values) > len(names)))
    except csv.Error as exc:
        raise ImportRefused([f"Line {reader.line_num}: the CSV is malformed ({exc})."]) from exc
    return names, rows


def csv_import(*, runner: User, data: bytes) -> ImportResult:
    """Imports an entries or sessions CSV (told apart by its header), all or nothing."""
    names, rows = _rows(_decode(data))
    if "session_type" in names:
        return _import_sessions(runner, names, rows)
    if "pain" in names:
        return _import_entries(runner, names, rows)
    raise ImportRefused(
        [
            "Line 1: the header must name the columns: date,pain for daily entries, or "
            "date,distance_km,duration_min,session_type for sessions. Strava's and Garmin Connect's "
            "activity lists are read too, by their own headers; this file's header is neither."
        ]
    )


def _check_header(names: list[str], required: tuple[str, ...]) -> None:
    missing = [c for c in required if c not in names]
    if missing:
        columns = "the column" if len(missing) == 1 else "the columns"
        raise ImportRefused([f"Line 1: the header lacks {columns} {', '.join(missing)}."])


def _import_entries(runner: User, names: list[str], rows) -> ImportResult:
    _check_header(names, ENTRY_REQUIRED)
    today = runner.local_today()
    pain_low, pain_high = number_range(Entry, "pain")
    stiff_low, stiff_high = number_range(Entry, "morning_stiffness_min")
    notes_max = _text_limit(Entry, "notes")
    errors: list[str] = []
    parsed: dict[dt.date, dict] = {}
    seen_on: dict[dt.date, int] = {}
    standing: set[str] = set()
    for line, row, too_long in rows:
        try:
            if too_long:
                raise _RowError("it has more cells than the header")
            day = _date(row["date"], today)
            if day in seen_on:
                raise _RowError(f"{day} already appears on line {seen_on[day]}")
            side = row.get("pain_side", "").strip().lower()
            if side and side not in _SIDES:
                raise _RowError(f"pain_side '{side}' should be one of {', '.join(sorted(_SIDES))}")
            symptoms = sorted({s.strip() for s in row.get("symptoms", "").split(";") if s.strip()})
            # A standing condition in an older export (the daily entry asked them before issue 19) goes to
            # the runner's profile, as journal migration 0005 did for entries already saved.
            standing.update(s for s in symptoms if s in STANDING_CONDITIONS)
            symptoms = [s for s in symptoms if s not in STANDING_CONDITIONS]
            unknown = [s for s in symptoms if s not in JOURNAL_SYMPTOMS]
            if unknown:
                codes = "code" if len(unknown) == 1 else "codes"
                raise _RowError(f"unknown symptom {codes} {', '.join(unknown)}")
            notes = _unquote(row.get("notes", ""))
            if len(notes) > notes_max:
                raise _RowError(f"notes are longer than {notes_max} characters")
            sleep = _bool(row.get("sleep_disturbed", ""), "sleep_disturbed")
            parsed[day] = {
                "pain": _int(row["pain"], "pain", pain_low, pain_high, required=True),
                "pain_side": side,
                "normal_stride": _bool(row.get("normal_stride", ""), "normal_stride"),
                "spasm": _bool(row.get("spasm", ""), "spasm"),
                "symptoms": symptoms,
                "morning_stiffness_min": _int(
                    row.get("morning_stiffness_min", ""), "morning_stiffness_min", stiff_low, stiff_high, required=False
                ),
                "sleep_disturbed": bool(sleep),
                "notes": notes,
            }
            seen_on[day] = line
        except _RowError as exc:
            errors.append(f"Line {line}: {exc}.")
    if errors:
        raise ImportRefused(errors)
    result = ImportResult(kind="entries")
    with transaction.atomic():
        existing = {e.day: e for e in Entry.objects.select_for_update().filter(runner=runner, day__in=list(parsed))}
        new = []
        for day, values in parsed.items():
            entry = existing.get(day)
            if entry is None:
                new.append(Entry(runner=runner, day=day, **values))
            elif any(getattr(entry, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(entry, k, v)
                entry.save()
                result.updated += 1
            else:
                result.unchanged += 1
        Entry.objects.bulk_create(new, batch_size=500)
        result.created = len(new)
        known = set(runner.standing_conditions or [])
        if not standing <= known:
            runner.standing_conditions = sorted(known | standing)
            runner.save(update_fields=["standing_conditions"])
        if result.created or result.updated:
            announce_journal_changed(runner.pk)
    return result


def _session_type(value: str) -> str:
    value = value.strip().lower()
    if value in SessionType.values:
        return value
    if value in _TYPES_BY_LABEL:
        return _TYPES_BY_LABEL[value]
    raise _RowError(f"session_type '{value}' should be one of {', '.join(SessionType.values)}")


def _started_at(value: str, runner: User) -> dt.datetime | None:
    value = value.strip()
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise _RowError(f"started_at '{value}' is not a date and time (YYYY-MM-DDTHH:MM:SS+00:00)") from exc
    try:
        if timezone.is_naive(moment):
            moment = moment.replace(tzinfo=runner.zone)
        moment = moment.astimezone(dt.UTC)
    except (OverflowError, ValueError) as exc:
        raise _RowError(f"started_at '{value}' is out of range") from exc
    if moment.date() < EARLIEST_DAY:
        raise _RowError(f"started_at '{value}' is before 1900")
    if moment > timezone.now() + dt.timedelta(days=1):
        raise _RowError(f"started_at '{value}' is in the future")
    return moment


def _session_key(values: dict) -> tuple:
    if values["started_at"] is not None:
        return ("start", values["started_at"])
    return ("day", values["day"], values["session_type"], values["distance_m"], values["duration_s"])


def _import_sessions(runner: User, names: list[str], rows) -> ImportResult:
    _check_header(names, SESSION_REQUIRED)
    today = runner.local_today()
    dist_low, dist_high = number_range(TrainingSession, "distance_m")
    dur_low, dur_high = number_range(TrainingSession, "duration_s")
    rpe_low, rpe_high = number_range(TrainingSession, "rpe")
    pain_low, pain_high = number_range(TrainingSession, "pain_after")
    notes_max = _text_limit(TrainingSession, "notes")
    errors: list[str] = []
    parsed: dict[tuple, dict] = {}
    seen_on: dict[tuple, int] = {}
    for line, row, too_long in rows:
        try:
            if too_long:
                raise _RowError("it has more cells than the header")
            day = _date(row["date"], today)
            distance_km = _decimal(row["distance_km"].strip() or "0", "distance_km")
            duration_min = _decimal(row["duration_min"].strip(), "duration_min")
            # compared before any arithmetic, so a huge exponent never reaches quantize()
            if not Decimal(dist_low) / 1000 <= distance_km <= Decimal(dist_high) / 1000:
                raise _RowError(
                    f"distance_km {row['distance_km'].strip()} must be between {dist_low / 1000:g} and {dist_high / 1000:g}"
                )
            if not 0 < duration_min <= Decimal(dur_high) / 60:
                raise _RowError(
                    f"duration_min {row['duration_min'].strip()} must be more than 0 and at most {dur_high / 60:g}"
                )
            distance_m = int((distance_km * 1000).quantize(Decimal("1")))
            duration_s = max(int(dur_low), int((duration_min * 60).quantize(Decimal("1"))))
            source = row.get("source", "").strip().lower()
            notes = _unquote(row.get("notes", ""))
            if len(notes) > notes_max:
                raise _RowError(f"notes are longer than {notes_max} characters")
            rpe = _int(row.get("rpe", ""), "rpe", rpe_low, rpe_high, required=False)
            values = {
                "day": day,
                "started_at": _started_at(row.get("started_at", ""), runner),
                "session_type": _session_type(row["session_type"]),
                "distance_m": distance_m,
                "duration_s": duration_s,
                "rpe": 3 if rpe is None else rpe,
                "pain_during": _int(row.get("pain_during", ""), "pain_during", pain_low, pain_high, required=False),
                "pain_after": _int(row.get("pain_after", ""), "pain_after", pain_low, pain_high, required=False),
                "notes": notes,
                "source": source if source in SessionSource.values else SessionSource.CSV,
            }
            key = _session_key(values)
            if key in seen_on:
                raise _RowError(f"the same session already appears on line {seen_on[key]}")
            parsed[key] = values
            seen_on[key] = line
        except _RowError as exc:
            errors.append(f"Line {line}: {exc}.")
    if errors:
        raise ImportRefused(errors)
    result = ImportResult(kind="sessions")
    days = sorted({v["day"] for v in parsed.values()})
    starts = [v["started_at"] for v in parsed.values() if v["started_at"] is not None]
    with transaction.atomic():
        existing = set()
        if days:
            for row in TrainingSession.objects.filter(runner=runner, day__in=days).values(
                "day", "started_at", "session_type", "distance_m", "duration_s"
            ):
                existing.add(_session_key(row))
        if starts:
            for started in TrainingSession.objects.filter(runner=runner, started_at__in=starts).values_list(
                "started_at", flat=True
            ):
                existing.add(("start", started))
        new = [TrainingSession(runner=runner, **v) for k, v in parsed.items() if k not in existing]
        TrainingSession.objects.bulk_create(new, batch_size=500)
        result.created = len(new)
        result.unchanged = len(parsed) - len(new)
        if new:
            announce_journal_changed(runner.pk)
    return result
