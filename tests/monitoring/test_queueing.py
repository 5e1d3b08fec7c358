"""A save queues a check of the runner after commit, and never when the transaction rolls back."""

from __future__ import annotations

import pytest
from django.db import transaction

from journal import services as journal_services
from journal.models import Entry
from monitoring import queueing
from monitoring.checkins import checkin_answer
from monitoring.models import CheckIn
from monitoring.scan import scan_batch
from tests.factories import TrainingSessionFactory

from .conftest import TODAY

pytestmark = pytest.mark.django_db


class FakeApp:
    def __init__(self, fail: bool = False) -> None:
        self.sent: list[tuple[str, list]] = []
        self.fail = fail

    def send_task(self, name, args, **options):
        assert options == {"ignore_result": True}
        if self.fail:
            raise ConnectionError("broker down")
        self.sent.append((name, args))


@pytest.fixture
def broker(monkeypatch):
    app = FakeApp()
    monkeypatch.setattr(queueing, "current_app", app)
    return app


def test_saving_an_entry_through_the_journal_queues_a_check_of_that_runner_after_commit(
    runner, broker, django_capture_on_commit_callbacks
):
    # Through the journal's own service: its journal_changed signal is what makes monitoring queue the check.
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        journal_services.entry_create(runner=runner, day=TODAY, data={"pain": 4})
        assert broker.sent == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    assert broker.sent == [("monitoring.check_runner", [runner.id])]


def test_a_run_and_a_one_tap_pain_saved_through_the_journal_queue_a_check_each(
    runner, broker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        journal_services.session_create(runner=runner, data={"day": TODAY, "distance_m": 5000, "duration_s": 1800})
    with django_capture_on_commit_callbacks(execute=True):
        journal_services.entry_log_pain_undoable(runner=runner, day=TODAY, pain=3)
    assert broker.sent == [("monitoring.check_runner", [runner.id])] * 2


def test_nothing_is_queued_when_the_save_rolls_back(runner, broker, django_capture_on_commit_callbacks):
    def save_that_fails():
        with transaction.atomic():
            journal_services.entry_create(runner=runner, day=TODAY, data={"pain": 4})
            raise RuntimeError("the save failed")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        save_that_fails()
    assert callbacks == []
    assert broker.sent == []
    assert not Entry.objects.exists()


def test_a_broker_error_does_not_break_the_save(runner, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(queueing, "current_app", FakeApp(fail=True))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        Entry.objects.create(runner=runner, day=TODAY, pain=4)
        queueing.queue_runner_check(runner.id)
    assert Entry.objects.filter(runner=runner).exists()


def test_answering_a_check_in_queues_a_check_after_commit(runner, broker, frozen, django_capture_on_commit_callbacks):
    session = TrainingSessionFactory(runner=runner, day=TODAY)
    scan_batch(runner_ids=[runner.id])
    checkin = CheckIn.objects.get(session=session)
    with django_capture_on_commit_callbacks(execute=True):
        checkin_answer(checkin=checkin, settled=True)
    assert broker.sent == [("monitoring.check_runner", [runner.id])]
