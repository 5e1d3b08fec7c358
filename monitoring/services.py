"""Monitoring writes: the batched scan that opens flags, notifications, check-ins and reminders.

The same functions serve the Celery tasks, ``manage.py scan_flags`` and ``manage.py bench_scan``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import zoneinfo
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from accounts.access import linked_physios
from accounts.models import Role, User
from journal.metrics import SessionPoint
from journal.models import RUN_TYPES, Entry, TrainingSession
from monitoring import emails

from .models import (
    NO_LONGER_SEEN_NOTE,
    SEVERITY_OF,
    SIGN_TIER_OF,
    CheckIn,
    CloseReason,
    Flag,
    FlagStatus,
    ReminderLog,
    ScanNight,
    Severity,
)
from .queueing import queue_runner_check
from .rules import CheckInAnswer, EntryPoint, RunnerSeries, SessionRecord, evaluate, signs_are_new, signs_got_worse
from .selectors import runner_may_record_assessment
from .thresholds import Thresholds

logger = logging.getLogger(__name__)

CHECKIN_CREATE_DAYS = 2  # runs from the last two local days get a check-in if they have none
CHECKIN_EMAIL_STALE = dt.timedelta(days=2)  # a check-in email older than this is no longer sent
EMPTY_JSON_LISTS = frozenset({"[]", "null", ""})
REMINDER_WINDOW = dt.timedelta(hours=2)  # a reminder goes out within two hours after the chosen time


def thresholds_from_settings() -> Thresholds:
    """The operator's thresholds (``MONITORING_THRESHOLDS``, built from the environment in settings)."""
    return getattr(settings, "MONITORING_THRESHOLDS", None) or Thresholds()


