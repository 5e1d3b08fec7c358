"""The import queue: the web pages store an upload and a Celery task (journal.run_import, on its own
`imports` queue) reads it in the background.

- One upload is one job, whatever it holds: a watch file, a `.gz`, a whole Strava or Garmin export zip,
  an activity list, or one of our own CSV files.
- The task first opens the upload (journal/importing/archives.py): each watch file and each list row
  becomes an ImportFile row of its own, so progress can be counted ("312 of 540") and the work resumed.
- It then reads the rows in order, in chunks of CHUNK_CPU_SECONDS of CPU time; after each chunk it
  queues itself again, so other runners' imports take turns. A task that dies is delivered again
  (acks_late) and starts where the rows say.
- Budgets, per runner: IMPORT_UPLOAD_MB_PER_DAY megabytes of uploads a day, spent from the request's
  Content-Length before its body is read; IMPORT_ACTIVITIES_PER_DAY activities a day, spent as they are
  read. When the second runs out the job pauses and carries on the next day (its page resumes it).
"""

from __future__ import annotations

import datetime as dt
import logging
import time

from celery import current_app
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

from accounts.models import User
from core.ratelimit import budget_spend
from journal.importing import archives, exports
from journal.importing.journal_csv import MAX_CSV_BYTES, ImportRefused, csv_import
from journal.importing.sessions import Leg, activity_add, watch_file_import
from journal.models import ImportFile, ImportJob, SessionSource, TrainingSession
from journal.signals import announce_journal_changed
from journal.watch import Activity, WatchFileError, checked, sport_of

logger = logging.getLogger(__name__)

MAX_FILES_PER_JOB = 20
MAX_WATCH_FILE_BYTES = archives.MAX_FILE_BYTES
MAX_UPLOAD_BYTES = 200 * 1024 * 1024  # one upload (a whole export zip)
CHUNK_CPU_SECONDS = 30.0
DAY = 24 * 3600


class ImportBudgetSpent(Exception):
    def __init__(self, retry_after: int, what: str = "upload"):
        super().__init__(f"import budget spent; retry after {retry_after} s")
        self.retry_after = retry_after
        self.what = what


class ImportsUnavailable(Exception):
    """Redis (the budget's counter, the queue of imports) cannot be reached: nothing was stored."""


def upload_budget_spend(*, runner: User, content_length: int) -> None:
    """Spends the request's declared size from the runner's daily upload budget, before its body is read."""
    try:
        spent = budget_spend(
            scope="import-bytes",
            client=str(runner.pk),
            amount=max(1, content_length),
            limit=settings.IMPORT_UPLOAD_MB_PER_DAY * 1024 * 1024,
            window_seconds=DAY,
        )
    except RedisError as exc:
        raise ImportsUnavailable from exc
    if not spent.allowed:
        raise ImportBudgetSpent(spent.retry_after)


def import_job_create(*, runner: User, kind: str, files: list[tuple[str, bytes]], queue: bool = True) -> ImportJob:
    """Stores the uploaded files and queues their reading (queue=False: the caller runs it, as bench_import).

    While Redis is down this raises ImportsUnavailable and leaves nothing behind: a job stored with no task
    to read it would wait on "Waiting for its turn" for ever."""
    largest = MAX_CSV_BYTES if kind == ImportJob.Kind.CSV else MAX_UPLOAD_BYTES
    with transaction.atomic():
        job = ImportJob.objects.create(runner=runner, kind=kind)
        rows = []
        for i, (name, data) in enumerate(files):
            row = ImportFile(job=job, position=i, name=name[:255], role=ImportFile.Role.UPLOAD)
            if len(data) > largest or (
                kind == ImportJob.Kind.WATCH and len(data) > MAX_WATCH_FILE_BYTES and not _unpackable(name, data)
            ):
                limit = largest if len(data) > largest else MAX_WATCH_FILE_BYTES
                row.state, row.message = (
                    ImportFile.State.REFUSED,
                    f"Not imported: it is larger than {limit // (1024 * 1024)} MB.",
                )
            else:
                row.data = data
            rows.append(row)
        ImportFile.objects.bulk_create(rows)
        if queue:
            transaction.on_commit(lambda: _queue_or_withdraw(job))  # once committed, so that the worker finds it
    return job


def _unpackable(name: str, data: bytes) -> bool:
    return archives.is_archive(name, data) or data[:2] == archives.GZIP_MAGIC


def _queue_or_withdraw(job: ImportJob) -> None:
    try:
        queue_import(job.pk)
    except (BrokerError, RedisError, OSError) as exc:
        job.delete()  # its files go with it (CASCADE)
        raise ImportsUnavailable from exc


