"""Imports into a runner's journal: CSV files in the export's format, and watch files.

A CSV file is checked whole before anything is written: one bad row refuses the file, with the
file's line numbers. Re-importing the same file changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from journal.exporting import FORMULA_STARTS
from journal.models import MAX_DISTANCE_M, MAX_DURATION_S, Entry, SessionSource, SessionType, TrainingSession
from journal.signals import announce_journal_changed
from journal.watch import Activity, WatchFileError, parse_activity
from triage.codes import JOURNAL_SYMPTOMS, PainSide

MAX_CSV_BYTES = 5 * 1024 * 1024
MAX_CSV_ROWS = 20_000
MAX_WATCH_FILE_BYTES = 10 * 1024 * 1024
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
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def _int(value: str, name: str, low: int, high: int, *, required: bool) -> int | None:
    value = value.strip()
    if not value:
        if required:
            raise _RowError(f"{name} is missing")
        return None
    try:
        number = Decimal(value)
    except InvalidOperation as exc:
        raise _RowError(f"{name} '{value}' is not a number") from exc
    if number != number.to_integral_value():
        raise _RowError(f"{name} '{value}' must be a whole number")
    if not low <= number <= high:
        raise _RowError(f"{name} {value} must be between {low} and {high}")
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
    return day


def _decode(data: bytes) -> str:
    if len(data) > MAX_CSV_BYTES:
        raise ImportRefused([f"The file is larger than {MAX_CSV_BYTES // (1024 * 1024)} MB."])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRefused(["The file is not UTF-8 text: save it from your spreadsheet as 'CSV UTF-8'."]) from exc


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


def csv_import(*, runner: User, data: bytes, filename: str = "") -> ImportResult:
    """Imports an entries or sessions CSV (told apart by its header), all or nothing."""
    names, rows = _rows(_decode(data))
    if "session_type" in names:
        return _import_sessions(runner, names, rows)
    if "pain" in names:
        return _import_entries(runner, names, rows)
    raise ImportRefused(
        [
            "Line 1: the header must name the columns: date,pain for daily entries, or "
            "date,distance_km,duration_min,session_type for sessions."
        ]
    )


def _check_header(names: list[str], required: tuple[str, ...]) -> None:
    missing = [c for c in required if c not in names]
    if missing:
        raise ImportRefused([f"Line 1: the header lacks the column(s) {', '.join(missing)}."])


def _import_entries(runner: User, names: list[str], rows) -> ImportResult:
    _check_header(names, ENTRY_REQUIRED)
    today = runner.local_today()
    errors: list[str] = []
    parsed: dict[dt.date, dict] = {}
    seen_on: dict[dt.date, int] = {}
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
            unknown = [s for s in symptoms if s not in JOURNAL_SYMPTOMS]
            if unknown:
                raise _RowError(f"unknown symptom code(s) {', '.join(unknown)}")
            notes = _unquote(row.get("notes", ""))
            if len(notes) > 4000:
                raise _RowError("notes are longer than 4000 characters")
            sleep = _bool(row.get("sleep_disturbed", ""), "sleep_disturbed")
            parsed[day] = {
                "pain": _int(row["pain"], "pain", 0, 10, required=True),
                "pain_side": side,
                "normal_stride": _bool(row.get("normal_stride", ""), "normal_stride"),
                "spasm": _bool(row.get("spasm", ""), "spasm"),
                "symptoms": symptoms,
                "morning_stiffness_min": _int(
                    row.get("morning_stiffness_min", ""), "morning_stiffness_min", 0, 1440, required=False
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
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=runner.zone)
    return moment.astimezone(dt.UTC)


def _session_key(values: dict) -> tuple:
    if values["started_at"] is not None:
        return ("start", values["started_at"])
    return ("day", values["day"], values["session_type"], values["distance_m"], values["duration_s"])


def _import_sessions(runner: User, names: list[str], rows) -> ImportResult:
    _check_header(names, SESSION_REQUIRED)
    today = runner.local_today()
    errors: list[str] = []
    parsed: dict[tuple, dict] = {}
    seen_on: dict[tuple, int] = {}
    for line, row, too_long in rows:
        try:
            if too_long:
                raise _RowError("it has more cells than the header")
            day = _date(row["date"], today)
            try:
                distance_km = Decimal(row["distance_km"].strip() or "0")
                duration_min = Decimal(row["duration_min"].strip())
            except InvalidOperation as exc:
                raise _RowError("distance_km and duration_min must be numbers") from exc
            distance_m = int((distance_km * 1000).quantize(Decimal("1")))
            duration_s = int((duration_min * 60).quantize(Decimal("1")))
            if distance_m < 0 or distance_m > MAX_DISTANCE_M:
                raise _RowError(f"distance_km {row['distance_km'].strip()} must be between 0 and 300")
            if duration_s <= 0 or duration_s > MAX_DURATION_S:
                raise _RowError(f"duration_min {row['duration_min'].strip()} must be more than 0 and at most 2880")
            source = row.get("source", "").strip().lower()
            notes = _unquote(row.get("notes", ""))
            if len(notes) > 4000:
                raise _RowError("notes are longer than 4000 characters")
            rpe = _int(row.get("rpe", ""), "rpe", 0, 10, required=False)
            values = {
                "day": day,
                "started_at": _started_at(row.get("started_at", ""), runner),
                "session_type": _session_type(row["session_type"]),
                "distance_m": distance_m,
                "duration_s": duration_s,
                "rpe": 3 if rpe is None else rpe,
                "pain_during": _int(row.get("pain_during", ""), "pain_during", 0, 10, required=False),
                "pain_after": _int(row.get("pain_after", ""), "pain_after", 0, 10, required=False),
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


@dataclass
class WatchResult:
    name: str
    ok: bool
    message: str
    session: TrainingSession | None = field(default=None, repr=False)


_SPORT_TYPE = {"run": SessionType.EASY, "walk": SessionType.WALK, "other": SessionType.CROSS_TRAINING}


def _check_activity(activity: Activity) -> None:
    if activity.duration_s <= 0 or activity.duration_s > MAX_DURATION_S:
        raise WatchFileError("its duration is zero or longer than 48 hours")
    if activity.distance_m < 0 or activity.distance_m > MAX_DISTANCE_M:
        raise WatchFileError("its distance is longer than 300 km")
    if activity.started_at > timezone.now() + dt.timedelta(minutes=5):
        raise WatchFileError("it starts in the future")


def watch_import(*, runner: User, files: list[tuple[str, bytes]]) -> list[WatchResult]:
    """One session per readable file; broken files are reported by name, duplicates (same start) skipped."""
    results: list[WatchResult] = []
    activities: list[tuple[str, Activity]] = []
    for name, data in files:
        try:
            if len(data) > MAX_WATCH_FILE_BYTES:
                raise WatchFileError("it is larger than 10 MB")
            activity = parse_activity(name, data)
            _check_activity(activity)
        except WatchFileError as exc:
            results.append(WatchResult(name=name, ok=False, message=f"Not imported: {exc}."))
        else:
            activities.append((name, activity))
    with transaction.atomic():
        taken = set(
            TrainingSession.objects.filter(
                runner=runner, started_at__in=[a.started_at for _, a in activities]
            ).values_list("started_at", flat=True)
        )
        created = 0
        for name, activity in activities:
            if activity.started_at in taken:
                results.append(
                    WatchResult(
                        name=name, ok=True, message="Skipped: a session with this start is already in your journal."
                    )
                )
                continue
            taken.add(activity.started_at)
            session = TrainingSession.objects.create(
                runner=runner,
                day=timezone.localtime(activity.started_at, runner.zone).date(),
                started_at=activity.started_at,
                session_type=_SPORT_TYPE[activity.sport],
                distance_m=activity.distance_m,
                duration_s=activity.duration_s,
                source=activity.source,
            )
            created += 1
            results.append(WatchResult(name=name, ok=True, message="Imported.", session=session))
        if created:
            announce_journal_changed(runner.pk)
    order = {name: i for i, (name, _) in enumerate(files)}
    results.sort(key=lambda r: order.get(r.name, 0))
    return results
