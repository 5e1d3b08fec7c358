"""The batched scan: reads a page of runners' journals, runs the rules and moves their flags.

The same functions serve the Celery tasks, ``manage.py scan_flags`` and ``manage.py bench_scan``. One
batch is five set-based reads whatever its size (runners, entries, sessions, check-ins, open and recent
flags), the rules in Python, then only the writes there is something to write (``monitoring.flags``
moves the flags, ``monitoring.checkins`` inserts the check-ins), and the announcements after commit
(``monitoring.notifications``).
"""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from journal.metrics import SessionPoint
from journal.models import RUN_TYPES, Entry, TrainingSession
from monitoring import checkins, flags, notifications

from .models import SEVERITY_OF, SIGN_TIER_OF, CheckIn, Flag, FlagStatus, ScanNight, Severity
from .rules import (
    CheckInAnswer,
    EntryPoint,
    Finding,
    RunnerSeries,
    SessionRecord,
    evaluate,
    signs_are_new,
    signs_got_worse,
)
from .selectors import monitored_runners, thresholds_from_settings
from .thresholds import Thresholds

EMPTY_JSON_LISTS = frozenset({"[]", "null", ""})
STANDING_FIELD = "standing_conditions"  # a JSON list of rulebook STANDING_CONDITIONS codes on accounts.User
PROFILE_FIELDS = ("id", "time_zone", STANDING_FIELD)  # what the scan reads of each runner

Key = tuple[int, str]  # (runner id, flag kind)


# --- pages and nights ----------------------------------------------------------------------------------
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


# --- what one batch reads ------------------------------------------------------------------------------
@dataclass
class Runners:
    """The page's runners: ids, local today, time zone and standing conditions (the health background)."""

    ids: list[int]
    today_of: dict[int, dt.date]
    zone_of: dict[int, zoneinfo.ZoneInfo]
    standing_of: dict[int, tuple[str, ...]]


@dataclass
class Journals:
    """The page's journals in the look-back: entries, sessions and answered check-ins by runner id."""

    entries: dict[int, list[EntryPoint]]
    sessions: dict[int, list[SessionRecord]]
    answers: dict[int, list[CheckInAnswer]]

    def series(self, runners: Runners, rid: int) -> RunnerSeries:
        """What the rules read for one runner (pure data, no database)."""
        return RunnerSeries(
            today=runners.today_of[rid],
            entries=self.entries[rid],
            sessions=self.sessions[rid],
            checkins=self.answers[rid],
            standing=runners.standing_of[rid],
        )


@dataclass
class FlagRow:
    pk: int
    severity: str
    evidence: dict
    history: list


@dataclass
class KnownFlags:
    """Open flags (to re-evaluate), how far closed ones cover the evidence, and cleared warning signs."""

    open: dict[Key, FlagRow] = field(default_factory=dict)
    covered_until: dict[Key, str] = field(default_factory=dict)  # newest evidence day a closed flag covered
    cleared_signs: dict[Key, dict] = field(default_factory=dict)  # signs and standing conditions a person cleared
    unannounced: bool = False  # an open flag whose email failed before: this scan sends it again


@dataclass
class Decisions:
    """What the rules' findings mean for the page's flags."""

    new_flags: list[Flag] = field(default_factory=list)
    changed: list[Flag] = field(default_factory=list)  # open flags with new figures
    worse: list[tuple[int, dict, list]] = field(default_factory=list)  # (pk, evidence, history): told again
    found: set[Key] = field(default_factory=set)


def _read_runners(runner_ids: Sequence[int], *, now: dt.datetime) -> Runners | None:
    users = list(monitored_runners().filter(id__in=list(runner_ids)).only(*PROFILE_FIELDS))
    if not users:
        return None
    zone_of = {user.id: zoneinfo.ZoneInfo(user.time_zone) for user in users}
    return Runners(
        ids=[user.id for user in users],
        today_of={user.id: timezone.localtime(now, zone_of[user.id]).date() for user in users},
        zone_of=zone_of,
        standing_of={user.id: tuple(user.standing_conditions or ()) for user in users},
    )