def queue_import(job_id: int) -> None:
    # by name: journal/tasks.py imports this module, not the other way round; the route to the `imports`
    # queue is in settings (CELERY_TASK_ROUTES). ignore_result: the page reads the job's rows.
    current_app.send_task("journal.run_import", args=[job_id], ignore_result=True)


def import_job_resume(job: ImportJob) -> bool:
    """Queues a paused job again once its day's budget has renewed, or a job whose task was lost."""
    now = timezone.now()
    stale = now - dt.timedelta(minutes=15)
    resumable = (job.status == ImportJob.Status.PAUSED and job.paused_until and job.paused_until <= now) or (
        job.status in (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING) and job.updated_at < stale
    )
    if not resumable:
        return False
    if ImportJob.objects.filter(pk=job.pk, status=job.status, updated_at=job.updated_at).update(
        status=ImportJob.Status.QUEUED, paused_until=None, updated_at=now
    ):
        try:
            queue_import(job.pk)
        except (BrokerError, RedisError, OSError):
            logger.warning("import job %s could not be queued again", job.pk)
            return False
    return True


# --- opening an upload -------------------------------------------------------------------------------
def _summary_hint(summary: exports.Summary) -> dict:
    return {
        "service": summary.service,
        "label": summary.label,
        "name": summary.name,
        "start": summary.start.isoformat(),
        "distance_m": summary.distance_m,
        "duration_s": summary.duration_s,
    }


def _open(job: ImportJob, item: ImportFile) -> list[ImportFile]:
    """The rows an upload holds: one per watch file, one per list row without a file; errors included."""
    data = item.data if isinstance(item.data, bytes) else bytes(item.data)  # PostgreSQL gives a memoryview
    item.data = b""  # one copy of the upload in memory, not two
    opened = archives.Opened()
    try:
        if job.kind == ImportJob.Kind.CSV:
            if exports.recognise(data[:4096].decode("utf-8-sig", "replace").split("\n", 1)[0]):
                opened.lists.append((item.name, data))
        else:
            opened = archives.open_upload(item.name, data)
    except archives.ArchiveRefused as exc:
        item.state, item.message = ImportFile.State.REFUSED, f"Not imported: {exc}."
        return []
    rows: list[ImportFile] = []
    hints: dict[str, dict] = {}
    summaries: list[tuple[str, exports.Summary]] = []
    errors: list[str] = []
    for list_name, content in opened.lists:
        try:
            _service, found, refused = exports.read_list(content)
        except exports.ListRefused as exc:
            errors.append(f"{list_name}: {exc}.")
            continue
        errors.extend(f"{list_name}, {reason}" for reason in refused[:200])
        for summary in found:
            if summary.file:
                hints[summary.file.lower()] = _summary_hint(summary)
            summaries.append((list_name, summary))
    names = {name.lower() for name, _ in opened.watch_files}
    for name, content in opened.watch_files:
        rows.append(
            ImportFile(name=name[:255], role=ImportFile.Role.WATCH, data=content, hint=hints.get(name.lower(), {}))
        )
    for list_name, summary in summaries:
        if summary.file and summary.file.lower() in names:
            continue  # the file itself is read, with the list's type and name
        rows.append(
            ImportFile(
                name=f"{list_name}, line {summary.line}"[:255],
                role=ImportFile.Role.SUMMARY,
                hint=_summary_hint(summary),
            )
        )
    for name, reason in opened.refused:
        rows.append(
            ImportFile(
                name=name[:255],
                role=ImportFile.Role.WATCH,
                state=ImportFile.State.REFUSED,
                message=f"Not imported: {reason}.",
            )
        )
    if not rows:
        reason = errors[0] if errors else "it holds no GPX, TCX or FIT file and no activity list."
        item.state, item.message, item.errors = ImportFile.State.REFUSED, f"Not imported: {reason}", errors[1:]
        return []
    found_words = f"{len(rows)} activit{'y' if len(rows) == 1 else 'ies'} found"
    if opened.passed_over:
        found_words += (
            f"; {opened.passed_over} other file{'s' if opened.passed_over != 1 else ''} (photos, settings) passed over"
        )
    item.state, item.message, item.errors = ImportFile.State.UNPACKED, f"Opened: {found_words}.", errors
    return rows


