"""The batched scan: opening each flag once, notifying once, and respecting people's decisions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from accounts.models import CareLink
from monitoring import checkins, tasks
from monitoring import scan as monitoring_scan
from monitoring.checkins import checkin_answer
from monitoring.flags import flag_acknowledge, flag_dismiss, flag_record_assessment
from monitoring.models import CheckIn, Flag, FlagStatus
from monitoring.notifications import flags_notify_pending
from monitoring.scan import runner_id_pages, scan_batch, scan_night_claim, scan_night_queued
from tests.factories import EntryFactory, RunnerFactory, TrainingSessionFactory
from tests.query_counts import QUERY_COUNTS

from .conftest import NOW, TODAY, log_rising_weeks, log_symptom

pytestmark = pytest.mark.django_db


def open_kinds(runner):
    return sorted(Flag.objects.filter(runner=runner, status=FlagStatus.OPEN).values_list("kind", flat=True))


def test_a_scan_opens_one_flag_per_finding_with_its_evidence(runner, frozen, django_capture_on_commit_callbacks):
    log_symptom(runner, "leg_pain", "night_pain")
    log_rising_weeks(runner, means=(2, 2, 5))
    with django_capture_on_commit_callbacks(execute=True):
        result = scan_batch(runner_ids=[runner.id])
    assert result.opened == 3
    assert open_kinds(runner) == ["leg_symptoms", "night_pain", "worsening_week_on_week"]
    assert Flag.objects.get(runner=runner, kind="worsening_week_on_week").evidence["rise_points"] == 3
    leg = Flag.objects.get(runner=runner, kind="leg_symptoms")
    assert leg.severity == "review"  # triage's "see a clinician" tier, not urgent
    assert leg.evidence == {
        "days": [{"day": "2026-03-11", "symptoms": ["leg_pain"], "pain": 5}],
        "last_day": "2026-03-11",
    }


def test_running_the_scan_twice_changes_nothing_and_sends_each_email_once(
    runner, frozen, django_capture_on_commit_callbacks
):
    log_symptom(runner, "saddle_numbness")
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            scan_batch(runner_ids=[runner.id])
    flags = list(Flag.objects.filter(runner=runner).values_list("id", "kind", "status", "notified_at"))
    assert len(flags) == 1
    assert flags[0][3] == NOW
    assert len(mail.outbox) == 1


def test_the_check_runner_task_is_idempotent(runner, frozen, django_capture_on_commit_callbacks):
    log_symptom(runner, "leg_neuro")
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.check_runner(runner.id) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.check_runner(runner.id) == 0
    assert Flag.objects.filter(runner=runner).count() == 1
    assert len(mail.outbox) == 1


def test_a_flag_opened_by_a_concurrent_check_is_not_duplicated(runner, frozen, monkeypatch):
    log_symptom(runner, "leg_pain")
    real_evaluate = monitoring_scan.evaluate

    def evaluate_while_another_worker_opens_the_flag(series, thresholds):
        Flag.objects.create(runner=runner, kind="leg_symptoms", severity="urgent", evidence={"last_day": "x"})
        return real_evaluate(series, thresholds)

    monkeypatch.setattr(monitoring_scan, "evaluate", evaluate_while_another_worker_opens_the_flag)
    result = scan_batch(runner_ids=[runner.id], notify=False)
    assert result.opened == 0
    assert Flag.objects.filter(runner=runner, kind="leg_symptoms").count() == 1


def test_each_new_flag_is_announced_once_after_its_runner_is_told(
    runner, frozen, announced, django_capture_on_commit_callbacks
):
    """Monitoring tells the runner and announces the flag (flag_opened); who else hears is the clinic's
    business (tests/clinic/test_flag_mail.py)."""
    log_symptom(runner, "bladder_bowel", "night_pain")
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            scan_batch(runner_ids=[runner.id])
    flags = {flag.kind: flag.pk for flag in Flag.objects.filter(runner=runner)}
    assert sorted(announced) == sorted([("opened", flags["emergency_symptoms"]), ("opened", flags["night_pain"])])
    assert [m.to for m in mail.outbox] == [[runner.email]] * 2


def test_a_scan_without_notify_announces_nothing(runner, frozen, announced, django_capture_on_commit_callbacks):
    log_symptom(runner, "bladder_bowel")
    with django_capture_on_commit_callbacks(execute=True):
        scan_batch(runner_ids=[runner.id], notify=False)
    assert announced == []
    assert mail.outbox == []
    assert Flag.objects.get(runner=runner).notified_at == NOW


def test_a_closed_flag_is_not_reopened_for_the_same_evidence_but_is_for_new_evidence(
    runner, frozen, time_machine, django_capture_on_commit_callbacks
):
    log_symptom(runner, "night_pain", day=TODAY - dt.timedelta(days=1))
    scan_batch(runner_ids=[runner.id], notify=False)
    flag = Flag.objects.get(runner=runner)
    assert flag_dismiss(flag=flag, by=runner, note="Seen by my physio")
    scan_batch(runner_ids=[runner.id], notify=False)
    assert open_kinds(runner) == []

    log_symptom(runner, "night_pain", day=TODAY)
    scan_batch(runner_ids=[runner.id], notify=False)
    assert open_kinds(runner) == ["night_pain"]


def test_days_are_the_runners_local_days(frozen, time_machine):
    # Sunday 20:00 UTC is already Monday 09:00 in Auckland: Monday's entry is today there, tomorrow in London.
    time_machine.move_to(dt.datetime(2026, 3, 15, 20, 0, tzinfo=dt.UTC), tick=False)
    kiwi = RunnerFactory(time_zone="Pacific/Auckland")
    londoner = RunnerFactory(time_zone="Europe/London")
    for r in (kiwi, londoner):
        EntryFactory(runner=r, day=dt.date(2026, 3, 14), pain=2)
        EntryFactory(runner=r, day=dt.date(2026, 3, 15), pain=8)
        EntryFactory(runner=r, day=dt.date(2026, 3, 16), pain=9)
    scan_batch(runner_ids=[kiwi.id, londoner.id], notify=False)
    assert open_kinds(kiwi) == ["persistent_high_pain", "severe_pain"]
    assert open_kinds(londoner) == []


def test_one_batch_reads_the_data_in_a_constant_number_of_queries(frozen, django_assert_num_queries):
    runners = RunnerFactory.create_batch(5)
    for r in runners:
        EntryFactory(runner=r, day=TODAY, pain=2)
        TrainingSessionFactory(runner=r, day=TODAY - dt.timedelta(days=10))
    ids = [r.id for r in runners]
    # 1 savepoint, 2 runners, 3 entries, 4 sessions, 5 check-ins, 6 open and recent flags, 7 release savepoint
    # (nothing opened, changed or closed here: those writes come only when there is something to write)
    with django_assert_num_queries(QUERY_COUNTS["scan batch"]):
        scan_batch(runner_ids=ids[:1], notify=False)
    with django_assert_num_queries(QUERY_COUNTS["scan batch"]):
        scan_batch(runner_ids=ids, notify=False)


def test_physios_staff_and_inactive_accounts_are_not_scanned(physio, frozen):
    inactive = RunnerFactory(is_active=False)
    log_symptom(inactive, "leg_pain")
    assert scan_batch(runner_ids=[inactive.id, physio.id]).runners == 0
    assert not Flag.objects.exists()


def test_runner_id_pages_cover_every_runner_once(db, physio):
    runners = RunnerFactory.create_batch(5)
    pages = list(runner_id_pages(batch_size=2))
    assert [len(p) for p in pages] == [2, 2, 1]
    assert sorted(i for p in pages for i in p) == sorted(r.id for r in runners)


def test_the_nightly_scan_queues_one_task_per_page(db, settings, monkeypatch):
    settings.MONITORING_BATCH_SIZE = 2
    RunnerFactory.create_batch(5)
    queued = []
    monkeypatch.setattr(tasks.scan_batch, "delay", lambda ids: queued.append(ids))
    assert tasks.nightly_scan() == 3
    assert [len(ids) for ids in queued] == [2, 2, 1]


def test_every_task_is_late_acked_retried_on_transient_errors_and_time_limited():
    from django.db import OperationalError
    from kombu.exceptions import OperationalError as KombuOperationalError
    from redis.exceptions import ConnectionError as RedisConnectionError

    for task in (
        tasks.check_runner,
        tasks.scan_batch,
        tasks.nightly_scan,
        tasks.send_due_checkins,
        tasks.send_daily_reminders,
    ):
        assert task.acks_late is True
        assert {OperationalError, KombuOperationalError, RedisConnectionError} <= set(task.autoretry_for)
        assert task.retry_backoff
        assert task.time_limit
        assert task.soft_time_limit < task.time_limit
    assert tasks.check_runner.name == "monitoring.check_runner"


# --- check-ins -----------------------------------------------------------------------------------------
def test_the_scan_creates_one_check_in_per_recent_run(runner, frozen):
    started = NOW - dt.timedelta(hours=3)
    recent = TrainingSessionFactory(runner=runner, day=TODAY, started_at=started, duration_s=3600)
    TrainingSessionFactory(runner=runner, day=TODAY - dt.timedelta(days=5))  # too old
    TrainingSessionFactory(runner=runner, day=TODAY, session_type="strength")  # not a run
    scan_batch(runner_ids=[runner.id])
    scan_batch(runner_ids=[runner.id])
    checkin = CheckIn.objects.get()
    assert checkin.session == recent
    assert checkin.due_at == started + dt.timedelta(hours=24)  # 24 hours after the start, not after logging


@pytest.mark.parametrize(
    ("zone", "due"),
    [
        ("Europe/London", dt.datetime(2026, 3, 11, 0, 0, tzinfo=dt.UTC)),  # midnight in London (GMT)
        ("Pacific/Auckland", dt.datetime(2026, 3, 10, 11, 0, tzinfo=dt.UTC)),  # midnight in Auckland (NZDT, +13)
        ("America/New_York", dt.datetime(2026, 3, 11, 4, 0, tzinfo=dt.UTC)),  # midnight in New York (EDT, -4)
    ],
)
def test_a_run_without_a_start_time_is_due_at_the_end_of_its_local_day(frozen, zone, due):
    runner = RunnerFactory(time_zone=zone)
    TrainingSessionFactory(runner=runner, day=dt.date(2026, 3, 10), started_at=None)
    result = scan_batch(runner_ids=[runner.id], notify=False)
    assert result.checkins_created == 1
    assert CheckIn.objects.get(runner=runner).due_at == due


def test_the_check_in_counter_counts_only_rows_really_inserted(runner, frozen, monkeypatch):
    session = TrainingSessionFactory(runner=runner, day=TODAY)
    other = TrainingSessionFactory(runner=runner, day=TODAY - dt.timedelta(days=1))
    real_insert = checkins.checkins_insert

    def another_scan_inserts_one_first(rows, **kwargs):
        CheckIn.objects.create(runner=runner, session=session, run_day=TODAY, due_at=NOW)
        return real_insert(rows, **kwargs)

    monkeypatch.setattr(checkins, "checkins_insert", another_scan_inserts_one_first)
    assert scan_batch(runner_ids=[runner.id], notify=False).checkins_created == 1  # not 2
    assert CheckIn.objects.filter(session=session).count() == 1
    assert CheckIn.objects.filter(session=other).count() == 1


def test_a_not_settled_answer_opens_the_flag(runner, frozen, django_capture_on_commit_callbacks, monkeypatch):
    from monitoring import queueing

    monkeypatch.setattr(queueing, "_send", lambda runner_id: tasks.check_runner(runner_id))
    session = TrainingSessionFactory(runner=runner, day=TODAY - dt.timedelta(days=1))
    scan_batch(runner_ids=[runner.id])
    checkin = CheckIn.objects.get(session=session)
    with django_capture_on_commit_callbacks(execute=True):
        checkin_answer(checkin=checkin, settled=False)
    flag = Flag.objects.get(runner=runner)
    assert flag.kind == "not_settling_24h"
    assert flag.evidence["checkins_not_settled"] == ["2026-03-10"]


def test_a_flag_whose_email_failed_is_announced_by_the_next_scan(
    runner, frozen, monkeypatch, announced, django_capture_on_commit_callbacks
):
    from monitoring import emails

    log_symptom(runner, "leg_pain")
    real_send = emails.send_flag_opened_to_runner
    monkeypatch.setattr(emails, "send_flag_opened_to_runner", lambda flag: (_ for _ in ()).throw(OSError("SMTP down")))
    with django_capture_on_commit_callbacks(execute=True):
        scan_batch(runner_ids=[runner.id])
    assert Flag.objects.get(runner=runner).notified_at is None
    assert announced == []  # not announced while its runner has not been told
    monkeypatch.setattr(emails, "send_flag_opened_to_runner", real_send)
    assert flags_notify_pending(runner_ids=[runner.id]) == 1
    assert [m.to for m in mail.outbox] == [[runner.email]]
    assert announced == [("opened", Flag.objects.get(runner=runner).pk)]


def test_a_second_nightly_scan_the_same_night_queues_nothing(db, settings, monkeypatch):
    settings.MONITORING_BATCH_SIZE = 2
    RunnerFactory.create_batch(3)
    queued = []
    monkeypatch.setattr(tasks.scan_batch, "delay", lambda ids: queued.append(ids))
    assert tasks.nightly_scan() == 2
    assert tasks.nightly_scan() == 0  # a second beat started by mistake
    assert len(queued) == 2


def test_a_claim_left_by_a_dead_scan_is_taken_over_once_stale(db):
    import datetime as dt

    now = dt.datetime(2026, 11, 25, 2, 15, tzinfo=dt.UTC)
    first = scan_night_claim(now=now, stale_after=dt.timedelta(minutes=5))
    assert first is not None  # claimed, then the task died before queuing every batch
    assert scan_night_claim(now=now + dt.timedelta(minutes=1), stale_after=dt.timedelta(minutes=5)) is None
    assert scan_night_claim(now=now + dt.timedelta(minutes=6), stale_after=dt.timedelta(minutes=5))
    scan_night_queued(claim=first, batches=4)
    assert scan_night_claim(now=now + dt.timedelta(hours=1), stale_after=dt.timedelta(minutes=5)) is None


# --- re-evaluation: open flags stay true ---------------------------------------------------------------
def scan(runner):
    return scan_batch(runner_ids=[runner.id], notify=False)


def test_an_open_flags_evidence_shows_the_current_figures_after_more_is_logged(runner, frozen):
    for n in (1, 3, 5):
        EntryFactory(runner=runner, day=TODAY - dt.timedelta(days=n), pain=3, sleep_disturbed=True)
    scan(runner)
    flag = Flag.objects.get(runner=runner, kind="night_pain")
    assert flag.evidence["nights_last_7"] == 3
    for n in (0, 2):
        EntryFactory(runner=runner, day=TODAY - dt.timedelta(days=n), pain=3, sleep_disturbed=True)
    result = scan(runner)
    assert result.updated == 1
    flag.refresh_from_db()
    assert (flag.status, flag.evidence["nights_last_7"]) == ("open", 5)
    assert Flag.objects.filter(runner=runner).count() == 1


def test_a_training_flag_closes_itself_when_an_import_shows_the_run_was_not_a_jump(runner, frozen):
    EntryFactory(runner=runner, day=TODAY - dt.timedelta(days=40), pain=1)
    EntryFactory(runner=runner, day=TODAY - dt.timedelta(days=1), pain=4)
    TrainingSessionFactory(runner=runner, day=TODAY - dt.timedelta(days=20), distance_m=10_000)
    TrainingSessionFactory(runner=runner, day=TODAY - dt.timedelta(days=1), distance_m=15_000)
    scan(runner)
    flag = Flag.objects.get(runner=runner, kind="load_spike")
    assert flag.evidence["run_spikes"][0]["increase_pct"] == 50.0
    # the runner imports their watch history: a longer run 10 days before
    TrainingSessionFactory(runner=runner, day=TODAY - dt.timedelta(days=10), distance_m=16_000, source="fit")
    result = scan(runner)
    assert result.closed == 1
    flag.refresh_from_db()
    assert (flag.status, flag.close_reason, flag.resolve_note) == (
        "resolved",
        "no_longer_seen",
        "No longer seen in your journal.",
    )
    assert flag.evidence["run_spikes"][0]["increase_pct"] == 50.0  # what it was opened for stays on record
    assert [e["action"] for e in flag.history] == ["closed"]


def test_a_review_flag_closes_itself_when_pain_comes_back_down(runner, frozen, time_machine):
    log_rising_weeks(runner, means=(2, 2, 5))
    scan(runner)
    assert open_kinds(runner) == ["worsening_week_on_week"]
    monday = TODAY - dt.timedelta(days=TODAY.weekday())
    for d in range(7):
        EntryFactory(runner=runner, day=monday + dt.timedelta(days=d), pain=2)
    time_machine.move_to(NOW + dt.timedelta(days=7), tick=False)  # the week of 2s is now complete
    scan(runner)
    assert open_kinds(runner) == []
    assert Flag.objects.get(runner=runner).close_reason == "no_longer_seen"


def test_the_runner_sees_why_a_flag_closed_itself(client, runner, frozen):
    flag = Flag.objects.create(runner=runner, kind="not_freeing_up", severity="advisory", evidence={"last_day": "x"})
    scan(runner)
    flag.refresh_from_db()
    assert flag.status == "resolved"
    client.force_login(runner)
    html = client.get("/flags/").content.decode()
    assert "Back not freeing up:" in html
    assert "no longer seen in your journal (11 March 2026)" in html


def test_an_urgent_flag_stays_open_when_its_sign_leaves_the_window(runner, frozen, time_machine):
    log_symptom(runner, "fever")
    scan(runner)
    time_machine.move_to(NOW + dt.timedelta(days=30), tick=False)
    result = scan(runner)
    assert result.closed == 0
    assert open_kinds(runner) == ["serious_cause_signs"]


def test_an_urgent_flag_closes_by_a_clinicians_acknowledgement(runner, physio, frozen):
    log_symptom(runner, "bladder_bowel")
    scan(runner)
    flag = Flag.objects.get(runner=runner)
    assert not flag_dismiss(flag=flag, by=runner, note="I feel fine")  # not by the runner's dismissal
    flag_acknowledge(flag=flag, runner_id=runner.id, by=physio, note="Sent to A&E")
    flag.refresh_from_db()
    assert (flag.status, flag.close_reason) == ("acknowledged", "clinician")
    assert [(e["action"], e["by"], e["note"]) for e in flag.history] == [("acknowledged", "Pat Physio", "Sent to A&E")]
    assert open_kinds(runner) == []
    scan(runner)
    assert open_kinds(runner) == []  # the same evidence does not reopen it


def test_a_runner_with_a_linked_physio_cannot_record_an_assessment_in_the_service(runner, physio, frozen):
    CareLink.objects.create(runner=runner, physio=physio, status="active")
    log_symptom(runner, "fever")
    scan(runner)
    flag = Flag.objects.get(runner=runner)
    assert not flag_record_assessment(flag=flag, by=runner, assessed_on=TODAY, note="")
    flag.refresh_from_db()
    assert flag.status == "open"
