"""Imports into a runner's journal: CSV files in the export's format, and watch files.

A CSV file is checked whole before anything is written: one bad row refuses the file, with the
file's line numbers. Re-importing the same file changes nothing. Watch files are imported one by
one: a file that cannot be read is refused by name with the reason, and the others still import.

Files are untrusted: every number must be finite and within the limits the journal models declare
(their validators are the one home of those limits), every date between 1900 and today (a time up
to tomorrow, for time zones), and no NUL byte may appear. The web pages run imports in a Celery task
(journal/tasks.py) with a time limit, and a runner's import work per hour is limited.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from celery import current_app
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

from accounts.models import User
from core.ratelimit import budget_spend
from journal.exporting import looks_like_formula
from journal.models import (
    EARLIEST_DAY,
    MAX_DISTANCE_M,
    MAX_DURATION_S,
    Entry,
    ImportFile,
    ImportJob,
    SessionSource,
    SessionType,
    TrainingSession,
)
from journal.signals import announce_journal_changed
from journal.watch import MAX_FILE_BYTES, Activity, WatchFileError, parse_activity
from triage.codes import JOURNAL_SYMPTOMS, PainSide

logger = logging.getLogger(__name__)

MAX_CSV_BYTES = 5 * 1024 * 1024
MAX_CSV_ROWS = 20_000
MAX_WATCH_FILE_BYTES = MAX_FILE_BYTES
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


def field_limits(model: type[models.Model], name: str, low: float, high: float) -> tuple[float, float]:
    """The field's MinValueValidator/MaxValueValidator limits; `low` and `high` where it declares none."""
    try:
        validators = model._meta.get_field(name).validators
    except FieldDoesNotExist:
        return low, high
    for validator in validators:
        limit = getattr(validator, "limit_value", None)
        if callable(limit) or not isinstance(limit, int | float | Decimal):
            continue
        if isinstance(validator, MinValueValidator):
            low = max(low, limit)
        elif isinstance(validator, MaxValueValidator):
            high = min(high, limit)
    return low, high


def text_limit(model: type[models.Model], name: str, default: int) -> int:
    try:
        return model._meta.get_field(name).max_length or default
    except FieldDoesNotExist:
        return default


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
            "date,distance_km,duration_min,session_type for sessions."
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
    pain_low, pain_high = field_limits(Entry, "pain", 0, 10)
    stiff_low, stiff_high = field_limits(Entry, "morning_stiffness_min", 0, 1440)
    notes_max = text_limit(Entry, "notes", 4000)
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
    dist_low, dist_high = field_limits(TrainingSession, "distance_m", 0, MAX_DISTANCE_M)
    dur_low, dur_high = field_limits(TrainingSession, "duration_s", 1, MAX_DURATION_S)
    rpe_low, rpe_high = field_limits(TrainingSession, "rpe", 0, 10)
    pain_low, pain_high = field_limits(TrainingSession, "pain_after", 0, 10)
    notes_max = text_limit(TrainingSession, "notes", 4000)
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


@dataclass
class WatchResult:
    name: str
    ok: bool
    message: str
    session: TrainingSession | None = field(default=None, repr=False)


_SPORT_TYPE = {"run": SessionType.EASY, "walk": SessionType.WALK, "other": SessionType.CROSS_TRAINING}


def _check_activity(activity: Activity) -> None:
    dist_low, dist_high = field_limits(TrainingSession, "distance_m", 0, MAX_DISTANCE_M)
    dur_low, dur_high = field_limits(TrainingSession, "duration_s", 1, MAX_DURATION_S)
    if not dur_low <= activity.duration_s <= dur_high:
        raise WatchFileError(f"its duration is zero or longer than {dur_high / 3600:g} hours")
    if not dist_low <= activity.distance_m <= dist_high:
        raise WatchFileError(f"its distance is longer than {dist_high / 1000:g} km")
    if activity.started_at > timezone.now() + dt.timedelta(minutes=5):
        raise WatchFileError("it starts in the future")


def watch_file_import(*, runner: User, name: str, data: bytes, announce: bool = True) -> WatchResult:
    """Reads one watch file and adds its session, in its own transaction; refusals name the reason.

    With announce=False the caller announces the journal change once, after a batch of files.
    """
    try:
        activity = parse_activity(name, data)
        _check_activity(activity)
    except WatchFileError as exc:
        return WatchResult(name=name, ok=False, message=f"Not imported: {exc}.")
    skipped = WatchResult(name=name, ok=True, message="Skipped: a session with this start is already in your journal.")
    if TrainingSession.objects.filter(runner=runner, started_at=activity.started_at).exists():
        return skipped
    try:
        with transaction.atomic():
            session = TrainingSession.objects.create(
                runner=runner,
                day=timezone.localtime(activity.started_at, runner.zone).date(),
                started_at=activity.started_at,
                session_type=_SPORT_TYPE[activity.sport],
                distance_m=activity.distance_m,
                duration_s=activity.duration_s,
                source=activity.source,
            )
    except IntegrityError:  # the same start saved meanwhile (two imports at once)
        return skipped
    if announce:
        announce_journal_changed(runner.pk)
    return WatchResult(name=name, ok=True, message="Imported.", session=session)