def _unpack(job: ImportJob, item: ImportFile) -> None:
    rows = _open(job, item)
    with transaction.atomic():
        last = job.files.order_by("-position").values_list("position", flat=True).first() or 0
        for offset, row in enumerate(rows, start=1):
            row.job = job
            row.position = last + offset
        ImportFile.objects.bulk_create(rows, batch_size=200)
        item.data = b""
        item.save(update_fields=["state", "message", "errors", "data"])


def _needs_opening(job: ImportJob, item: ImportFile) -> bool:
    data = bytes(item.data[:4096]) if item.data else b""
    if job.kind == ImportJob.Kind.WATCH:
        return (
            archives.is_archive(item.name, data)
            or archives.member_kind(item.name) == "list"
            or item.name.lower().endswith(".csv")
        )
    return bool(exports.recognise(data.decode("utf-8-sig", "replace").split("\n", 1)[0]))


# --- reading rows ------------------------------------------------------------------------------------
def _summary_activity(runner: User, hint: dict) -> Activity:
    start = dt.datetime.fromisoformat(hint["start"])
    if start.tzinfo is None:  # Garmin's list is in local time
        start = start.replace(tzinfo=runner.zone)
    label = hint.get("label", "")
    return checked(
        Activity(
            started_at=start.astimezone(dt.UTC),
            distance_m=int(hint.get("distance_m") or 0),
            duration_s=int(hint.get("duration_s") or 0),
            sport=sport_of(label) or sport_of(hint.get("name")) or "run",
            source=SessionSource.CSV,
            label=label,
            name=hint.get("name", ""),
        )
    )


def _store_outcome(item: ImportFile, legs: list[Leg], message: str) -> None:
    added = any(leg.outcome == "added" for leg in legs)
    if added:
        item.state = ImportFile.State.IMPORTED
    elif any(leg.outcome == "duplicate" for leg in legs):  # nothing new; the rest (if any) refused
        item.state = ImportFile.State.SKIPPED
    else:
        item.state = ImportFile.State.REFUSED
    item.legs = [leg.as_json() for leg in legs]
    item.message = message


def _read_one(runner: User, job: ImportJob, item: ImportFile) -> bool:
    """Reads one stored row into the journal and records its result; True if the journal changed."""
    changed = False
    data = bytes(item.data)
    try:
        if item.role == ImportFile.Role.SUMMARY:
            try:
                activity = _summary_activity(runner, item.hint)
            except (KeyError, ValueError, TypeError, OverflowError, WatchFileError):
                _store_outcome(item, [], "Not imported: its row could not be read.")
            else:
                leg = activity_add(runner=runner, activity=activity)
                words = {"added": "Imported.", "duplicate": "Skipped, already in your journal."}
                message = words.get(leg.outcome, f"Not imported: {leg.reason}.")
                message += "".join(f" Check it: {flag}." for flag in leg.flags)
                _store_outcome(item, [leg], message)
                changed = leg.outcome == "added"
        elif job.kind == ImportJob.Kind.CSV and item.role == ImportFile.Role.UPLOAD:
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
            if data[:2] == archives.GZIP_MAGIC:
                try:
                    data = archives.gunzip(data, archives.MAX_FILE_BYTES)
                except archives.TooLarge:
                    raise WatchFileError(
                        f"unpacked, it is larger than {archives.MAX_FILE_BYTES // (1024 * 1024)} MB"
                    ) from None
                except archives.ArchiveRefused as exc:
                    raise WatchFileError(str(exc)) from None
            outcome = watch_file_import(runner=runner, name=item.name, data=data, hint=item.hint, announce=False)
            changed = outcome.added > 0
            _store_outcome(item, outcome.legs, outcome.message)
    except SoftTimeLimitExceeded:
        raise
    except WatchFileError as exc:
        item.state, item.message = ImportFile.State.REFUSED, f"Not imported: {exc}."
    except Exception:  # a reader's bug must not stop the other files; the log keeps the details
        logger.exception("import file %s of job %s failed", item.pk, job.pk)
        item.state, item.message = ImportFile.State.REFUSED, "Not imported: the file could not be read."
    item.data = b""
    item.save(update_fields=["state", "message", "errors", "data", "legs"])
    return changed


def _activity_budget(runner: User) -> int | None:
    """None when the runner may read one more activity today, else the seconds until they may."""
    spent = budget_spend(
        scope="import-activities",
        client=str(runner.pk),
        amount=1,
        limit=settings.IMPORT_ACTIVITIES_PER_DAY,
        window_seconds=DAY,
    )
    return None if spent.allowed else spent.retry_after