def _read_entries(ids: list[int], *, since: dt.date) -> dict[int, list[EntryPoint]]:
    """Each runner's entries since ``since``. Symptoms come back as JSON text and are decoded only when not
    empty (most days): decoding every row's JSON was the largest single cost of the scan."""
    entries: dict[int, list[EntryPoint]] = defaultdict(list)
    rows = (
        Entry.objects.filter(runner_id__in=ids, day__gte=since)
        .annotate(symptoms_json=Cast("symptoms", TextField()))
        .order_by("runner_id", "day")
        .values_list("runner_id", "day", "pain", "symptoms_json", "sleep_disturbed", "normal_stride", "spasm")
    )
    for rid, day, pain, symptoms, sleep, stride, spasm in rows:
        codes = tuple(json.loads(symptoms)) if symptoms and symptoms not in EMPTY_JSON_LISTS else ()
        entries[rid].append(
            EntryPoint(day=day, pain=pain, symptoms=codes, sleep_disturbed=sleep, normal_stride=stride, spasm=spasm)
        )
    return entries


def _read_sessions(
    runners: Runners, *, since: dt.date, thresholds: Thresholds
) -> tuple[dict[int, list[SessionRecord]], dict[int, tuple]]:
    """Each runner's sessions since ``since``, and the recent runs that may need a check-in
    (session id: (runner id, run day, due at))."""
    sessions: dict[int, list[SessionRecord]] = defaultdict(list)
    recent_runs: dict[int, tuple] = {}
    rows = TrainingSession.objects.filter(runner_id__in=runners.ids, day__gte=since).values_list(
        "runner_id", "id", "day", "started_at", "session_type", "distance_m", "duration_s", "rpe",
        "pain_during", "pain_after",
    )  # fmt: skip
    for rid, sid, day, started, kind, dist, dur, rpe, during, after in rows:
        is_run = kind in RUN_TYPES
        point = SessionPoint(day=day, distance_m=dist, duration_s=dur, rpe=rpe, is_run=is_run)
        sessions[rid].append(SessionRecord(point=point, pain_during=during, pain_after=after))
        if is_run and day >= runners.today_of[rid] - dt.timedelta(days=checkins.CHECKIN_CREATE_DAYS):
            due = checkins.checkin_due(
                started_at=started, run_day=day, zone=runners.zone_of[rid], hours=thresholds.checkin_hours
            )
            recent_runs[sid] = (rid, day, due)
    return sessions, recent_runs


def _read_checkins(
    ids: list[int], *, since: dt.date, recent_runs: dict[int, tuple]
) -> tuple[dict[int, list[CheckInAnswer]], list[tuple]]:
    """Each runner's answered check-ins, and the recent runs that have none yet (rows for checkins_insert)."""
    answers: dict[int, list[CheckInAnswer]] = defaultdict(list)
    needing = dict(recent_runs)
    rows = CheckIn.objects.filter(runner_id__in=ids, run_day__gte=since).values_list(
        "runner_id", "session_id", "run_day", "settled"
    )
    for rid, sid, run_day, settled in rows:
        needing.pop(sid, None)
        if settled is not None:
            answers[rid].append(CheckInAnswer(run_day=run_day, settled=settled))
    return answers, [(sid, *rest) for sid, rest in needing.items()]


def _read_flags(ids: list[int], *, recent: dt.datetime) -> KnownFlags:
    """Open flags, closed ones recent enough to cover evidence still in the look-back, and every closed
    warning-sign flag (a standing condition stays true for years: what a clinician cleared is remembered,
    so it reopens only when something changes)."""
    known = KnownFlags()
    rows = (
        Flag.objects.filter(runner_id__in=ids)
        .filter(
            Q(status=FlagStatus.OPEN) | Q(opened_at__gte=recent) | Q(updated_at__gte=recent)
            | Q(kind__in=list(SIGN_TIER_OF))
        )
        .values_list("pk", "runner_id", "kind", "severity", "status", "evidence", "history", "notified_at")
    )  # fmt: skip
    for pk, rid, kind, severity, status, evidence, history, notified_at in rows:
        _remember_flag(known, (rid, kind), FlagRow(pk, severity, evidence or {}, history or []), status, notified_at)
    return known


def _remember_flag(known: KnownFlags, key: Key, flag: FlagRow, status: str, notified_at: dt.datetime | None) -> None:
    """Files one flag row: open (to re-evaluate), cleared warning signs, or how far a closed flag covered."""
    if status == FlagStatus.OPEN:
        known.open[key] = flag
        known.unannounced = known.unannounced or notified_at is None
    elif key[1] in SIGN_TIER_OF:
        seen = known.cleared_signs.setdefault(key, {"days": [], "standing": []})
        seen["days"] += flag.evidence.get("days", [])
        seen["standing"] += flag.evidence.get("standing", [])
    else:
        known.covered_until[key] = max(known.covered_until.get(key, ""), flag.evidence.get("last_day", ""))


