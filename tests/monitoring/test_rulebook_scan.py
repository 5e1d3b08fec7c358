"""The scan with the rulebook's rules: signs that get worse are announced again, and standing conditions
(the runner's profile) open a flag once and never reopen one a clinician has cleared until something changes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from accounts.models import User
from monitoring.flags import flag_dismiss, flag_resolve
from monitoring.models import Flag, FlagStatus
from monitoring.scan import scan_batch

from .conftest import NOW, TODAY, log_symptom

pytestmark = pytest.mark.django_db


def scan(runner, capture):
    with capture(execute=True):
        return scan_batch(runner_ids=[runner.id])


def open_kinds(runner):
    return sorted(Flag.objects.filter(runner=runner, status=FlagStatus.OPEN).values_list("kind", flat=True))


# --- signs that get worse while a flag is open ---------------------------------------------------------
def test_a_new_emergency_sign_on_an_open_flag_tells_the_runner_again_and_announces_it(
    runner, frozen, announced, django_capture_on_commit_callbacks
):
    """The runner's side; the physio's mail about the same flag: tests/clinic/test_flag_mail.py."""
    log_symptom(runner, "both_legs", day=TODAY - dt.timedelta(days=1))
    scan(runner, django_capture_on_commit_callbacks)
    flag = Flag.objects.get(runner=runner)
    assert [m.to for m in mail.outbox] == [[runner.email]]
    assert announced == [("opened", flag.pk)]
    mail.outbox.clear()

    log_symptom(runner, "bladder_bowel", "both_legs")  # today: bladder trouble as well
    result = scan(runner, django_capture_on_commit_callbacks)
    assert (result.opened, result.worse) == (0, 1)
    (to_runner,) = mail.outbox
    assert to_runner.to == [runner.email]
    assert to_runner.subject == "[Backtrack] More warning signs: Urgent: Emergency warning signs logged"
    assert "more warning signs since this flag opened" in to_runner.body
    assert "bladder" in to_runner.body.lower()
    assert announced == [("opened", flag.pk), ("worse", flag.pk)]
    flag.refresh_from_db()
    assert flag.status == "open"
    assert [e["action"] for e in flag.history] == ["worse"]
    assert {s for d in flag.evidence["days"] for s in d["symptoms"]} == {"both_legs", "bladder_bowel"}

    mail.outbox.clear()
    scan(runner, django_capture_on_commit_callbacks)  # nothing new: nobody is told a third time
    assert mail.outbox == []
    assert len(announced) == 2


def test_the_same_signs_ticked_again_update_the_flag_without_telling_anyone_again(
    runner, frozen, announced, django_capture_on_commit_callbacks
):
    log_symptom(runner, "saddle_numbness", day=TODAY - dt.timedelta(days=1))
    scan(runner, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    log_symptom(runner, "saddle_numbness")
    result = scan(runner, django_capture_on_commit_callbacks)
    assert (result.updated, result.worse) == (1, 0)
    assert mail.outbox == []
    assert [kind for kind, _ in announced] == ["opened"]  # the first scan's only
    assert len(Flag.objects.get(runner=runner).evidence["days"]) == 2


# --- standing conditions -------------------------------------------------------------------------------
@pytest.fixture
def profile(runner):
    """The runner's standing conditions, as their health background page saves them (accounts.User)."""

    def set_conditions(*codes):
        User.objects.filter(pk=runner.pk).update(standing_conditions=list(codes))

    return set_conditions


def test_a_standing_condition_cleared_by_a_clinician_stays_closed_until_something_changes(
    runner, physio, frozen, time_machine, profile, django_capture_on_commit_callbacks
):
    profile("cancer_history")
    scan(runner, django_capture_on_commit_callbacks)
    flag = Flag.objects.get(runner=runner)
    assert (flag.kind, flag.severity, flag.evidence["standing"]) == (
        "serious_cause_signs",
        "urgent",
        ["cancer_history"],
    )
    flag_resolve(flag=flag, runner_id=runner.id, by=physio, note="Known history, reviewed today")

    for days_later in (1, 30, 120):  # the profile is the same for months: nothing reopens, however old the clearing
        time_machine.move_to(NOW + dt.timedelta(days=days_later), tick=False)
        scan(runner, django_capture_on_commit_callbacks)
        assert open_kinds(runner) == []

    profile("cancer_history", "infection_risk")  # a changed profile
    scan(runner, django_capture_on_commit_callbacks)
    assert open_kinds(runner) == ["serious_cause_signs"]