def _history(
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


STANDING_FIELD = "standing_conditions"  # a JSON list of rulebook STANDING_CONDITIONS codes on accounts.User
WORSE_ACTION = "worse"
WORSE_NOTE = "New warning signs logged while the flag was open; the runner and their physio were told again."


def _profile_fields() -> list[str]:
    """The runner fields the scan reads: id, time zone and the standing conditions (the health background)."""
    return ["id", "time_zone", STANDING_FIELD]


def monitored_runners():
    """Every account the scan looks at: active runners (not physios, not staff)."""
    return User.objects.filter(is_active=True, role=Role.RUNNER, is_staff=False)


def runner_id_pages(*, batch_size: int | None = None) -> Iterator[list[int]]:
    """Runner ids in pages, by keyset (``id > last``) so every page costs the same."""
    size = batch_size or settings.MONITORING_BATCH_SIZE
    last = 0
    while True:
        page = list(monitored_runners().filter(id__gt=last).order_by("id").values_list("id", flat=True)[:size])
        if not page:
            return
        yield page
        last = page[-1]


def scan_night_claim(*, now: dt.datetime, stale_after: dt.timedelta) -> ScanNight | None:
    """Claims tonight's scan; None when it is already claimed (a second beat) or done.

    A claim whose batches were never all queued (the task died) is taken over once it is older than
    ``stale_after``; the batches themselves are idempotent, so a takeover never duplicates a flag.
    """
    night = now.date()
    claim, created = ScanNight.objects.get_or_create(night=night, defaults={"claimed_at": now})
    if created:
        return claim
    taken = ScanNight.objects.filter(pk=claim.pk, queued_at__isnull=True, claimed_at__lt=now - stale_after).update(
        claimed_at=now
    )
    if taken:
        claim.refresh_from_db()
        return claim
    return None


def scan_night_queued(*, claim: ScanNight, batches: int) -> None:
    ScanNight.objects.filter(pk=claim.pk).update(queued_at=timezone.now(), batches=batches)


@dataclass
class ScanResult:
    runners: int = 0
    findings: int = 0
    opened: int = 0
    updated: int = 0  # open flags whose evidence changed
    closed: int = 0  # review and advisory flags closed because their condition no longer holds
    worse: int = 0  # open warning-sign flags whose signs got worse (announced again)
    checkins_created: int = 0
    opened_kinds: list[tuple[int, str]] = field(default_factory=list)

    def add(self, other: ScanResult) -> None:
        self.runners += other.runners
        self.findings += other.findings
        self.opened += other.opened
        self.updated += other.updated
        self.closed += other.closed
        self.worse += other.worse
        self.checkins_created += other.checkins_created
        self.opened_kinds += other.opened_kinds


def checkin_due(
    *, started_at: dt.datetime | None, run_day: dt.date, zone: zoneinfo.ZoneInfo, hours: int
) -> dt.datetime:
    """Due ``hours`` (24) after the run's start; with no start time, at the end of the run's local day."""
    if started_at is not None:
        return started_at + dt.timedelta(hours=hours)
    return dt.datetime.combine(run_day + dt.timedelta(days=1), dt.time(0), tzinfo=zone)


def scan_batch(*, runner_ids: Sequence[int], notify: bool = True, now: dt.datetime | None = None) -> ScanResult:
    """Evaluates the rules for these runners, opens new flags and re-evaluates open ones; idempotent.

    Five set-based reads whatever the batch size (runners, entries, sessions, check-ins, recent flags),
    then two bulk inserts that skip rows the unique constraints refuse (so concurrent scans never
    duplicate an open flag or a check-in). Every open flag is re-evaluated: its evidence is brought up
    to date (one bulk update), and a review or advisory flag whose condition no longer holds closes with
    "no longer seen in your journal" (a conditional update each, so a person's decision is never
    overwritten). Urgent flags stay open until a person closes them. Emails go out after commit.
    """
    now = now or timezone.now()
    thresholds = thresholds_from_settings()
    result = ScanResult()
    with transaction.atomic():
        runners = list(monitored_runners().filter(id__in=list(runner_ids)).only(*_profile_fields()))
        if not runners:
            return result
        ids = [user.id for user in runners]
        zone_of = {user.id: zoneinfo.ZoneInfo(user.time_zone) for user in runners}
        # Standing conditions come from the profile (read defensively: the field is new on accounts.User).
        standing_of = {user.id: tuple(user.standing_conditions or ()) for user in runners}
        today_of = {rid: timezone.localtime(now, zone_of[rid]).date() for rid in ids}
        since = min(today_of.values()) - dt.timedelta(days=thresholds.lookback_days)

        entries: dict[int, list[EntryPoint]] = defaultdict(list)
        # Symptoms come back as JSON text and are decoded only when not empty (most days): decoding every
        # row's JSON was the largest single cost of the scan.
        entry_rows = (
            Entry.objects.filter(runner_id__in=ids, day__gte=since)
            .annotate(symptoms_json=Cast("symptoms", TextField()))
            .order_by("runner_id", "day")
            .values_list("runner_id", "day", "pain", "symptoms_json", "sleep_disturbed", "normal_stride", "spasm")
        )
        for rid, day, pain, symptoms, sleep, stride, spasm in entry_rows:
            codes = tuple(json.loads(symptoms)) if symptoms and symptoms not in EMPTY_JSON_LISTS else ()
            entries[rid].append(
                EntryPoint(day=day, pain=pain, symptoms=codes, sleep_disturbed=sleep, normal_stride=stride, spasm=spasm)
            )

        sessions: dict[int, list[SessionRecord]] = defaultdict(list)
        session_rows = TrainingSession.objects.filter(runner_id__in=ids, day__gte=since).values_list(
            "runner_id", "id", "day", "started_at", "session_type", "distance_m", "duration_s", "rpe",
            "pain_during", "pain_after",
        )  # fmt: skip
        recent_runs: dict[int, tuple] = {}
        for rid, sid, day, started, kind, dist, dur, rpe, during, after in session_rows:
            is_run = kind in RUN_TYPES
            sessions[rid].append(
                SessionRecord(
                    point=SessionPoint(day=day, distance_m=dist, duration_s=dur, rpe=rpe, is_run=is_run),
                    pain_during=during,
                    pain_after=after,
                )
            )
            if is_run and day >= today_of[rid] - dt.timedelta(days=CHECKIN_CREATE_DAYS):
                due = checkin_due(started_at=started, run_day=day, zone=zone_of[rid], hours=thresholds.checkin_hours)
                recent_runs[sid] = (rid, day, due)

        checkins: dict[int, list[CheckInAnswer]] = defaultdict(list)
        for rid, sid, run_day, settled in CheckIn.objects.filter(runner_id__in=ids, run_day__gte=since).values_list(
            "runner_id", "session_id", "run_day", "settled"
        ):
            recent_runs.pop(sid, None)
            if settled is not None:
                checkins[rid].append(CheckInAnswer(run_day=run_day, settled=settled))
        runs_needing_checkin = [(sid, *rest) for sid, rest in recent_runs.items()]

        # Open flags (to re-evaluate), closed ones recent enough to cover evidence still in the look-back, and
        # every closed warning-sign flag (a standing condition stays true for years: what a clinician cleared
        # is remembered, so it reopens only when something changes).
        recent = now - dt.timedelta(days=thresholds.lookback_days + 2)
        open_flags: dict[tuple[int, str], tuple[int, str, dict, list]] = {}
        covered_until: dict[tuple[int, str], str] = {}
        unannounced = False  # an open flag whose email failed before: this scan sends it again
        cleared_signs: dict[tuple[int, str], dict] = {}
        for pk, rid, kind, severity, status, evidence, history, notified_at in (
            Flag.objects.filter(runner_id__in=ids)
            .filter(
                Q(status=FlagStatus.OPEN)
                | Q(opened_at__gte=recent)
                | Q(updated_at__gte=recent)
                | Q(kind__in=list(SIGN_TIER_OF))
            )
            .values_list("pk", "runner_id", "kind", "severity", "status", "evidence", "history", "notified_at")
        ):
            evidence = evidence or {}
            if status == FlagStatus.OPEN:
                open_flags[(rid, kind)] = (pk, severity, evidence, history or [])
                unannounced = unannounced or notified_at is None
            elif kind in SIGN_TIER_OF:
                seen = cleared_signs.setdefault((rid, kind), {"days": [], "standing": []})
                seen["days"] += evidence.get("days", [])
                seen["standing"] += evidence.get("standing", [])
            else:
                last = evidence.get("last_day", "")
                covered_until[(rid, kind)] = max(covered_until.get((rid, kind), ""), last)

        new_flags: list[Flag] = []
        changed: list[Flag] = []
        worse: list[tuple[int, dict, list]] = []
        found: set[tuple[int, str]] = set()
        for rid in ids:
            series = RunnerSeries(
                today=today_of[rid],
                entries=entries[rid],
                sessions=sessions[rid],
                checkins=checkins[rid],
                standing=standing_of[rid],
            )
            for finding in evaluate(series, thresholds):
                result.findings += 1
                key = (rid, finding.kind)
                found.add(key)
                if key in open_flags:
                    pk, _, evidence, history = open_flags[key]
                    if finding.kind in SIGN_TIER_OF and signs_got_worse(finding.evidence, evidence):
                        worse.append((pk, finding.evidence, history))  # the runner and physio are told again
                    elif evidence != finding.evidence:
                        changed.append(Flag(pk=pk, evidence=finding.evidence, updated_at=now))
                    continue
                if key in cleared_signs:
                    if not signs_are_new(finding.evidence, cleared_signs[key]):
                        continue  # a clinician (or the runner) cleared these same signs: nothing has changed
                elif finding.new_from <= covered_until.get(key, ""):
                    continue  # a person (or the scan) already closed it for this same evidence
                new_flags.append(
                    Flag(
                        runner_id=rid, kind=finding.kind, severity=SEVERITY_OF[finding.kind], evidence=finding.evidence
                    )
                )
                result.opened_kinds.append(key)
        if changed:
            result.updated = Flag.objects.bulk_update(changed, ["evidence", "updated_at"])
        for pk, evidence, history in worse:
            # Un-claiming the flag's emails (notified_at = NULL) sends them again through the usual path.
            result.worse += Flag.objects.filter(pk=pk, status=FlagStatus.OPEN).update(
                evidence=evidence,
                notified_at=None,
                history=_history(history, at=now, action=WORSE_ACTION, by=None, note=WORSE_NOTE),
                updated_at=now,
            )
        for key, (pk, severity, _, history) in open_flags.items():
            if key in found or severity == Severity.URGENT:
                continue
            result.closed += Flag.objects.filter(pk=pk, status=FlagStatus.OPEN).update(
                status=FlagStatus.RESOLVED,
                resolved_at=now,
                resolve_note=NO_LONGER_SEEN_NOTE,
                close_reason=CloseReason.NO_LONGER_SEEN,
                history=_history(history, at=now, action="closed", by=None, note=NO_LONGER_SEEN_NOTE),
                updated_at=now,
            )
        if new_flags:
            before = Flag.objects.filter(runner_id__in=ids, status=FlagStatus.OPEN).count()
            Flag.objects.bulk_create(new_flags, ignore_conflicts=True)
            result.opened = Flag.objects.filter(runner_id__in=ids, status=FlagStatus.OPEN).count() - before
        if runs_needing_checkin:
            result.checkins_created = _checkins_insert(runs_needing_checkin, now=now)
        result.runners = len(ids)
        if new_flags or unannounced or result.worse:
            if notify:
                transaction.on_commit(lambda: flags_notify_pending(runner_ids=ids))
            else:
                Flag.objects.filter(runner_id__in=ids, status=FlagStatus.OPEN, notified_at=None).update(notified_at=now)
    return result


CHECKIN_INSERT_CHUNK = 500  # rows per INSERT statement (5 parameters each: well under SQLite's limit)


def _checkins_insert(rows: Sequence[tuple], *, now: dt.datetime) -> int:
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


def scan_all(*, notify: bool = True, batch_size: int | None = None) -> ScanResult:
    """Every monitored runner, batch by batch, in this process (the command and the demo use it)."""
    total = ScanResult()
    for page in runner_id_pages(batch_size=batch_size):
        total.add(scan_batch(runner_ids=page, notify=notify))
    return total


def flags_notify_pending(*, runner_ids: Sequence[int]) -> int:
    """Emails the runner (and linked physios, for urgent flags) about each open flag nobody has announced yet.

    The flags are claimed first with one conditional update that stamps them with this call's own
    timestamp (``UPDATE ... SET notified_at = <stamp> WHERE notified_at IS NULL``): a flag another
    process claimed first is not ours, so no email goes out twice. A flag whose email fails is
    un-claimed, and the next scan tries again.
    """
    pending = Flag.objects.filter(runner_id__in=list(runner_ids), status=FlagStatus.OPEN, notified_at=None)
    stamp = timezone.now()
    with transaction.atomic():
        if not pending.update(notified_at=stamp):
            return 0
    sent = 0
    for flag in Flag.objects.filter(runner_id__in=list(runner_ids), notified_at=stamp).select_related("runner"):
        try:
            emails.send_flag_opened_to_runner(flag)
            if flag.severity == Severity.URGENT:
                for physio in linked_physios(flag.runner):
                    emails.send_flag_opened_to_physio(flag, physio)
            sent += 1
        except Exception:
            logger.exception("Could not send the emails for flag %s; the next scan will try again", flag.pk)
            Flag.objects.filter(pk=flag.pk, notified_at=stamp).update(notified_at=None)
    return sent


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
    history = _history(current, at=now, action=action, by=by, note=note, on=on)
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


def reminders_send_due(*, now: dt.datetime | None = None) -> int:
    """Sends the daily logging reminder to runners whose local reminder time has come (once a local day).

    Runners who have already logged today are skipped.
    """
    now = now or timezone.now()
    sent = 0
    candidates = monitored_runners().filter(reminder_enabled=True, reminder_time__isnull=False)
    for user in candidates.only("id", "email", "display_name", "time_zone", "reminder_time"):
        local = timezone.localtime(now, user.zone)
        chosen = dt.datetime.combine(local.date(), user.reminder_time, tzinfo=user.zone)
        if not (chosen <= local < chosen + REMINDER_WINDOW):
            continue
        today = local.date()
        if Entry.objects.filter(runner=user, day=today).exists():
            continue
        try:
            with transaction.atomic():
                ReminderLog.objects.get_or_create(runner=user)
                claimed = (
                    ReminderLog.objects.filter(runner=user)
                    .filter(Q(last_sent_on__isnull=True) | ~Q(last_sent_on=today))
                    .update(last_sent_on=today)
                )
                if claimed:
                    emails.send_daily_reminder(user)
                    sent += 1
        except Exception:
            logger.exception("Could not send the daily reminder to user %s", user.pk)
    return sent