def watch_import(*, runner: User, files: list[tuple[str, bytes]]) -> list[WatchResult]:
    """One session per readable file, in the given order; broken files are reported by name."""
    results = [watch_file_import(runner=runner, name=name, data=data, announce=False) for name, data in files]
    if any(r.session is not None for r in results):
        announce_journal_changed(runner.pk)
    return results


# --- import jobs: the web pages hand files to a Celery task (journal/tasks.py) -------------------
MAX_FILES_PER_JOB = 20


class ImportBudgetSpent(Exception):
    def __init__(self, retry_after: int):
        super().__init__(f"import budget spent; retry after {retry_after} s")
        self.retry_after = retry_after


class ImportsUnavailable(Exception):
    """Redis (the budget's counter, the queue of imports) cannot be reached: nothing was stored."""


def import_job_create(*, runner: User, kind: str, files: list[tuple[str, bytes]]) -> ImportJob:
    """Stores the uploaded files and queues their reading; spends the runner's hourly budget.

    While Redis is down this raises ImportsUnavailable and leaves nothing behind: a job stored with no task
    to read it would wait on "Waiting for its turn" for ever."""
    try:
        spent = budget_spend(
            scope="import-files",
            client=str(runner.pk),
            amount=len(files),
            limit=settings.IMPORT_FILES_PER_HOUR,
            window_seconds=3600,
        )
    except RedisError as exc:
        raise ImportsUnavailable from exc
    if not spent.allowed:
        raise ImportBudgetSpent(spent.retry_after)
    largest = MAX_CSV_BYTES if kind == ImportJob.Kind.CSV else MAX_WATCH_FILE_BYTES
    too_large = ImportFile(
        state=ImportFile.State.REFUSED, message=f"Not imported: it is larger than {largest // (1024 * 1024)} MB."
    )
    with transaction.atomic():
        job = ImportJob.objects.create(runner=runner, kind=kind)
        ImportFile.objects.bulk_create(
            ImportFile(job=job, position=i, name=name[:255], data=data)
            if len(data) <= largest
            else ImportFile(job=job, position=i, name=name[:255], state=too_large.state, message=too_large.message)
            for i, (name, data) in enumerate(files)
        )
        transaction.on_commit(lambda: _queue_or_withdraw(job))  # once committed, so that the worker finds it
    return job


def _queue_or_withdraw(job: ImportJob) -> None:
    try:
        queue_import(job.pk)
    except (BrokerError, RedisError, OSError) as exc:
        job.delete()  # its files go with it (CASCADE)
        raise ImportsUnavailable from exc


def queue_import(job_id: int) -> None:
    # by name: journal/tasks.py imports this module, not the other way round. ignore_result: the page
    # reads the job's rows, and waiting on the result backend would retry for ~20 s with Redis down.
    current_app.send_task("journal.run_import", args=[job_id], ignore_result=True)


def _read_one(runner: User, job: ImportJob, item: ImportFile) -> bool:
    """Reads one stored file into the journal and records its result; True if the journal changed."""
    changed = False
    data = bytes(item.data)
    try:
        if job.kind == ImportJob.Kind.CSV:
            try:
                result = csv_import(runner=runner, data=data)
            except ImportRefused as exc:
                item.state, item.message, item.errors = (
                    ImportFile.State.REFUSED,
                    "Not imported, nothing was changed.",
                    exc.errors,
                )
            else:
                changed = bool(result.created or result.updated)
                item.state, item.message = ImportFile.State.IMPORTED, result.summary()
        else:
            outcome = watch_file_import(runner=runner, name=item.name, data=data, announce=False)
            changed = outcome.session is not None
            if not outcome.ok:
                item.state = ImportFile.State.REFUSED
            elif outcome.session is None:
                item.state = ImportFile.State.SKIPPED
            else:
                item.state = ImportFile.State.IMPORTED
            item.message = outcome.message
    except SoftTimeLimitExceeded:
        raise
    except Exception:  # a reader's bug must not stop the other files; the log keeps the details
        logger.exception("import file %s of job %s failed", item.pk, job.pk)
        item.state, item.message = ImportFile.State.REFUSED, "Not imported: the file could not be read."
    item.data = b""
    item.save(update_fields=["state", "message", "errors", "data"])
    return changed


def import_job_run(*, job_id: int) -> None:
    """Reads every waiting file of the job in order; safe to run again (done files are not read twice)."""
    claimed = ImportJob.objects.filter(
        pk=job_id, status__in=[ImportJob.Status.QUEUED, ImportJob.Status.RUNNING]
    ).update(status=ImportJob.Status.RUNNING)
    if not claimed:
        return
    job = ImportJob.objects.select_related("runner").get(pk=job_id)
    changed = False
    try:
        for item in job.files.filter(state=ImportFile.State.WAITING).order_by("position"):
            changed = _read_one(job.runner, job, item) or changed
    except SoftTimeLimitExceeded:
        job.files.filter(state=ImportFile.State.WAITING).update(
            state=ImportFile.State.REFUSED, data=b"", message="Not imported: the import ran out of time."
        )
    finally:
        if changed:
            announce_journal_changed(job.runner_id)
        ImportJob.objects.filter(pk=job_id).update(status=ImportJob.Status.DONE, finished_at=timezone.now())