# --- what the findings mean ----------------------------------------------------------------------------
def _decide_open(decisions: Decisions, flag: FlagRow, finding: Finding, *, now: dt.datetime) -> None:
    """A finding for an open flag: told again when its signs got worse, else its figures brought up to date."""
    if finding.kind in SIGN_TIER_OF and signs_got_worse(finding.evidence, flag.evidence):
        decisions.worse.append((flag.pk, finding.evidence, flag.history))
    elif flag.evidence != finding.evidence:
        decisions.changed.append(Flag(pk=flag.pk, evidence=finding.evidence, updated_at=now))


def _already_closed(known: KnownFlags, key: Key, finding: Finding) -> bool:
    """A person (or the scan) already closed a flag for this same evidence: it does not open again."""
    if key in known.cleared_signs:
        return not signs_are_new(finding.evidence, known.cleared_signs[key])
    return finding.new_from <= known.covered_until.get(key, "")


def _decide(
    runners: Runners,
    journals: Journals,
    known: KnownFlags,
    result: ScanResult,
    *,
    thresholds: Thresholds,
    now: dt.datetime,
) -> Decisions:
    """Runs the rules for each runner and sorts their findings: new flags, changed figures, worse signs."""
    decisions = Decisions()
    for rid in runners.ids:
        for finding in evaluate(journals.series(runners, rid), thresholds):
            result.findings += 1
            key = (rid, finding.kind)
            decisions.found.add(key)
            if key in known.open:
                _decide_open(decisions, known.open[key], finding, now=now)
            elif not _already_closed(known, key, finding):
                decisions.new_flags.append(
                    Flag(
                        runner_id=rid, kind=finding.kind, severity=SEVERITY_OF[finding.kind], evidence=finding.evidence
                    )
                )
                result.opened_kinds.append(key)
    return decisions


# --- the writes ----------------------------------------------------------------------------------------
def _write_flags(
    decisions: Decisions, known: KnownFlags, result: ScanResult, *, ids: list[int], now: dt.datetime
) -> None:
    """Only what changed: new figures, worse signs, flags no longer seen, new flags (monitoring.flags)."""
    result.updated = flags.flags_update_evidence(decisions.changed)
    for pk, evidence, history in decisions.worse:
        result.worse += flags.flag_announce_worse(pk=pk, evidence=evidence, history=history, now=now)
    for key, flag in known.open.items():
        if key not in decisions.found and flag.severity != Severity.URGENT:  # urgent flags wait for a person
            result.closed += flags.flag_close_no_longer_seen(pk=flag.pk, history=flag.history, now=now)
    if decisions.new_flags:
        result.opened = flags.flags_open(new_flags=decisions.new_flags, runner_ids=ids)


def _announce(ids: list[int], *, notify: bool, now: dt.datetime) -> None:
    """New, worse and earlier unannounced flags are announced after commit (or, without notify, marked so)."""
    if notify:
        transaction.on_commit(lambda: notifications.flags_notify_pending(runner_ids=ids))
    else:
        notifications.flags_mark_notified(runner_ids=ids, now=now)


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
        runners = _read_runners(runner_ids, now=now)
        if runners is None:
            return result
        ids = runners.ids
        since = min(runners.today_of.values()) - dt.timedelta(days=thresholds.lookback_days)
        entries = _read_entries(ids, since=since)
        sessions, recent_runs = _read_sessions(runners, since=since, thresholds=thresholds)
        answers, runs_needing_checkin = _read_checkins(ids, since=since, recent_runs=recent_runs)
        known = _read_flags(ids, recent=now - dt.timedelta(days=thresholds.lookback_days + 2))
        journals = Journals(entries=entries, sessions=sessions, answers=answers)
        decisions = _decide(runners, journals, known, result, thresholds=thresholds, now=now)
        _write_flags(decisions, known, result, ids=ids, now=now)
        if runs_needing_checkin:
            result.checkins_created = checkins.checkins_insert(runs_needing_checkin, now=now)
        result.runners = len(ids)
        if decisions.new_flags or known.unannounced or result.worse:
            _announce(ids, notify=notify, now=now)
    return result


def scan_all(*, notify: bool = True, batch_size: int | None = None) -> ScanResult:
    """Every monitored runner, batch by batch, in this process (the command and the demo use it)."""
    total = ScanResult()
    for page in runner_id_pages(batch_size=batch_size):
        total.add(scan_batch(runner_ids=page, notify=notify))
    return total