def import_job_run(*, job_id: int, cpu_seconds: float = CHUNK_CPU_SECONDS, requeue: bool = True) -> None:
    """Reads the job's waiting rows for up to `cpu_seconds` of CPU time, then queues itself again
    (requeue=False: the caller runs the next chunk); safe to run again (rows are read once)."""
    claimed = ImportJob.objects.filter(
        pk=job_id, status__in=[ImportJob.Status.QUEUED, ImportJob.Status.RUNNING]
    ).update(status=ImportJob.Status.RUNNING, updated_at=timezone.now())
    if not claimed:
        return
    job = ImportJob.objects.select_related("runner").get(pk=job_id)
    started = time.process_time()
    changed = False
    more = False
    read = 0
    try:
        for item in job.files.filter(state=ImportFile.State.WAITING, role=ImportFile.Role.UPLOAD).order_by("position"):
            if _needs_opening(job, item):
                _unpack(job, item)
        # ids first: on SQLite, rows changed while a query over them is being iterated can be skipped
        waiting = job.files.filter(state=ImportFile.State.WAITING).order_by("position").values_list("pk", flat=True)
        for pk in list(waiting):
            item = ImportFile.objects.get(pk=pk)
            if read and time.process_time() - started > cpu_seconds:  # at least one row per chunk
                more = True
                break
            read += 1
            if item.role != ImportFile.Role.UPLOAD or job.kind == ImportJob.Kind.WATCH:
                wait = _activity_budget(job.runner)
                if wait is not None:
                    ImportJob.objects.filter(pk=job_id).update(
                        status=ImportJob.Status.PAUSED, paused_until=timezone.now() + dt.timedelta(seconds=wait)
                    )
                    return
            changed = _read_one(job.runner, job, item) or changed
            ImportJob.objects.filter(pk=job_id).update(updated_at=timezone.now())
    except SoftTimeLimitExceeded:
        more = True
    finally:
        if changed:
            announce_journal_changed(job.runner_id)
    if more and not requeue:
        return
    if more:
        try:
            queue_import(job_id)
            return
        except (BrokerError, RedisError, OSError):
            logger.warning("import job %s: the next chunk could not be queued; its page resumes it", job_id)
            return
    ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.RUNNING).update(
        status=ImportJob.Status.DONE, finished_at=timezone.now()
    )


def import_job_days(job: ImportJob) -> list[dt.date]:
    """The days the job added sessions to (for the journal filtered to this import)."""
    ids = [
        leg["session"]
        for legs in job.files.exclude(legs=[]).values_list("legs", flat=True)
        for leg in legs
        if leg.get("session")
    ]
    return sorted(set(TrainingSession.objects.filter(runner=job.runner_id, pk__in=ids).values_list("day", flat=True)))


# --- the result page ---------------------------------------------------------------------------------
KINDS = (("run", "Runs"), ("walk", "Walks"), ("other", "Cross-training (rides, swims, gym and the rest)"))
SHOWN_ROWS = 300


def import_job_summary(job: ImportJob, files: list[ImportFile]) -> dict:
    """What the job page shows: progress over the activities found, and per kind of activity how many
    were added, skipped as duplicates and refused; the files that need the runner's eye come first."""
    rows = [f for f in files if f.state != ImportFile.State.UNPACKED]
    done = sum(1 for f in rows if f.state != ImportFile.State.WAITING)
    counts = {kind: {"added": 0, "duplicate": 0, "refused": 0} for kind, _ in KINDS}
    unread = 0
    for f in rows:
        if f.legs:
            for leg in f.legs:
                counts.get(leg.get("kind"), counts["other"])[leg.get("outcome", "refused")] += 1
        elif f.state == ImportFile.State.REFUSED and not (
            job.kind == ImportJob.Kind.CSV and f.role == ImportFile.Role.UPLOAD
        ):
            unread += 1
    kinds = [{"label": label, **counts[kind]} for kind, label in KINDS if any(counts[kind].values())]
    attention = [f for f in rows if f.state == ImportFile.State.REFUSED or "Check it" in f.message]
    others = [f for f in rows if f not in attention]
    listed = (attention + others)[:SHOWN_ROWS]
    return {
        "files": listed,
        "more_files": len(rows) - len(listed),
        "opened": [f for f in files if f.state == ImportFile.State.UNPACKED],
        "total": len(rows),
        "done": done,
        "finished": job.status == ImportJob.Status.DONE,
        "paused": job.status == ImportJob.Status.PAUSED,
        "imported": sum(1 for f in rows if f.state == ImportFile.State.IMPORTED),
        "kinds": kinds,
        "unread": unread,
        "added": sum(k["added"] for k in kinds),
    }