def test_a_new_sign_reopens_a_cleared_standing_condition_flag(
    runner, physio, frozen, time_machine, profile, django_capture_on_commit_callbacks
):
    profile("cancer_history")
    scan(runner, django_capture_on_commit_callbacks)
    flag_resolve(flag=Flag.objects.get(runner=runner), runner_id=runner.id, by=physio, note="Reviewed")
    time_machine.move_to(NOW + dt.timedelta(days=1), tick=False)
    log_symptom(runner, "weight_loss", day=TODAY + dt.timedelta(days=1))
    scan(runner, django_capture_on_commit_callbacks)
    assert open_kinds(runner) == ["serious_cause_signs"]


def test_leg_symptoms_with_cancer_in_the_profile_are_an_emergency(
    runner, frozen, profile, django_capture_on_commit_callbacks
):
    profile("cancer_history")
    log_symptom(runner, "leg_neuro")
    scan(runner, django_capture_on_commit_callbacks)
    emergency = Flag.objects.get(runner=runner, kind="emergency_symptoms")
    assert emergency.evidence["standing"] == ["cancer_history"]
    assert open_kinds(runner) == ["emergency_symptoms", "leg_symptoms"]


def test_old_daily_ticks_of_a_standing_condition_do_not_reopen_a_just_cleared_flag(
    runner, physio, frozen, time_machine, django_capture_on_commit_callbacks
):
    for back in (3, 2, 1):  # the daily entry used to ask it every day
        log_symptom(runner, "cancer_history", day=TODAY - dt.timedelta(days=back))
    scan(runner, django_capture_on_commit_callbacks)
    flag = Flag.objects.get(runner=runner)
    flag_resolve(flag=flag, runner_id=runner.id, by=physio, note="Reviewed")
    time_machine.move_to(NOW + dt.timedelta(days=1), tick=False)
    log_symptom(runner, "cancer_history", day=TODAY + dt.timedelta(days=1))  # ticked again the day after
    scan(runner, django_capture_on_commit_callbacks)
    assert open_kinds(runner) == []
    assert Flag.objects.filter(runner=runner).count() == 1


def test_the_scan_reads_no_more_queries_with_a_profile_field(runner, frozen, profile, django_assert_num_queries):
    from tests.query_counts import QUERY_COUNTS

    profile("fracture_risk")  # alone it opens nothing (a fall with it would): the reads only
    with django_assert_num_queries(QUERY_COUNTS["scan batch"]):
        assert scan_batch(runner_ids=[runner.id], notify=False).findings == 0


# --- a dismissed rolling trend ------------------------------------------------------------------------
def test_a_dismissed_worsening_flag_comes_back_only_after_a_whole_new_week_shows_it(
    runner, frozen, time_machine, django_capture_on_commit_callbacks
):
    from journal.models import Entry

    def log(first: dt.date, pains: list[int]) -> None:
        Entry.objects.bulk_create(
            [Entry(runner=runner, day=first + dt.timedelta(days=n), pain=p) for n, p in enumerate(pains)]
        )

    log(TODAY - dt.timedelta(days=48), [2] * 42 + [5] * 7)
    scan(runner, django_capture_on_commit_callbacks)
    flag = Flag.objects.get(runner=runner, kind="worsening_week_on_week")
    assert flag_dismiss(flag=flag, by=runner, note="My physio knows")
    for n in range(1, 8):  # still at 5 every day: the same worsening, not news
        time_machine.move_to(NOW + dt.timedelta(days=n), tick=False)
        log(TODAY + dt.timedelta(days=n), [5])
        scan(runner, django_capture_on_commit_callbacks)
        expected = ["worsening_week_on_week"] if n == 7 else []  # a whole week logged after the dismissal
        assert open_kinds(runner) == expected, n
